import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenStore } from '../../src/auth/tokens.ts';
import { dataDir } from '../../src/kb/source-files.ts';
import { drain, listen } from '../../src/server.ts';
import { createApp } from '../../src/yoga.ts';
import { testDatabase } from '../helpers/database.ts';
import { loadKnowledgeBase } from '../helpers/knowledge-base.ts';
import { select } from '../helpers/reader.ts';

// A curator imports a PDF in the browser (Chromium's print of the test record, its Thai text layer
// broken as government PDFs are), states a fact from a passage on its second page, and sees the
// fact cited with its page, and the page itself with the passage marked.
const executablePath = '/usr/bin/chromium';
const available = existsSync(executablePath);
if (!available && process.env.CI) throw new Error(`${executablePath} is missing: .ci/run installs it`);

const pdf = join(import.meta.dirname, '../fixtures/documents/record.pdf');
const db = testDatabase();
let dir: string;
let token: string;
let server: Server;
let browser: Browser;
let base: string;

describe.runIf(available)('importing a document in headless Chromium', () => {
  beforeAll(async () => {
    dir = join(mkdtempSync(join(tmpdir(), 'import-e2e-')), 'data');
    cpSync(dataDir, dir, { recursive: true });
    await loadKnowledgeBase(db, dir);
    const tokens = new TokenStore(join(dir, '..', 'tokens.json'));
    token = tokens.create('e2e-importer', ['curate']).token;
    const app = createApp(db, {
      graphiql: false,
      introspection: false,
      debugRoundTrips: false,
      dataDir: dir,
      tokensFile: tokens.file,
    });
    server = await listen(app, { port: 0 });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (server?.listening) await drain(server, 500);
    await loadKnowledgeBase(db);
    await db.close();
  });

  it('uploads a PDF, states a fact on page 2, and shows it cited with its page and the page image', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(base);
    await page.click('#sign-in');
    await page.fill('#sign-in-token', token);
    await page.click('#sign-in-form button[type="submit"]');
    await page.locator('#viewer', { hasText: 'Signed in as e2e-importer' }).waitFor();

    await page.click('#new-source');
    const dialog = page.locator('#new-source-form');
    await dialog.locator('input[name="id"]').fill('e2e-imported-record');
    await dialog.locator('input[name="date"]').fill('2024-07-09');
    await dialog.locator('input[name="titleEn"]').fill('Imported record, e2e');
    await dialog.locator('input[name="file"]').setInputFiles(pdf);
    expect(await dialog.locator('textarea[name="text"]').isDisabled()).toBe(true);
    await dialog.locator('button[type="submit"]').click();
    await page.locator('#reader-title', { hasText: 'Imported record, e2e' }).waitFor();
    expect(readFileSync(join(dir, 'sources', 'e2e-imported-record.pdf')).equals(readFileSync(pdf))).toBe(
      true,
    );
    // The reader shows the repaired text: "ปัญหา", not the layer's "ปั ญหา".
    const text = (await page.locator('#reader-text').textContent()) ?? '';
    expect(text).toContain('การรับมือกับปัญหาการหลอกลวงออนไลน์');

    const quote = 'ศูนย์ปฏิบัติการแก้ไขปัญหาอาชญากรรมออนไลน์';
    await select(page, quote);
    await page.click('#reader-facts button:text-is("New entity")');
    const form = page.locator('#reader-facts form.curate-form');
    await form.locator('input[name="entity-id"]').fill('anti-online-scam-operation-center');
    await form.locator('input[name="name"]').fill('Anti Online Scam Operation Center');
    await form.locator('select[name="entity-type"]').selectOption('Organization');
    await form.locator('input[name="section"]').fill('2.1.2');
    await form.locator('button[type="submit"]').click();
    await page.locator('#reader-facts h3', { hasText: 'Saved as change #' }).waitFor();
    expect(readFileSync(join(dir, 'facts', 'e2e-imported-record.yaml'), 'utf8')).toContain(
      'id: anti-online-scam-operation-center',
    );

    // The passage is cited now: its fact says page 2, and page 2 shows beside the text, marked.
    await page.locator('#reader-text mark', { hasText: 'อาชญากรรมออนไลน์' }).first().click();
    const item = page.locator('#reader-facts li', { hasText: 'Anti Online Scam Operation Center' });
    expect(await item.locator('small.page').textContent()).toBe(' page 2');
    const image = page.locator('#reader-page .page-sheet img');
    await image.waitFor();
    expect(await image.getAttribute('src')).toBe('/sources/e2e-imported-record/pages/2.png');
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('#reader-page .page-sheet img');
      return img?.complete && img.naturalWidth > 0;
    });
    const marks = page.locator('#reader-page .page-mark');
    expect(await marks.count()).toBeGreaterThan(0);
    const box = await marks.first().boundingBox();
    expect(box?.width).toBeGreaterThan(20);
    mkdirSync('test-results/screenshots', { recursive: true });
    await page.screenshot({ path: 'test-results/screenshots/reader-page.png' });
    await page.close();
  });
});
