import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { keepEntityDates } from '../../src/loader/kept-dates.ts';

/**
 * A synthetic audit note, written by the as-of tests into a copy of data/: it says the ASEAN Digital
 * Awards 2025 project got 80,000 USD where the resolution says 76,300, for the project, its
 * FUNDED_BY and its AWARDED_TO.
 */
export const NOTE = 'synthetic-later-audit';
export const PROJECT = 'project-asean-digital-awards-2025';
const QUOTE =
  'The ASEAN Digital Awards 2025 project was revised to 80,000 US dollars, from the budget of 2025.';

export function writeLaterNote(dir: string, date: string) {
  writeFileSync(join(dir, 'sources', `${NOTE}.txt`), `Synthetic audit note (test fixture).\n\n1. ${QUOTE}\n`);
  writeFileSync(
    join(dir, 'sources', `${NOTE}.meta.yaml`),
    `titleEn: "Synthetic audit note (test fixture, not a real document)"\ndate: "${date}"\nissuer: Synthetic auditor\nlanguage: en\n`,
  );
  const cite = `section: "1", quote: "${QUOTE}"`;
  writeFileSync(
    join(dir, 'facts', `${NOTE}.yaml`),
    `source: ${NOTE}
entities:
  - id: ${PROJECT}
    type: Project
    name: ASEAN Digital Awards 2025
    amount: "80000.00"
    currency: USD
    year: 2025
    section: "1"
    quote: "${QUOTE}"
relations:
  - { type: FUNDED_BY, from: ${PROJECT}, to: asean-ict-fund, amount: "80000.00", currency: USD, year: 2024, ${cite} }
  - { type: AWARDED_TO, from: ${PROJECT}, to: thailand, amount: "80000.00", currency: USD, year: 2024, ${cite} }
`,
  );
}

/** The dates kept on the project and its AWARDED_TO, as the loader wrote them. */
export async function keptDates(db: Database) {
  const [row] = await db.read(
    {
      name: 'test.keptDates',
      cypher: `MATCH (p:Entity {id: $id})-[r:AWARDED_TO]->(:Entity {id: 'thailand'})
      RETURN [p.firstKnown, p.lastKnown] AS project, [r.firstKnown, r.lastKnown] AS relation, r.sourceDates AS dates`,
    },
    { id: PROJECT },
  );
  return row;
}

/**
 * The loader recomputes only the entities whose citations changed: every entity's kept dates (and
 * the amounts kept with them) must be those recomputing all of them gives.
 */
export async function expectDatesAsRecomputed(db: Database) {
  const all = {
    name: 'test.allKeptDates',
    cypher: `MATCH (n:Entity) WHERE NOT n:Source
      RETURN n.id AS id, n.firstKnown AS first, n.lastKnown AS last, n.amountHistory AS amounts ORDER BY id`,
  };
  const kept = await db.read(all);
  expect(kept.length).toBeGreaterThan(50);
  await db.writeTransaction('test.recomputeKeptDates', (run) =>
    keepEntityDates(
      run,
      kept.map((row) => row.id as string),
    ),
  );
  expect(await db.read(all)).toEqual(kept);
}
