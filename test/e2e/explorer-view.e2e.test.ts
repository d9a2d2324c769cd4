import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Core } from 'cytoscape';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplesDir } from '../../src/graphiql-examples.ts';
import { recordRelease } from '../../src/releases/releases.ts';
import { createApp, testOptions } from '../../src/yoga.ts';
import { testDatabase } from '../helpers/database.ts';
import { loadKnowledgeBase, resolutionDir } from '../helpers/knowledge-base.ts';
import { browserSession, chromiumAvailable } from '../helpers/reader.ts';

/**
 * What a new analyst sees (issue 38, point 4): nothing covers anything else, labels that can be
 * read, counts that follow the filters, a shared link that shows what it showed, entities placed
 * apart, GraphiQL on an example, and "What's new" on a release since which something changed.
 * The resolution alone, in a data directory of this file's own (its releases are recorded here).
 */
const db = testDatabase();
const dir = resolutionDir();
let session: Awaited<ReturnType<typeof browserSession>>;
let base: string;
let browser: Browser;
const shots = 'test-results/screenshots';

type Explorer = { explorer: { cy: Core } };
const idle = (page: Page) => page.waitForFunction(() => document.getElementById('busy')?.textContent === '');

/** Thailand from a search, then its neighbours: the view most analysts start from. */
async function thailandExpanded(page: Page): Promise<void> {
  await page.goto(base);
  await page.waitForSelector('#timeline li');
  await page.fill('#search-input', 'Thailand');
  await page.locator('#search-results button[data-id="thailand"]').click();
  await page.locator('#details h3', { hasText: 'Thailand' }).waitFor();
  await page.click('#expand');
  await page.waitForFunction(() => (window as unknown as Explorer).explorer.cy.nodes().length > 5);
  await idle(page);
  await page.waitForFunction(() => !(window as unknown as Explorer).explorer.cy.animated());
}

/**
 * What covers what: the page's parts (toolbar, legend, start page, canvas, side panels, timeline)
 * two by two, each node's box on the canvas against the parts over the canvas, and each timeline
 * card against its strip and the window. Empty when nothing does.
 */
const coverings = (page: Page) =>
  page.evaluate(() => {
    const problems: string[] = [];
    type Box = { left: number; top: number; right: number; bottom: number };
    const meets = (a: Box, b: Box) =>
      Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 &&
      Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
    const parts = Object.entries({
      top: '.top',
      toolbar: '.toolbar',
      legend: '#legend',
      start: '#start',
      canvas: '#cy',
      side: '.side',
      timeline: '.timeline',
    })
      .map(([name, selector]) => ({ name, element: document.querySelector(selector) as HTMLElement }))
      .filter(({ element }) => element.checkVisibility())
      .map(({ name, element }) => ({ name, box: element.getBoundingClientRect() }));
    for (const { name, box } of parts)
      if (box.top < 0 || box.left < 0 || box.bottom > innerHeight + 0.5 || box.right > innerWidth + 0.5)
        problems.push(`${name} is outside the window`);
    for (const [i, a] of parts.entries())
      for (const b of parts.slice(i + 1)) {
        // The start page stands on the empty canvas, inside it.
        if (a.name === 'start' && b.name === 'canvas') continue;
        if (meets(a.box, b.box)) problems.push(`${a.name} covers ${b.name}`);
      }
    const { cy } = (window as unknown as { explorer: { cy: Core } }).explorer;
    const canvas = (cy.container() as HTMLElement).getBoundingClientRect();
    const over = parts.filter(({ name }) => !['canvas', 'side', 'top', 'timeline'].includes(name));
    cy.nodes(':visible').forEach((node) => {
      const r = node.renderedBoundingBox({ includeLabels: true });
      const box = {
        left: Math.max(canvas.left + r.x1, canvas.left),
        right: Math.min(canvas.left + r.x2, canvas.right),
        top: Math.max(canvas.top + r.y1, canvas.top),
        bottom: Math.min(canvas.top + r.y2, canvas.bottom),
      };
      if (box.right <= box.left || box.bottom <= box.top) return; // out of view
      for (const part of over) if (meets(box, part.box)) problems.push(`${part.name} covers ${node.id()}`);
    });
    const strip = document.getElementById('timeline') as HTMLElement;
    const shown = strip.getBoundingClientRect();
    const stripBottom = Math.min(shown.top + strip.clientHeight, innerHeight);
    for (const card of strip.querySelectorAll('button')) {
      const box = card.getBoundingClientRect();
      if (box.left >= shown.right || box.right <= shown.left) continue; // scrolled out of the strip
      if (box.top < shown.top - 0.5 || box.bottom > stripBottom + 0.5)
        problems.push(`timeline card ${card.textContent} is cut`);
      for (const part of card.children)
        if (part.getBoundingClientRect().bottom > box.bottom + 0.5)
          problems.push(`timeline card ${card.textContent} cuts its text`);
    }
    return problems;
  });

