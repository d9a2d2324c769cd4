import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Core } from 'cytoscape';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { curationFixture } from '../helpers/api.ts';
import { testDatabase } from '../helpers/database.ts';
import { loadKnowledgeBase } from '../helpers/knowledge-base.ts';
import { browserSession, chromiumAvailable, select, signIn } from '../helpers/reader.ts';

// A curator's session in the browser, against a copy of data/: sign in, state a fact from a
// selected passage, preview it, save it, see it in the graph and the history, and undo it.
const source = 'cabinet-resolution-2024-07-09-adgmin4';
const db = testDatabase();
let dir: string;
let token: string;
let session: Awaited<ReturnType<typeof browserSession>>;
let base: string;
let browser: Browser;
const shots = 'test-results/screenshots';
const factsFile = (id = source) => join(dir, 'facts', `${id}.yaml`);

describe.runIf(chromiumAvailable)('curation in headless Chromium', () => {
  beforeAll(async () => {
    // The explorer is built by test/helpers/explorer-build.ts.
    const fixture = await curationFixture(db, 'curation-e2e');
    dir = fixture.dir;
    token = fixture.tokens.create('e2e-curator', ['curate']).token;
    session = await browserSession(fixture.app);
    ({ base, browser } = session);
  });

  afterAll(async () => {
    await session?.close();
    await loadKnowledgeBase(db); // the run's knowledge base again, for the files after this one
    await db.close();
  });

  it('refuses a bad token and shows no curation controls without one', async () => {
    const page = await browser.newPage();
    await page.goto(base);
    expect(await page.locator('#new-source').isVisible()).toBe(false);
    await page.click('#sign-in');
    await page.fill('#sign-in-token', 'pgt_not-a-token');
    await page.click('#sign-in-form button[type="submit"]');
    await page.locator('#sign-in-error', { hasText: 'refused your token' }).waitFor();
    expect(await page.locator('#viewer').textContent()).toBe('');
    await page.close();
  });

  it('states a relation from a selected passage: preview, save, graph, history, undo', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const original = readFileSync(factsFile(), 'utf8');
    const started = performance.now();
    await signIn(page, base, token, 'e2e-curator');
    await page.click('#sources');
    await page.locator('#sources-list button', { hasText: 'Results of the 4th' }).click();
    await page.locator('#reader-text mark').first().waitFor();

    // The 5.2 sentence: hosting ADGSOM-5 will improve Thailand's image.
    const quote = 'จะช่วยส่งเสริมสร้างภาพลักษณ์ที่ดีแก่ประเทศไทย';
    await select(page, quote);
    expect(await page.locator('#reader-facts blockquote').textContent()).toBe(quote);
    await page.click('#reader-facts button:text-is("New relation")');
    const form = page.locator('#reader-facts form.curate-form');
    // The section comes from the nearest cited passage before the selection.
    expect(await form.locator('input[name="section"]').inputValue()).toBe('5.2');
    await form.locator('select[name="type"]').selectOption('REFERENCES');
    await page.fill('#curate-from', 'adgsom-5');
    await page.fill('#curate-to', 'ประเทศไทย');
    await form.locator('button:text-is("Add qualifier")').click();
    await form.locator('.qualifier select').selectOption('note');
    await form.locator('.qualifier input').fill('curated in the browser');

    await form.locator('button:text-is("Preview")').click();
    await form.locator('h4', { hasText: 'nothing is written yet' }).waitFor();
    expect(await form.locator('.changes').textContent()).toContain(
      'Adds relation REFERENCES:adgsom-5:thailand',
    );
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: `${shots}/curate-preview.png` });
    expect(readFileSync(factsFile(), 'utf8')).toBe(original);

    await form.locator('button[type="submit"]').click();
    const heading = page.locator('#reader-facts h3', { hasText: 'Saved as change #' });
    await heading.waitFor();
    // This write's number: the log may hold earlier writes of the same fact (data/audit.jsonl).
    const change = /#(\d+)/.exec((await heading.textContent()) ?? '')?.[1];
    expect(change).toMatch(/^\d+$/);
    const saved = readFileSync(factsFile(), 'utf8');
    expect(saved).toContain(
      '{type: REFERENCES, from: adgsom-5, to: thailand, note: curated in the browser, section: "5.2"',
    );
    // The reader now highlights the passage as cited.
    expect(await page.locator('#reader-text mark', { hasText: 'ภาพลักษณ์' }).count()).toBeGreaterThan(0);

    await page.click('#reader-facts button:text-is("Show in graph")');
    await page.waitForFunction(() => {
      const { cy } = (window as unknown as { explorer: { cy: Core } }).explorer;
      return cy
        .edges()
        .some((edge) => edge.data('type') === 'REFERENCES' && edge.data('source') === 'adgsom-5');
    });
    console.log(
      `relation stated in the browser, sign-in to graph: ${Math.round(performance.now() - started)} ms`,
    );

    await page.click('#history');
    const entry = page.locator('#history-list li', { hasText: `#${change} addRelation ` });
    expect(await entry.textContent()).toContain(`${source}#REFERENCES:adgsom-5:thailand`);
    expect(await entry.textContent()).toContain('e2e-curator');
    await entry.locator('button:text-is("Undo")').click();
    await page.locator('#history-list li.undone', { hasText: `#${change} addRelation (undone)` }).waitFor();
    expect(readFileSync(factsFile(), 'utf8')).toBe(original);
    await page.close();
  });

  it('adds a new source from its text, then an entity it names, and retracts it', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signIn(page, base, token, 'e2e-curator');
    await page.click('#new-source');
    const dialog = page.locator('#new-source-form');
    await dialog.locator('input[name="id"]').fill('e2e-meeting-record');
    await dialog.locator('input[name="date"]').fill('2024-03-12');
    await dialog.locator('input[name="titleEn"]').fill('Meeting record, e2e');
    const text =
      'Meeting record\n\n1. Thailand proposed a working group on online scams, to meet first in Bangkok.\n';
    await dialog.locator('textarea[name="text"]').fill(text);
    await dialog.locator('button:text-is("Preview")').click();
    await dialog.locator('h4', { hasText: 'nothing is written yet' }).waitFor();
    expect(existsSync(join(dir, 'sources', 'e2e-meeting-record.txt'))).toBe(false);
    await dialog.locator('button[type="submit"]').click();
    await page.locator('#reader-title', { hasText: 'Meeting record, e2e' }).waitFor();
    expect(readFileSync(join(dir, 'sources', 'e2e-meeting-record.txt'), 'utf8')).toBe(text);

    // Thailand is in the graph already: the form offers its id, and the new source states it too.
    await select(page, 'Thailand');
    await page.click('#reader-facts button:text-is("New entity")');
    const match = page.locator('#reader-facts .matches p', { hasText: '(Country, thailand)' });
    await match.locator('button:text-is("Use this id")').click();
    await page.locator('#reader-facts input[name="section"]').fill('1');
    await page.locator('#reader-facts form.curate-form button[type="submit"]').click();
    await page.locator('#reader-facts h3', { hasText: 'Saved as change #' }).waitFor();
    expect(readFileSync(factsFile('e2e-meeting-record'), 'utf8')).toMatch(/id: thailand\n\s+type: Country/);

    await select(page, 'working group on online scams');
    await page.click('#reader-facts button:text-is("New entity")');
    const form = page.locator('#reader-facts form.curate-form');
    // A short selection is taken as the name, and the id follows it.
    expect(await form.locator('input[name="name"]').inputValue()).toBe('working group on online scams');
    expect(await form.locator('input[name="entity-id"]').inputValue()).toBe('working-group-on-online-scams');
    await form.locator('input[name="section"]').fill('1');
    await form.locator('select[name="entity-type"]').selectOption('Meeting');
    await form.locator('select[name="status"]').selectOption('planned');
    await form.locator('button[type="submit"]').click();
    await page.locator('#reader-facts h3', { hasText: 'Saved as change #' }).waitFor();
    const facts = readFileSync(factsFile('e2e-meeting-record'), 'utf8');
    expect(facts).toContain('id: working-group-on-online-scams');
    expect(facts).toContain('status: planned');

    // The passage now lists the entity; the curator retracts it with a reason.
    await page.locator('#reader-text mark', { hasText: 'online scams' }).first().click();
    const item = page.locator('#reader-facts li', { hasText: 'working group on online scams' });
    await item.locator('button:text-is("Retract")').click();
    await item.locator('input').fill('a test');
    await item.locator('button[type="submit"]').click();
    await page.locator('#reader-facts h3', { hasText: 'Retracted as change #' }).waitFor();
    expect(readFileSync(factsFile('e2e-meeting-record'), 'utf8')).not.toContain(
      'working-group-on-online-scams',
    );
    await page.close();
  });
});
