import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { curationFixture } from '../helpers/api.ts';
import { testDatabase } from '../helpers/database.ts';
import { loadKnowledgeBase } from '../helpers/knowledge-base.ts';
import { browserSession, chromiumAvailable, select, signIn } from '../helpers/reader.ts';

// A curator imports a PDF in the browser (Chromium's print of the test record, its Thai text layer
// broken as government PDFs are), states a fact from a passage on its second page, and sees the
// fact cited with its page, and the page itself with the passage marked.
const pdf = join(import.meta.dirname, '../fixtures/documents/record.pdf');
const db = testDatabase();
let dir: string;
let token: string;
let session: Awaited<ReturnType<typeof browserSession>>;

describe.runIf(chromiumAvailable)('importing a document in headless Chromium', () => {
  beforeAll(async () => {
    const fixture = await curationFixture(db, 'import-e2e');
    dir = fixture.dir;
    token = fixture.tokens.create('e2e-importer', ['curate']).token;
    session = await browserSession(fixture.app);
  });

  afterAll(async () => {
    await session?.close();
    await loadKnowledgeBase(db);
    await db.close();
  });

  it('uploads a PDF, states a fact on page 2, and shows it cited with its page and the page image', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await signIn(page, session.base, token, 'e2e-importer');

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