describe.runIf(chromiumAvailable)('the explorer as a new analyst sees it', () => {
  beforeAll(async () => {
    // The explorer is built by test/helpers/explorer-build.ts.
    await loadKnowledgeBase(db, dir);
    await recordRelease(db, 'e2e-before-overlap', dir);
    session = await browserSession(createApp(db, { ...testOptions, graphiql: true, dataDir: dir }));
    ({ base, browser } = session);
    mkdirSync(shots, { recursive: true });
  });

  afterAll(async () => {
    await session?.close();
    await loadKnowledgeBase(db); // the run's knowledge base again, for the files after this one
    await db.close();
  });

  for (const [width, height] of [
    [1400, 900],
    [1280, 720],
  ] as const) {
    it(`covers nothing with anything at ${width}×${height}, on the start page and on a graph`, async () => {
      const page = await browser.newPage({ viewport: { width, height } });
      try {
        await page.goto(base);
        await page.locator('#start li').first().waitFor();
        await page.waitForSelector('#timeline li');
        expect(await coverings(page)).toEqual([]);
        await page.screenshot({ path: `${shots}/view-start-${width}.png` });
        await thailandExpanded(page);
        expect(await page.isVisible('#start')).toBe(false);
        expect(await coverings(page)).toEqual([]);
        await page.screenshot({ path: `${shots}/view-graph-${width}.png` });
      } finally {
        await page.close();
      }
    });
  }

  it('writes labels readable at the zoom it picks, and the details without internal keys', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    try {
      await thailandExpanded(page);
      const labels = await page.evaluate(() => {
        const { cy } = (window as unknown as Explorer).explorer;
        return cy.nodes().map((node) => ({
          ...(node.data('entity') as { name: string; nameTh: string | null }),
          label: node.data('label') as string,
          px: node.numericStyle('font-size') * cy.zoom(),
          wrap: node.style('text-wrap') as string,
        }));
      });
      expect(labels.length).toBeGreaterThan(20);
      for (const { name, nameTh, label, px, wrap } of labels) {
        expect(px).toBeGreaterThanOrEqual(11);
        // Lines of the label, which Cytoscape shows as they are (wrap cuts nothing).
        expect(wrap).toBe('wrap');
        // The name, less the spaces where the lines break, and cut only past 30 characters.
        const bare = (text: string) => text.replace(/\s+/g, '');
        const lines = label.split('\n');
        const english = bare((nameTh ? lines.slice(0, -1) : lines).join('').replace(/…$/, ''));
        expect({ name, english: bare(name).startsWith(english) }).toEqual({ name, english: true });
        expect(english.length).toBeGreaterThanOrEqual(Math.min(bare(name).length, 26));
      }
      // The details: no search keys among the properties, and a space before "Read in source".
      const keys = await page.locator('#details .props th').allTextContents();
      expect(keys.filter((key) => /^search|^nameKey$|^hash$/.test(key))).toEqual([]);
      const cited = page.locator('#details .provenance li').first();
      expect(await cited.textContent()).toMatch(/ — section [\d.]+ Read in source$/);
      const gap = await cited.evaluate((li) => {
        // The citation's last line: it may take several.
        const cite = [...(li.querySelector('cite') as HTMLElement).getClientRects()].at(-1) as DOMRect;
        const read = (li.querySelector('.read-source') as HTMLElement).getBoundingClientRect();
        return read.top >= cite.bottom - 1 ? 'next line' : read.left - cite.right;
      });
      if (gap !== 'next line') expect(gap).toBeGreaterThanOrEqual(2);
    } finally {
      await page.close();
    }
  });

  it('counts what the type filters leave, and a shared link shows exactly that view again', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const again = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    try {
      await thailandExpanded(page);
      const all = await viewOf(page);
      expect(all.counts).toBe(`${all.nodes.length} entities · ${all.edges.length} relations`);

      await page.locator('#legend input[data-type="Meeting"]').uncheck();
      const filtered = await viewOf(page);
      const hidden = all.nodes.length - filtered.shownNodes;
      expect(hidden).toBeGreaterThan(0);
      expect(filtered.shownEdges).toBeLessThan(all.edges.length);
      expect(filtered.counts).toBe(
        `${filtered.shownNodes} entities · ${filtered.shownEdges} relations (${hidden} hidden by the filters)`,
      );

      // An expansion shows the hub's relations only: the link must not add those among the others.
      await again.goto(page.url());
      await again.waitForFunction(() => document.getElementById('counts')?.textContent?.includes('hidden'));
      await idle(again);
      expect(await viewOf(again)).toEqual(filtered);
      expect(await again.evaluate(() => location.hash)).toBe(new URL(page.url()).hash);
    } finally {
      await page.close();
      await again.close();
    }
  });

  it('places the two ends of a relation apart from each other and from what is there', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    try {
      await page.goto(base);
      await page.fill('#search-input', 'ITU');
      await page.locator('#search-results button[data-id="itu"]').click();
      await page.locator('#details h3', { hasText: 'International Telecommunication Union' }).waitFor();
      // From the reader's list of facts, as Show in graph after a save does (both placeAndClose).
      await page.click('#sources');
      await page.locator('#sources-list button', { hasText: 'Results of the 4th' }).click();
      await page.locator('#reader-text mark').first().waitFor();
      expect(await page.isVisible('#sources-list')).toBe(false);
      const relation = page.locator('#reader-facts button', { hasText: '→' }).first();
      const marks = page.locator('#reader-text mark');
      for (let at = 0; (await relation.count()) === 0; at += 1) await marks.nth(at).click();
      await relation.click();
      await page.waitForFunction(() => (window as unknown as Explorer).explorer.cy.nodes().length >= 3);
      await idle(page);
      await page.waitForFunction(() => !(window as unknown as Explorer).explorer.cy.animated());
      // The worst overlap of two entities' boxes with their labels, in model pixels.
      const worst = await page.evaluate(() => {
        const { cy } = (window as unknown as Explorer).explorer;
        const boxes = cy.nodes().map((node) => node.boundingBox({ includeLabels: true }));
        let max = 0;
        for (const [i, a] of boxes.entries())
          for (const b of boxes.slice(i + 1)) {
            const x = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
            const y = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
            if (x > 0 && y > 0) max = Math.max(max, Math.min(x, y));
          }
        return max;
      });
      expect(worst).toBeLessThanOrEqual(4);
      await page.screenshot({ path: `${shots}/view-placed.png` });
    } finally {
      await page.close();
    }
  });

  it('opens GraphiQL on the example questions, the first one shown', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    try {
      await page.goto(`${base}/graphql`);
      await page.locator('.graphiql-container').first().waitFor({ timeout: 30_000 });
      const first = readFileSync(join(examplesDir, '01-thailand-ict-fund.graphql'), 'utf8');
      const operation = /query (\w+)/.exec(first)?.[1] as string;
      await page.locator('.graphiql-tab', { hasText: operation }).first().waitFor();
      expect(await page.locator('.graphiql-tab').count()).toBe(13);
      // The editor writes spaces as no-break spaces, one element a line.
      const editor = ((await page.locator('.graphiql-query-editor').first().textContent()) ?? '').replace(
        /\s+/g,
        ' ',
      );
      expect(editor).toContain(`query ${operation} {`);
      expect(editor).not.toMatch(/Welcome to GraphiQL/);
      await page.screenshot({ path: `${shots}/view-graphiql.png` });
    } finally {
      await page.close();
    }
  });

  it("opens What's new on the newest release since which something changed", async () => {
    // A source joins after the first release; a second release records the graph as it now is.
    cpSync(join(import.meta.dirname, '../fixtures/kb-overlap'), dir, { recursive: true });
    await loadKnowledgeBase(db, dir);
    await recordRelease(db, 'e2e-after-overlap', dir);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    try {
      await page.goto(base);
      await page.click('#whats-new');
      const dialog = page.locator('#whats-new-dialog');
      await dialog.locator('li.change').first().waitFor();
      const since = dialog.locator('#whats-new-since');
      expect(await since.locator('option').allTextContents()).toEqual([
        expect.stringMatching(/^e2e-after-overlap /),
        expect.stringMatching(/^e2e-before-overlap /),
      ]);
      expect(await since.inputValue()).toBe('e2e-before-overlap');
      expect(await dialog.locator('#whats-new-summary').textContent()).toMatch(
        /^Since e2e-before-overlap: entities: [1-9]\d* added/,
      );
      await dialog.locator('li.change', { hasText: 'fx-border-talks (Meeting)' }).waitFor();
      // The newest release is still there to pick, and says so.
      await since.selectOption('e2e-after-overlap');
      await dialog.locator('li.hint', { hasText: 'Nothing has changed since this release.' }).waitFor();
    } finally {
      await page.close();
    }
  });
});

/** The view as a reader sees it: what is on the canvas, what the filters leave, and the counts. */
const viewOf = (page: Page) =>
  page.evaluate(() => {
    const { cy } = (window as unknown as Explorer).explorer;
    const hidden = new Set(
      [...document.querySelectorAll<HTMLInputElement>('#legend input')]
        .filter((box) => !box.checked)
        .map((box) => box.dataset.type),
    );
    const shown = cy.nodes().filter((node) => !hidden.has(node.data('type')));
    return {
      nodes: cy
        .nodes()
        .map((node) => node.id())
        .sort(),
      edges: cy
        .edges()
        .map((edge) => edge.id())
        .sort(),
      selected: cy.$('node:selected').map((node) => node.id()),
      hidden: [...hidden].sort(),
      shownNodes: shown.length,
      shownEdges: shown.edgesWith(shown).length,
      counts: document.getElementById('counts')?.textContent,
    };
  });
