import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Database } from '../../src/db/database.ts';
import type { FixedFields } from '../../src/suggest/fixed-fields.ts';

import { testDatabase } from '../helpers/database.ts';
import { runScript } from '../helpers/scripts.ts';
import { fixture, SOURCE, suggestFixture } from '../helpers/suggest-fixture.ts';

/**
 * Issue 34 end to end: a document imported with kb:import into a copy of data/, `kb:suggest --json`
 * on it, then Source.suggestions and rejectSuggestion through the API over the loaded graph.
 */
interface Suggested extends FixedFields {
  id: string;
  kind: string;
}

let db: Database;
let fx: Awaited<ReturnType<typeof suggestFixture>>;

beforeAll(async () => {
  db = testDatabase();
  fx = await suggestFixture(db, 'suggest');
});
afterAll(() => db.close());

const suggestionsQuery = `query ($min: Float) { entity(id: "${SOURCE}") { ... on Source {
  text suggestions(minScore: $min) { id kind start end text entity score why proposal relation } } } }`;

describe('kb:suggest', () => {
  it('prints a JSON array of {start, end, text, entity, score, why} for an imported source', () => {
    const run = runScript('kb-suggest.ts', [SOURCE, '--json'], { KB_DATA_DIR: fx.dir });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const suggestions = JSON.parse(run.stdout) as Suggested[];
    const text = readFileSync(join(fx.dir, 'sources', `${SOURCE}.txt`), 'utf8').normalize('NFC');
    for (const s of suggestions) {
      expect(s).toEqual(
        expect.objectContaining({
          start: expect.any(Number),
          entity: expect.any(String),
          why: expect.any(String),
        }),
      );
      expect(text.slice(s.start, s.end)).toBe(s.text);
    }
    // Every mention the fixture marks is suggested, with its span and its entity.
    const mentions = new Set(
      suggestions.filter((s) => s.kind === 'mention').map((s) => `${s.start}:${s.end}:${s.entity}`),
    );
    expect(fixture.gold.filter((g) => !mentions.has(`${g.start}:${g.end}:${g.entity}`))).toEqual([]);
    // ADGSOM written against Thai letters: "มอบหมายให้ADGSOMจัดทำ".
    const at = text.indexOf('ให้ADGSOMจัดทำ') + 3;
    expect(suggestions).toContainEqual(
      expect.objectContaining({ start: at, end: at + 6, entity: 'adgsom', kind: 'mention' }),
    );
  });

  it('prints lines for a reader, and refuses a source that does not exist', () => {
    const run = runScript('kb-suggest.ts', [SOURCE], { KB_DATA_DIR: fx.dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`${SOURCE}: \\d+ mentions`));
    const missing = runScript('kb-suggest.ts', ['no-such-source'], { KB_DATA_DIR: fx.dir });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no source "no-such-source"');
  });
});

describe('Source.suggestions and rejectSuggestion', () => {
  it('gives the same suggestions as kb:suggest, over offsets of Source.text', async () => {
    const { data } = await fx.gql(suggestionsQuery, { min: 0 });
    const source = data.entity as { text: string; suggestions: Suggested[] };
    const cli = JSON.parse(
      runScript('kb-suggest.ts', [SOURCE, '--json'], { KB_DATA_DIR: fx.dir }).stdout,
    ) as Suggested[];
    expect(source.suggestions.map((s) => s.id)).toEqual(cli.map((s) => s.id));
    for (const s of source.suggestions) expect(source.text.slice(s.start, s.end)).toBe(s.text);
    // Relations need two mentions whose types fit a relation word; this fixture has none (unit tests cover them).
    const kinds = new Set(source.suggestions.map((s) => s.kind));
    expect(kinds).toEqual(new Set(['MENTION', 'NEW_ENTITY']));
  });

  it('leaves out what scores below minScore', async () => {
    const { data } = await fx.gql(suggestionsQuery, { min: 0.8 });
    const suggestions = (data.entity as { suggestions: Suggested[] }).suggestions;
    expect(suggestions.length).toBeGreaterThan(0);
    expect(suggestions.every((s) => s.score >= 0.8 && s.kind === 'MENTION')).toBe(true);
  });

  it('remembers a rejection in a reviewable file, and does not offer it again', async () => {
    const before = ((await fx.gql(suggestionsQuery)).data.entity as { suggestions: Suggested[] }).suggestions;
    const thaid = before.find((s) => s.entity === 'thaid') as Suggested;
    const reject = `mutation ($id: ID!) { rejectSuggestion(source: "${SOURCE}", suggestion: $id, reason: "test") { id kind text entity by } }`;
    const anonymous = await fx.gql(reject, { id: thaid.id });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const done = await fx.gql(reject, { id: thaid.id }, fx.token);
    expect(done.errors).toBeUndefined();
    expect(done.data.rejectSuggestion).toEqual({
      id: thaid.id,
      kind: 'mention',
      text: 'ไทยดี',
      entity: 'thaid',
      by: 'curator',
    });
    const file = join(fx.dir, 'suggestions', `${SOURCE}.rejected.yaml`);
    expect(parse(readFileSync(file, 'utf8'))).toEqual([
      expect.objectContaining({ id: thaid.id, reason: 'test', by: 'curator' }),
    ]);
    const after = ((await fx.gql(suggestionsQuery)).data.entity as { suggestions: Suggested[] }).suggestions;
    expect(after.map((s) => s.id)).toEqual(before.map((s) => s.id).filter((id) => id !== thaid.id));
    const again = await fx.gql(reject, { id: thaid.id }, fx.token);
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const cli = JSON.parse(
      runScript('kb-suggest.ts', [SOURCE, '--json'], { KB_DATA_DIR: fx.dir }).stdout,
    ) as Suggested[];
    expect(cli.some((s) => s.id === thaid.id)).toBe(false);
  });

  it('refuses a suggestion the source does not have, and writes nothing', async () => {
    const reject = `mutation { rejectSuggestion(source: "${SOURCE}", suggestion: "mention:0-3:nobody") { id } }`;
    const file = join(fx.dir, 'suggestions', `${SOURCE}.rejected.yaml`);
    const before = existsSync(file) ? readFileSync(file, 'utf8') : null;
    const result = await fx.gql(reject, {}, fx.token);
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(existsSync(file) ? readFileSync(file, 'utf8') : null).toBe(before);
  });
});
