import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Core, NodeSingular } from 'cytoscape';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataDir } from '../../src/facts/source-files.ts';
import { loadSource, removeSource } from '../../src/loader/load.ts';
import { drain, listen } from '../../src/server.ts';
import { createApp, testOptions } from '../../src/yoga.ts';
import { denseSource } from '../fixtures/dense-source.ts';
import { timelineSource } from '../fixtures/timeline-source.ts';
import { testDatabase } from '../helpers/database.ts';
import { loadResolution } from '../helpers/knowledge-base.ts';

// Debian's chromium (installed by .ci/run); never a downloaded browser.
const executablePath = '/usr/bin/chromium';
const available = existsSync(executablePath);
if (!available && process.env.CI) throw new Error(`${executablePath} is missing: .ci/run installs it`);

const db = testDatabase();
let server: Server;
let browser: Browser;
let base: string;
const shots = 'test-results/screenshots';

type Explorer = { explorer: { cy: Core } };
/** How long a step of the app may take before the test gives up on it. */
const timeout = 30_000;
const canvasIds = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as Explorer).explorer.cy
      .nodes()
      .map((n) => n.id())
      .sort(),
  );

async function nodeCount(page: Page): Promise<number> {
  return (await canvasIds(page)).length;
}

const canvasCounts = (page: Page) =>
  page.evaluate(() => {
    const { cy } = (window as unknown as Explorer).explorer;
    return { nodes: cy.nodes().length, edges: cy.edges().length };
  });

/** Whether every node on the canvas is inside the visible part of it. */
const allInView = (page: Page) =>
  page.evaluate(() => {
    const { cy } = (window as unknown as Explorer).explorer;
    const view = cy.extent();
    const nodes = cy.nodes().boundingBox();
    return nodes.x1 >= view.x1 && nodes.x2 <= view.x2 && nodes.y1 >= view.y1 && nodes.y2 <= view.y2;
  });

/** The dense fixture's names follow its ids: `e2e-dense-07` is "Dense country 07". */
const nameOf = (id: string) => `Dense country ${id.slice(-2)}`;

