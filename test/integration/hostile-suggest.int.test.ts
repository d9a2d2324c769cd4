import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { testDatabase } from '../helpers/database.ts';
import { runScript } from '../helpers/scripts.ts';
import { SOURCE, suggestFixture } from '../helpers/suggest-fixture.ts';

/**
 * Attacks on suggestions (issue 34): texts that made the matcher take time in the square of their
 * length, and input to Source.suggestions and rejectSuggestion that must be refused with a code.
 */
let db: Database;
let fx: Awaited<ReturnType<typeof suggestFixture>>;

beforeAll(async () => {
  db = testDatabase();
  fx = await suggestFixture(db, 'hostile-suggest');
});
afterAll(() => db.close());

/** A source whose files are written as they are; suggestions read files, so it needs no load. */
function writeSource(id: string, text: string) {
  writeFileSync(join(fx.dir, 'sources', `${id}.txt`), text);
  cpSync(join(fx.dir, 'sources', `${SOURCE}.meta.yaml`), join(fx.dir, 'sources', `${id}.meta.yaml`));
  writeFileSync(join(fx.dir, 'facts', `${id}.yaml`), `source: ${id}\nentities: []\nrelations: []\n`);
}

describe('texts that cost the square of their length', () => {
  // Measured on two shared cores: 6 s for 56 KB of capitalised words on one line before (the
  // glossary's bracket pattern over the whole line), 7.5 s for 130,000 Thai characters without a
  // space (ICU); now about 1 s for each of these together. The bound is for "not quadratic".
  it('suggests on 200,000 Thai characters without a space and 200 KB of capitalised words on one line', () => {
    const thai = 'ที่ประชุมมอบหมายให้กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคมจัดทำรายงาน'.repeat(3100);
    const caps = 'Alpha Beta of '.repeat(15000);
    writeSource('hostile-long-lines', `${thai}\n${caps}\nend (ABC)`);
    const started = performance.now();
    // Names only (score 1), as lines: the JSON of every suggestion is more than spawnSync buffers.
    const run = runScript('kb-suggest.ts', ['hostile-long-lines', '--min-score', '1'], {
      KB_DATA_DIR: fx.dir,
    });
    const seconds = (performance.now() - started) / 1000;
    expect(run.status, run.stderr).toBe(0);
    // Every repetition names MDES once: the chunked segmentation loses none at the seams.
    expect(run.stdout.split('\n').filter((line) => / mdes /u.test(line))).toHaveLength(3100);
    expect(seconds).toBeLessThan(15);
  });
});

describe('input refused with a code, nothing written', () => {
  const query = (id: string, min: number) =>
    fx.gql(
      `query ($id: ID!, $min: Float) { entity(id: $id) { ... on Source { suggestions(minScore: $min) { id } } } }`,
      {
        id,
        min,
      },
    );

  it('minScore outside 0–1', async () => {
    for (const min of [-1, 1.5]) {
      const result = await query(SOURCE, min);
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('a suggestion id of 100,000 characters, a reason of 10,000, a source that is a path', async () => {
    const reject = `mutation ($source: ID!, $id: ID!, $reason: String) { rejectSuggestion(source: $source, suggestion: $id, reason: $reason) { id } }`;
    const long = await fx.gql(reject, { source: SOURCE, id: 'x'.repeat(100_000) }, fx.token);
    expect(long.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const reason = await fx.gql(
      reject,
      { source: SOURCE, id: 'mention:0-1:x', reason: 'r'.repeat(10_000) },
      fx.token,
    );
    expect(reason.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const path = await fx.gql(reject, { source: '../sources/x', id: 'mention:0-1:x' }, fx.token);
    expect(path.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const cli = runScript('kb-suggest.ts', ['../facts/x'], { KB_DATA_DIR: fx.dir });
    expect(cli.status).toBe(1);
  });
});
