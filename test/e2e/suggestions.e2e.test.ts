import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../helpers/database.ts';
import { loadKnowledgeBase } from '../helpers/knowledge-base.ts';
import { browserSession, chromiumAvailable, signIn } from '../helpers/reader.ts';
import { SOURCE, suggestFixture } from '../helpers/suggest-fixture.ts';

// A curator reads a newly imported resolution in the browser: what the graph recognises is
// underlined; accepting a known entity's mention, a new entity and a relation each lands as a
// cited fact in the source's facts file, and each is undone again.
const db = testDatabase();
let dir: string;
let token: string;
let session: Awaited<ReturnType<typeof browserSession>>;
const record =
  "Meeting record\n1. Thailand hosted the 5th ASEAN Digital Senior Officials' Meeting in Bangkok, and Singapore chaired it.\n";
const facts = (source = SOURCE) => readFileSync(join(dir, 'facts', `${source}.yaml`), 'utf8');

/** Saves the open form, checks the facts file gained `expected`, then undoes it. */
async function saveAndUndo(page: Page, expected: string, source = SOURCE): Promise<void> {
  const before = facts(source);
  await page.locator('#reader-facts form.curate-form button[type="submit"]').click();
  await page.locator('#reader-facts h3', { hasText: 'Saved as change #' }).waitFor();
  expect(facts(source)).toContain(expected);
  await page.click('#reader-facts button:text-is("Undo")');
  await page.locator('#reader-facts h3', { hasText: 'Undone: change #' }).waitFor();
  expect(facts(source)).toBe(before);
}

describe.runIf(chromiumAvailable)('suggestions in the reader, in headless Chromium', () => {
  beforeAll(async () => {
    const fixture = await suggestFixture(db, 'suggestions-e2e');
    dir = fixture.dir;
    token = fixture.token;
    const created = await fixture.gql(
      `mutation($input: CreateSourceInput!) { createSource(input: $input) { fact } }`,
      { input: { id: 'e2e-record', date: '2025-01-20', titleEn: 'Meeting record, e2e', text: record } },
      token,
    );
    expect(created.errors).toBeUndefined();
    session = await browserSession(fixture.app);
  });

  afterAll(async () => {
    await session?.close();
    await loadKnowledgeBase(db);
    await db.close();
  });

  it('accepts a mention, a new entity and a relation, each a cited fact, each undone', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await signIn(page, session.base, token, 'curator');
    await page.click('#sources');
    await page.locator('#sources-list button', { hasText: 'มติ' }).first().click();
    const known = page.locator('#reader-text .suggestion.known');
    await known.first().waitFor();
    expect(await known.count()).toBeGreaterThan(5);
    mkdirSync('test-results/screenshots', { recursive: true });
    await page.screenshot({ path: 'test-results/screenshots/reader-suggestions.png' });

    // A known entity in a numbered section: one click writes it, cited with its line.
    const entity = 'thailand';
    const mention = page.locator(`#reader-text .suggestion.known[data-entity="${entity}"]`).first();
    const before = facts();
    await mention.click();
    await page.click('#reader-facts button:text-is("Accept")');
    await page.locator('#reader-facts h3', { hasText: 'Saved as change #' }).waitFor();
    expect(facts()).toMatch(new RegExp(`id: ${entity}\\n`));
    await page.click('#reader-facts button:text-is("Undo")');
    await page.locator('#reader-facts h3', { hasText: 'Undone: change #' }).waitFor();
    expect(facts()).toBe(before);

    // A name the graph does not know: the entity form, filled in.
    const fresh = page.locator('#reader-text .suggestion.new').first();
    await fresh.click();
    await page.click('#reader-facts button:text-is("Accept")');
    const id = await page.locator('#reader-facts input[name="entity-id"]').inputValue();
    expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    const section = page.locator('#reader-facts input[name="section"]');
    if (!(await section.inputValue())) await section.fill('1');
    await saveAndUndo(page, `id: ${id}\n`);

    // A relation candidate, in an English record: the relation form, filled in.
    await page.click('#reader-close');
    // A source picked, the list closed (it would cover the canvas): opened again for the second.
    await page.click('#sources');
    await page.locator('#sources-list button', { hasText: 'Meeting record, e2e' }).click();
    const relation = page.locator('#reader-suggestions li button').first();
    const [, from, type, to] = /^(\S+) —(\S+)→ (\S+)$/.exec((await relation.textContent()) ?? '') ?? [];
    await relation.click();
    await page.click('#reader-facts button:text-is("Accept")');
    expect(await page.locator('#curate-from').inputValue()).toBe(from);
    await saveAndUndo(page, `{type: ${type}, from: ${from}, to: ${to}`, 'e2e-record');
    await page.close();
  });
});
