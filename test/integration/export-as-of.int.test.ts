import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { openGraphRecords, type RelationRecord } from '../../src/stores/graph-records.ts';
import { testDatabase } from '../helpers/database.ts';
import { loadKnowledgeBase, RESOLUTION, resolutionDir } from '../helpers/knowledge-base.ts';

/**
 * A relation's qualifiers in an export are chosen as the loader chose them, with each claim's
 * asOf. On a copy, the resolution (9 July 2024) gets asOf 2 February on the day the Prime Minister
 * chaired the Cabinet; synthetic minutes of 13 March give another day. The minutes describe the
 * later day, so theirs is shown; by the sources' dates alone the resolution's would be.
 */
const MINUTES = 'synthetic-wg-as-1-minutes';
const RELATION = 'CHAIRED:srettha-thavisin:cabinet-2024-07-09:role=Prime Minister';
let db: Database;

beforeAll(async () => {
  db = testDatabase();
  const dir = resolutionDir('wg-as-minutes');
  const facts = join(dir, 'facts', `${RESOLUTION}.yaml`);
  const stated = '{type: CHAIRED, from: srettha-thavisin, to: cabinet-2024-07-09, role: Prime Minister,';
  const text = readFileSync(facts, 'utf8');
  expect(text).toContain(stated);
  writeFileSync(facts, text.replace(stated, `${stated} asOf: "2024-02-02",`));
  appendFileSync(
    join(dir, 'sources', `${MINUTES}.txt`),
    '\nThe Prime Minister chaired the Cabinet on 10 July.\n',
  );
  appendFileSync(
    join(dir, 'facts', `${MINUTES}.yaml`),
    `  - { type: CHAIRED, from: srettha-thavisin, to: cabinet-2024-07-09, role: Prime Minister, date: "2024-07-10", section: "2", quote: The Prime Minister chaired the Cabinet on 10 July. }\n`,
  );
  await loadKnowledgeBase(db, dir);
});

afterAll(async () => {
  await loadKnowledgeBase(db); // the run's knowledge base again, for the files after this one
  await db.close();
});

describe('an exported relation whose claims give an asOf', () => {
  it('shows the qualifiers of the claim describing the later day, as the loader does', async () => {
    const graph = await openGraphRecords(db);
    let found: RelationRecord | undefined;
    for await (const relation of graph.relations()) if (relation.id === RELATION) found = relation;
    expect(found?.claims.map((claim) => [claim.source, claim.qualifiers.date])).toEqual([
      [RESOLUTION, '2024-07-09'],
      [MINUTES, '2024-07-10'],
    ]);
    expect(found?.qualifiers.date).toBe('2024-07-10');
  });
});