describe.runIf(available)('the explorer in headless Chromium', () => {
  beforeAll(async () => {
    // The explorer is built by test/helpers/explorer-build.ts; it shows the resolution alone.
    await loadResolution(db);
    server = await listen(createApp(db, testOptions), {
      port: 0,
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
    mkdirSync(shots, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    if (server?.listening) await drain(server, 500);
    await db.close();
  });

  let shared = '';

  it('searches in Thai, places Thailand, expands it and shows a Thai quote', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const started = performance.now();
    await page.goto(base);
    await page.waitForSelector('#timeline li');
    console.log(`first render (page and timeline): ${Math.round(performance.now() - started)} ms`);

    await page.fill('#search-input', 'ไทย');
    const result = page.locator('#search-results button[data-id="thailand"]');
    await result.waitFor();
    await expect(result.textContent()).resolves.toContain('ประเทศไทย');
    // Why it matched: the field, with the matched word marked.
    expect(await result.locator('.matched mark').first().textContent()).toBe('ไทย');
    await result.click();
    await page.waitForFunction(() =>
      (window as unknown as Explorer).explorer.cy
        .nodes()
        .map((n) => n.id())
        .includes('thailand'),
    );
    await page.locator('#details h3', { hasText: 'Thailand' }).waitFor();

    const expandStarted = performance.now();
    await page.click('#expand');
    await page.waitForFunction(
      () => (window as unknown as Explorer).explorer.cy.nodes().map((n) => n.id()).length > 5,
    );
    console.log(`neighbourhood expansion: ${Math.round(performance.now() - expandStarted)} ms`);
    expect(await nodeCount(page)).toBeGreaterThan(5);
    // Expanding ends by refreshing the details, which would close a quote opened before.
    await page.waitForFunction(() => document.getElementById('busy')?.textContent === '');

    const relation = page.locator('.relations li', { hasText: 'PROPOSED' }).first();
    await relation.locator('.source-toggle').click();
    const quote = relation.locator('blockquote');
    await quote.waitFor();
    expect(await quote.textContent()).toMatch(/ข้อเสนอของไทย/);
    expect(await relation.locator('cite').textContent()).toMatch(/9 July 2024 — section 2\.1\.3/);
    await page.screenshot({ path: `${shots}/explorer.png` });
    shared = page.url();
    await page.close();
  });

  it('finds the path Thailand → ITU, each hop with its source', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(base);
    await page.fill('#path-from', 'thailand');
    await page.fill('#path-to', 'itu');
    await page.click('#path-form button[type="submit"]');
    await page.locator('#path-result li blockquote').first().waitFor();
    const hops = await page.locator('#path-result > li strong').allTextContents();
    expect(hops).toEqual([
      "Thailand —ATTENDED→ 4th ASEAN Digital Ministers' Meeting and related meetings",
      "4th ADGMIN with dialogue partners —PART_OF→ 4th ASEAN Digital Ministers' Meeting and related meetings",
      'International Telecommunication Union —ATTENDED→ 4th ADGMIN with dialogue partners',
    ]);
    expect(await canvasIds(page)).toEqual(['adgmin-4', 'adgmin-4-dialogue-partners', 'itu', 'thailand']);
    await page.screenshot({ path: `${shots}/path.png` });
    await page.close();
  });

  it('opens the source from a relation at its quote, and a passage leads back to its facts', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(base);
    await page.fill('#search-input', 'Thailand');
    await page.locator('#search-results button[data-id="thailand"]').click();
    const relation = page.locator('.relations li', { hasText: 'PROPOSED' }).first();
    await relation.locator('.source-toggle').click();
    const quote = (await relation.locator('blockquote').textContent()) ?? '';
    // The entity and each relation can be copied as a citation for a report.
    expect(await page.locator('#details > .copy-citation').getAttribute('data-citation')).toMatch(
      /^Thailand \(Country\)\[\^1\]\n\n\[\^1\]: \*Results of the 4th/,
    );
    expect(await relation.locator('.copy-citation').getAttribute('data-citation')).toContain('—PROPOSED→');
    await relation.locator('.read-source').click();
    const focused = page.locator('#reader-text mark.focus');
    await focused.waitFor();
    expect(await page.locator('#reader').getAttribute('open')).not.toBeNull();
    // The highlighted passage is (part of) the relation's quote, shown in the full text.
    expect(quote.replace(/\s+/g, ' ')).toContain(
      ((await focused.textContent()) ?? '').replace(/\s+/g, ' ').trim(),
    );
    expect(await page.locator('#reader-text mark').count()).toBeGreaterThan(100);
    // The passage lists the facts it supports; one click puts a fact on the graph.
    const fact = page.locator('#reader-facts button').first();
    await fact.waitFor();
    await page.screenshot({ path: `${shots}/reader.png` });
    await fact.click();
    await page.waitForFunction(() => !(document.getElementById('reader') as HTMLDialogElement).open);
    expect((await canvasIds(page)).length).toBeGreaterThan(0);
    await page.close();
  });

  it('copies a path as a Markdown citation with one footnote per hop', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(base);
    await page.fill('#path-from', 'thailand');
    await page.fill('#path-to', 'itu');
    await page.click('#path-form button[type="submit"]');
    const citation = page.locator('#path-result .path-citation');
    await citation.waitFor();
    const markdown = await citation.inputValue();
    const footnotes = markdown.split('\n').filter((line) => /^\[\^\d\]: \*Results of the 4th/.test(line));
    expect(footnotes).toHaveLength(3);
    expect(markdown).toMatch(/^1\. Thailand —ATTENDED→ .+\[\^1\]$/m);
    expect(markdown).toContain('(9 July 2024), section 3-DP: “');
    await page.click('#copy-citation');
    await page.locator('#copy-citation', { hasText: /Copied|Ctrl\+C/ }).waitFor();
    await page.close();
  });

  it('takes names in Thai or English in the path finder, suggesting them as you type', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(base);
    await page.fill('#path-from', 'ไทย');
    await page.fill('#path-to', 'Telecommunication Union');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('#path-to-suggestions option')].some(
        (option) => (option as HTMLOptionElement).label === 'itu',
      ),
    );
    await page.click('#path-form button[type="submit"]');
    await page.locator('#path-result li blockquote').first().waitFor();
    expect(await canvasIds(page)).toEqual(['adgmin-4', 'adgmin-4-dialogue-partners', 'itu', 'thailand']);
    await page.fill('#path-to', 'no such thing qqq');
    await page.click('#path-form button[type="submit"]');
    await page.locator('#error-text', { hasText: 'No entity is named' }).waitFor();
    await page.close();
  });

  it('re-lays out 60 entities with no two labels overlapping', async () => {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ entities(first: 60) { nodes { id } } }' }),
    });
    const ids = (
      (await response.json()) as { data: { entities: { nodes: Array<{ id: string }> } } }
    ).data.entities.nodes.map((node) => node.id);
    expect(ids).toHaveLength(60);
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${base}/#n=${ids.join(',')}`);
    await page.waitForFunction(() => (window as unknown as Explorer).explorer.cy.nodes().length === 60);
    await page.waitForFunction(() => document.getElementById('busy')?.textContent === '');
    expect((await canvasCounts(page)).edges).toBeGreaterThan(20);
    await page.click('#relayout');
    // The worst overlap of two labels' boxes, in model pixels, from Cytoscape's own bounding boxes.
    const worst = await page.evaluate(() => {
      const { cy } = (window as unknown as Explorer).explorer;
      const boxes = cy
        .nodes()
        .map((node) => node.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true }));
      let max = 0;
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const [a, b] = [boxes[i], boxes[j]] as [(typeof boxes)[0], (typeof boxes)[0]];
          const x = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
          const y = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
          if (x > 0 && y > 0) max = Math.max(max, Math.min(x, y));
        }
      }
      return max;
    });
    console.log(`worst label overlap after re-layout of 60 entities: ${worst.toFixed(1)} px`);
    expect(worst).toBeLessThanOrEqual(4);
    await page.screenshot({ path: `${shots}/relayout.png` });
    await page.close();
  });

  it('starts with what is here: the sources and the most connected entities', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(base);
    const start = page.locator('#start');
    await start.locator('button', { hasText: 'Results of the 4th ASEAN Digital Ministers' }).waitFor();
    expect(await start.locator('li').count()).toBeGreaterThan(5);
    await page.screenshot({ path: `${shots}/start.png` });
    // A hub placed from it: the start page gives way to the canvas.
    await start.locator('button[data-id]').first().click();
    await start.waitFor({ state: 'hidden' });
    expect(await nodeCount(page)).toBe(1);
    await page.close();
  });

  it('keeps every panel inside the viewport at 1400×900 with 20 timeline items', async () => {
    const fixture = timelineSource();
    await loadSource(db, fixture, dataDir);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    try {
      await page.goto(base);
      await page.waitForFunction(() => document.querySelectorAll('#timeline li').length >= 20);
      const outside = await page.evaluate(() =>
        [...document.querySelectorAll('.top, .toolbar, #cy, .side .panel, .timeline, #legend')]
          .map((element) => ({ name: element.className || element.id, box: element.getBoundingClientRect() }))
          .filter(
            ({ box }) =>
              box.top < 0 || box.left < 0 || box.bottom > innerHeight + 1 || box.right > innerWidth + 1,
          )
          .map(({ name }) => name),
      );
      expect(outside).toEqual([]);
      // The canvas keeps most of the height, and the dates show their span.
      expect((await page.locator('#cy').boundingBox())?.height).toBeGreaterThan(450);
      expect(await page.locator('#timeline time').allTextContents()).toContain('1–2 March 2025 · held');
      await page.screenshot({ path: `${shots}/timeline.png` });
    } finally {
      await page.close();
      await removeSource(db, fixture.meta.id, dataDir);
    }
  });

  it('rebuilds the same view from a shared URL', async () => {
    expect(shared).toContain('#n=');
    const first = await browser.newPage();
    await first.goto(shared);
    await first.waitForFunction(
      () => (window as unknown as Explorer).explorer.cy.nodes().map((n) => n.id()).length > 5,
    );
    const ids = new URLSearchParams(new URL(shared).hash.slice(1)).get('n')?.split(',').sort();
    expect(await canvasIds(first)).toEqual(ids);
    await first.close();
  });

  it('rebuilds a shared view of more than 100 entities (ids go to the API in batches)', async () => {
    const rows = await db.read({
      name: 'test.someIds',
      cypher: 'MATCH (n:Entity) WHERE NOT n:Source RETURN n.id AS id ORDER BY n.id LIMIT 120',
    });
    const ids = rows.map((row) => row.id as string);
    expect(ids.length).toBe(120);
    const page = await browser.newPage();
    try {
      await page.goto(`${base}/#n=${ids.join(',')}`);
      await page.waitForFunction(
        () => (window as unknown as Explorer).explorer.cy.nodes().map((n) => n.id()).length >= 120,
        undefined,
        { timeout: 30_000 },
      );
      expect(await canvasIds(page)).toEqual([...ids].sort());
      // The counts are written once the relations among them are placed too.
      await page.waitForFunction(() =>
        document.querySelector('#counts')?.textContent?.startsWith('120 entities'),
      );
      expect(await page.isVisible('#error')).toBe(false);
      expect(await page.textContent('#counts')).toMatch(/^120 entities · [1-9]\d* relations$/);
    } finally {
      await page.close();
    }
  });

  it('stays usable with 1,000 elements placed through its own search, expansion and details', async () => {
    const dense = denseSource();
    const hub = dense.entities[0]?.id as string;
    await loadSource(db, dense, dataDir);
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    try {
      await page.goto(base);
      await page.waitForSelector('#timeline li');
      const started = performance.now();
      // Place the hub from a search, expand it (25 neighbours, then "More neighbours" for the other
      // 19), then place a related entity from the details panel: placing fetches the relations among
      // everything on the canvas, here all 990.
      await page.fill('#search-input', 'Dense country 00');
      await page.locator(`#search-results button[data-id="${hub}"]`).click();
      await expect.poll(() => page.textContent('#details h3'), { timeout }).toBe('Dense country 00');
      await page.click('#expand');
      await expect.poll(() => page.textContent('#counts'), { timeout }).toBe('26 entities · 25 relations');
      await page.click('#expand-more');
      await expect.poll(() => page.textContent('#counts'), { timeout }).toBe('45 entities · 44 relations');
      await page.locator('#details .relations button.link').first().click();
      await expect.poll(() => page.textContent('#counts'), { timeout }).toBe('45 entities · 990 relations');
      console.log(`1,035 elements placed through the app in ${Math.round(performance.now() - started)} ms`);
      expect(await canvasCounts(page)).toEqual({ nodes: 45, edges: 990 });
      expect(await page.isVisible('#error')).toBe(false);
      // The related entity placed last is selected and shown.
      const placed = await page.evaluate(() =>
        (window as unknown as Explorer).explorer.cy.$('node:selected').id(),
      );
      await expect.poll(() => page.textContent('#details h3'), { timeout }).toBe(nameOf(placed));

      // Zoomed in on the hub, most of the graph is off screen; Fit brings all of it back.
      await page.waitForFunction(() => !(window as unknown as Explorer).explorer.cy.animated());
      await page.evaluate((id) => {
        const { cy } = (window as unknown as Explorer).explorer;
        cy.zoom({ level: 3, position: cy.getElementById(id).position() });
      }, hub);
      expect(await allInView(page)).toBe(false);
      await page.click('#fit');
      expect(await allInView(page)).toBe(true);
      await page.screenshot({ path: `${shots}/thousand.png` });

      // A click on a node among 990 edges selects that node and opens its details. The node is one
      // the legend does not cover.
      const target = await page.evaluate(() => {
        const { cy } = (window as unknown as Explorer).explorer;
        const container = cy.container() as HTMLElement;
        const box = container.getBoundingClientRect();
        const at = (node: NodeSingular) => ({
          x: box.x + node.renderedPosition().x,
          y: box.y + node.renderedPosition().y,
        });
        const node = cy
          .nodes(':unselected')
          .filter((candidate) =>
            container.contains(document.elementFromPoint(at(candidate).x, at(candidate).y)),
          )
          .last() as NodeSingular;
        return { id: node.id(), ...at(node) };
      });
      await page.mouse.click(target.x, target.y);
      await expect.poll(() => page.textContent('#details h3'), { timeout }).toBe(nameOf(target.id));
      expect(
        await page.evaluate(() => (window as unknown as Explorer).explorer.cy.$('node:selected').id()),
      ).toBe(target.id);

      // Remove takes the node and its 44 relations; the counts follow the canvas.
      await page.click('#remove');
      await expect.poll(() => page.textContent('#counts'), { timeout }).toBe('44 entities · 946 relations');
      expect(await canvasCounts(page)).toEqual({ nodes: 44, edges: 946 });
      expect(await canvasIds(page)).not.toContain(target.id);

      // A search result still lands on the crowded canvas (Thailand has no relation to the fixture).
      await page.fill('#search-input', 'Thailand');
      await page.locator('#search-results button[data-id="thailand"]').click();
      await expect.poll(() => page.textContent('#counts'), { timeout }).toBe('45 entities · 946 relations');
      await expect.poll(() => page.textContent('#details h3'), { timeout }).toBe('Thailand');
      expect(await page.isVisible('#error')).toBe(false);

      await page.click('#clear');
      await expect.poll(() => page.textContent('#counts'), { timeout }).toBe('0 entities · 0 relations');
      expect(await canvasCounts(page)).toEqual({ nodes: 0, edges: 0 });
    } finally {
      await page.close();
      await removeSource(db, dense.meta.id, dataDir);
    }
  });

  it('shows which sources state an entity, where they disagree and, on demand, each claim', async () => {
    // A synthetic record of the meeting joins the real resolution and says it was held, not planned.
    await loadResolution(db, 'wg-as-record');
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const claimRequests: string[] = [];
    page.on('request', (request) => {
      if (request.postData()?.includes('query Claims')) claimRequests.push(request.url());
    });
    try {
      await page.goto(base);
      await page.waitForSelector('#timeline li');
      await page.fill('#search-input', 'WG-AS 1');
      await page.locator('#search-results button[data-id="wg-as-1"]').click();
      const details = page.locator('#details');
      await details.locator('.stated-by').waitFor();
      expect(await details.locator('.stated-by p').textContent()).toBe('Stated by 2 sources');
      const sources = await details.locator('.stated-by li').allTextContents();
      expect(sources).toHaveLength(2);
      expect(sources).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^Results of the 4th ASEAN Digital Ministers.*, 9 July 2024$/),
          expect.stringMatching(/^Synthetic record of the 1st WG-AS meeting.*, 20 March 2024$/),
        ]),
      );

      // The value shown is the record's (ranked preferred); status is marked, name is not.
      const status = details.locator('.props tr', { has: page.locator('th', { hasText: /^status$/ }) });
      expect(await status.locator('td').textContent()).toMatch(/^held /);
      await expect(status.getByRole('img', { name: 'Sources disagree' }).getAttribute('title')).resolves.toBe(
        'Sources disagree',
      );
      const city = details.locator('.props tr', { has: page.locator('th', { hasText: /^city$/ }) });
      expect(await city.locator('.conflict').count()).toBe(0);
      expect(claimRequests).toEqual([]);

      // Show claims asks for them once; a second click hides them, a third shows them again.
      const toggle = status.getByRole('button', { name: 'Show claims of status' });
      await toggle.click();
      const claims = details.locator('#claims-status li');
      await claims.first().waitFor();
      expect(claimRequests).toHaveLength(1);
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      const [planned, held] = await claims.allTextContents();
      // Each claim ends with its citation and a button that opens the source.
      expect(planned).toMatch(
        /^planned.*Results of the 4th ASEAN.*, 9 July 2024 — section 5\.1 Read in source$/,
      );
      expect(planned).not.toMatch(/shown|ranked/);
      expect(held).toMatch(
        /^held · shown · ranked preferred.*Synthetic record of the 1st WG-AS.*, 20 March 2024 — section 1 Read in source$/,
      );
      // Each quote is marked with its source's language.
      expect(
        await claims.locator('blockquote').evaluateAll((quotes) => quotes.map((q) => q.getAttribute('lang'))),
      ).toEqual(['th', 'en']);
      await claims.last().scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${shots}/claims.png` });
      await toggle.click();
      await details.locator('#claims-status').waitFor({ state: 'hidden' });
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      await toggle.click();
      await claims.first().waitFor();
      expect(claimRequests).toHaveLength(1);

      // In the order of the dates the steps describe: the resolution repeats February's plan.
      expect(await details.locator('.history li').allTextContents()).toEqual([
        expect.stringMatching(/^planned for March 2024 — Results of the 4th.*, 9 July 2024$/),
        expect.stringMatching(/^held 12–13 March 2024 — Synthetic record.*, 20 March 2024$/),
      ]);

      // The host is one relation with both sources' words.
      const hosted = details.locator('.relations li', { hasText: 'HOSTED_BY' });
      await hosted.getByRole('button', { name: 'Sources (2)' }).click();
      expect(await hosted.locator('blockquote').allTextContents()).toEqual([
        '(ครั้งที่ 1) ในเดือนมีนาคม 2567 ณ กัมพูชา',
        'Cambodia hosted the meeting.',
      ]);
      expect(await page.isVisible('#error')).toBe(false);
      // The longer timeline scrolls on its own; the page stays as wide as the window.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(1440);
    } finally {
      await page.close();
      await loadResolution(db);
    }
  });

  it("shows what's new since a release, cited, and places a new entity from it", async () => {
    // data/releases holds a release of the resolution; a synthetic source joins it afterwards.
    await loadResolution(db, 'kb-overlap');
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    try {
      await page.goto(base);
      await page.waitForSelector('#timeline li');
      await page.click('#whats-new');
      const dialog = page.locator('#whats-new-dialog');
      await dialog.locator('#whats-new-list li').first().waitFor();
      expect(await dialog.locator('#whats-new-since option').count()).toBeGreaterThan(0);
      expect(await dialog.locator('#whats-new-summary').textContent()).toMatch(
        /^Since .*: entities: \d+ added/,
      );
      const talks = dialog.locator('li.change', { hasText: 'fx-border-talks (Meeting)' });
      expect(await talks.locator('p').textContent()).toBe('+ entity fx-border-talks (Meeting)');
      expect(await talks.locator('q').allTextContents()).toEqual([
        'the Synthetic Border Digital Talks in Trat',
      ]);
      const thailand = dialog.locator('li.change', { hasText: 'thailand (Country)' });
      expect(await thailand.locator('p').textContent()).toBe('~ entity thailand (Country)');
      expect(await thailand.locator('li').allTextContents()).toContain(
        '+ claim synthetic-kb-overlap §1: Thailand and Cambodia will meet',
      );
      await page.screenshot({ path: `${shots}/whats-new.png` });
      await talks.getByRole('button', { name: 'fx-border-talks' }).click();
      await dialog.locator('#whats-new-close').click();
      await page.waitForFunction(
        () => (window as unknown as Explorer).explorer.cy.getElementById('fx-border-talks').length > 0,
        undefined,
        { timeout },
      );
      expect(await page.isVisible('#error')).toBe(false);
    } finally {
      await page.close();
      await loadResolution(db);
    }
  });

  it('keeps to its content security policy', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(base);
    await page.waitForSelector('#timeline li');
    await page.fill('#search-input', 'ITU');
    await page.locator('#search-results button').first().click();
    await page.waitForFunction(
      () => (window as unknown as Explorer).explorer.cy.nodes().map((n) => n.id()).length > 0,
    );
    expect(violations).toEqual([]);
    await page.close();
  });

  it('serves a working GraphiQL that loads nothing from another host', async () => {
    const graphiql = await listen(createApp(db, { ...testOptions, graphiql: true }), {
      port: 0,
    });
    const origin = `http://127.0.0.1:${(graphiql.address() as AddressInfo).port}`;
    const page = await browser.newPage();
    const elsewhere: string[] = [];
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(origin) && !/^(blob|data):/.test(url)) elsewhere.push(url);
    });
    try {
      await page.goto(`${origin}/graphql`);
      await page.locator('.graphiql-container').first().waitFor({ timeout: 30_000 });
      await page.screenshot({ path: `${shots}/graphiql.png` });
      expect(elsewhere).toEqual([]);
    } finally {
      await page.close();
      await drain(graphiql, 500);
    }
  });

  it('says clearly when the API is down, and Retry asks again until it is back', async () => {
    const page = await browser.newPage();
    await page.goto(base);
    await page.waitForSelector('#timeline li');
    const { port } = server.address() as AddressInfo;
    await drain(server, 500);
    let failed = 0;
    page.on('requestfailed', (request) => {
      if (new URL(request.url()).pathname === '/graphql') failed += 1;
    });
    await page.fill('#search-input', 'ITU');
    await page.locator('#error').waitFor({ state: 'visible' });
    expect(await page.textContent('#error-text')).toMatch(/Cannot reach the API/);
    await page.screenshot({ path: `${shots}/api-down.png` });

    // Still down: Retry sends the search again, and the message stays.
    const before = failed;
    await page.click('#error-retry');
    await expect.poll(() => failed, { timeout }).toBe(before + 1);
    await page.waitForFunction(() => document.getElementById('busy')?.textContent === '');
    expect(await page.isVisible('#error')).toBe(true);
    expect(await page.textContent('#error-text')).toMatch(/Cannot reach the API/);

    // Back on the same port: Retry runs the search, the message goes and the results come.
    server = await listen(createApp(db, testOptions), {
      port,
    });
    await page.click('#error-retry');
    await page.locator('#error').waitFor({ state: 'hidden' });
    await page.locator('#search-results button[data-id="itu"]').waitFor();
    expect(failed).toBe(before + 1);
    await page.close();
  });
});
