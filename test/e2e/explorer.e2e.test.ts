import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drain, listen } from '../../src/server.ts';
import { createApp } from '../../src/yoga.ts';
import { testDatabase } from '../helpers/database.ts';
import { loadKnowledgeBase } from '../helpers/knowledge-base.ts';

// Debian's chromium (installed by .ci/run); never a downloaded browser.
const executablePath = '/usr/bin/chromium';
const available = existsSync(executablePath);
if (!available && process.env.CI) throw new Error(`${executablePath} is missing: .ci/run installs it`);

const db = testDatabase();
let server: Server;
let browser: Browser;
let base: string;
const shots = 'test-results/screenshots';

type Explorer = {
  explorer: { cy: { nodes: () => { map: (f: (n: { id: () => string }) => string) => string[] } } };
};
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

describe.runIf(available)('the explorer in headless Chromium', () => {
  beforeAll(async () => {
    await build({ configFile: 'web/vite.config.ts', logLevel: 'warn' });
    await loadKnowledgeBase(db);
    server = await listen(createApp(db, { graphiql: false, introspection: true, debugRoundTrips: false }), {
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

  it('stays usable with 1,000 elements on the canvas', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(base);
    await page.waitForSelector('#timeline li');
    const ms = await page.evaluate(() => {
      const { cy } = (window as unknown as { explorer: { cy: import('cytoscape').Core } }).explorer;
      const started = performance.now();
      const elements: import('cytoscape').ElementDefinition[] = [];
      for (let i = 0; i < 600; i++) {
        elements.push({
          group: 'nodes',
          data: { id: `n${i}`, label: `Entity ${i} หน่วยงาน`, color: '#1f77b4', shape: 'ellipse' },
          position: { x: (i % 30) * 60, y: Math.floor(i / 30) * 60 },
        });
      }
      for (let i = 0; i < 400; i++) {
        elements.push({
          group: 'edges',
          data: { id: `e${i}`, source: `n${i}`, target: `n${(i * 7 + 1) % 600}`, type: 'PART_OF' },
        });
      }
      cy.add(elements);
      cy.fit();
      return performance.now() - started;
    });
    console.log(`1,000 elements added and fitted in ${Math.round(ms)} ms`);
    // Still responsive: a toolbar click and a selection both take effect.
    await page.click('#fit');
    await page.evaluate(() => (window as unknown as Explorer).explorer.cy.nodes().map((n) => n.id()));
    expect(await nodeCount(page)).toBe(600);
    await page.screenshot({ path: `${shots}/thousand.png` });
    await page.close();
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
    const graphiql = await listen(
      createApp(db, { graphiql: true, introspection: true, debugRoundTrips: false }),
      {
        port: 0,
      },
    );
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

  it('says clearly when the API is down, and retries', async () => {
    const page = await browser.newPage();
    await page.goto(base);
    await page.waitForSelector('#timeline li');
    await drain(server, 500);
    await page.fill('#search-input', 'ITU');
    await page.locator('#error').waitFor({ state: 'visible' });
    expect(await page.textContent('#error-text')).toMatch(/Cannot reach the API/);
    await page.screenshot({ path: `${shots}/api-down.png` });
    await page.click('#error-retry');
    await page.locator('#error').waitFor({ state: 'visible' });
    await page.close();
  });
});
