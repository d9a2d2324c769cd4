import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import type { SourceFacts } from '../../src/facts/source-facts.ts';
import { dataDir } from '../../src/facts/source-files.ts';
import { validateFacts } from '../../src/facts/validate.ts';
import { loadSource } from '../../src/loader/load.ts';
import { type FixtureDoc, fixtureDoc, fixtureMeta, fixtureText, toYaml } from '../fixtures/small-source.ts';
import { testDatabase } from '../helpers/database.ts';

let db: Database;

function facts(doc: FixtureDoc): SourceFacts {
  const result = validateFacts('fixture.yaml', toYaml(doc), fixtureText, fixtureMeta(doc.source));
  expect(result.problems).toEqual([]);
  return result.facts;
}

/** Everything the fixture sources put in the graph, as comparable text. */
async function snapshot(): Promise<string[]> {
  const rows = await db.read({
    name: 'test.snapshot',
    cypher: `
      MATCH (n:Entity) WHERE n.id STARTS WITH 'fx-' OR n.id STARTS WITH 'fixture-'
      OPTIONAL MATCH (n)-[r]->(m)
      RETURN n.id AS id, labels(n) AS labels, properties(n) AS props,
             collect([type(r), m.id, properties(r)]) AS out
      ORDER BY id`,
  });
  return rows.map((row) => JSON.stringify(row, Object.keys(row).sort()));
}

async function removeFixtures(): Promise<void> {
  await db.write({
    name: 'test.removeFixtures',
    cypher: "MATCH (n:Entity) WHERE n.id STARTS WITH 'fx-' OR n.id STARTS WITH 'fixture-' DETACH DELETE n",
  });
  // A source's text is a node of its own (removeSource deletes it; deleting the Source does not).
  await db.write({
    name: 'test.removeFixtureTexts',
    cypher:
      "MATCH (t:SourceText) WHERE t.source STARTS WITH 'fx-' OR t.source STARTS WITH 'fixture-' DELETE t",
  });
}

beforeAll(async () => {
  db = testDatabase();
  await migrate(db);
  await removeFixtures();
});

afterAll(async () => {
  await removeFixtures();
  await db.close();
});

describe('loadSource', () => {
  it('loads every entity and relation with provenance, exact amounts and real dates', async () => {
    const report = await loadSource(db, facts(fixtureDoc()), dataDir);
    expect(report.counters.nodesCreated).toBe(7); // 5 entities, the Source and its text
    expect(report.counters.relationshipsCreated).toBe(4 + 5); // relations and CITED_IN edges
    const [row] = await db.read({
      name: 'test.project',
      cypher: `
        MATCH (p:Project {id: 'fx-project'})-[r:FUNDED_BY]->(f:Fund)
        MATCH (a:Agreement {id: 'fx-accord'})
        RETURN p.amount AS amount, p.amountCents AS cents, r.sources AS sources, r.claims AS claims,
               a.date AS date, valueType(a.date) AS dateType`,
    });
    expect(row).toMatchObject({
      amount: '1250.50',
      cents: 125050,
      sources: ['fixture-source'],
      date: '2024-03-03',
      dateType: 'DATE NOT NULL',
    });
    expect(JSON.parse((row?.claims as string[] | undefined)?.[0] ?? '{}')).toMatchObject({
      section: '2',
      quote: 'The Test Fund granted USD 1,250.50 to the Pilot Project.',
    });
  });

  it('is idempotent: a second load reports no change and leaves the graph as it was', async () => {
    await loadSource(db, facts(fixtureDoc()), dataDir);
    const before = await snapshot();
    const report = await loadSource(db, facts(fixtureDoc()), dataDir);
    expect(Object.values(report.counters).every((value) => value === 0)).toBe(true);
    expect(await snapshot()).toEqual(before);
  });

  it('replaces: facts removed from the file leave the graph; entities another source cites stay', async () => {
    const other = fixtureDoc('fixture-other');
    other.entities = other.entities.filter((entity) => entity.id === 'fx-freedonia');
    other.relations = [];
    await loadSource(db, facts(fixtureDoc()), dataDir);
    await loadSource(db, facts(other), dataDir);

    const trimmed = fixtureDoc();
    trimmed.entities = trimmed.entities.filter(
      (entity) => !['fx-freedonia', 'fx-fund'].includes(String(entity.id)),
    );
    trimmed.relations = trimmed.relations.filter((relation) => relation.type === 'SUPPORTED');
    Object.assign(trimmed.entities[0] as object, { iso2: 'RT' });
    const report = await loadSource(db, facts(trimmed), dataDir);
    expect(report.counters.nodesDeleted).toBe(1); // fx-fund; fx-freedonia is still cited by fixture-other

    const rows = await db.read({
      name: 'test.afterReplace',
      cypher: `
        MATCH (n:Entity) WHERE n.id STARTS WITH 'fx-'
        RETURN n.id AS id, n.iso2 AS iso2, COUNT { (n)-[r]->() WHERE 'fixture-source' IN r.sources } AS relations,
               [(n)-[:CITED_IN]->(s) | s.id] AS sources
        ORDER BY id`,
    });
    expect(rows).toEqual([
      { id: 'fx-accord', iso2: null, relations: 0, sources: ['fixture-source'] },
      { id: 'fx-freedonia', iso2: 'FR', relations: 0, sources: ['fixture-other'] },
      { id: 'fx-project', iso2: null, relations: 0, sources: ['fixture-source'] },
      { id: 'fx-ruritania', iso2: 'RT', relations: 1, sources: ['fixture-source'] },
    ]);
  });

  it('is atomic: a failure in the middle of a load leaves the graph exactly as it was', async () => {
    await removeFixtures();
    const small = fixtureDoc();
    small.relations = small.relations.slice(0, 1);
    await loadSource(db, facts(small), dataDir);
    const before = await snapshot();

    // Two projects with the same Thai name break this constraint after the Source, the deletions and
    // the countries have been written in the same transaction.
    await db.write({
      name: 'test.addConstraint',
      cypher:
        'CREATE CONSTRAINT test_project_name_th IF NOT EXISTS FOR (p:Project) REQUIRE p.nameTh IS UNIQUE',
    });
    const full = fixtureDoc();
    Object.assign(full.entities[4] as object, { nameTh: 'โครงการนำร่อง' });
    full.entities.push({ ...full.entities[4], id: 'fx-project-2', name: 'Second project' });
    try {
      await expect(loadSource(db, facts(full), dataDir)).rejects.toThrow(/already exists/);
    } finally {
      await db.write({
        name: 'test.dropConstraint',
        cypher: 'DROP CONSTRAINT test_project_name_th IF EXISTS',
      });
    }
    expect(await snapshot()).toEqual(before);
  });
});
