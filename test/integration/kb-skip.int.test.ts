import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { dataDir } from '../../src/facts/source-files.ts';
import { validateFacts } from '../../src/facts/validate.ts';
import { loadSource } from '../../src/loader/load.ts';
import { describeFailure, loadAllSources } from '../../src/loader/load-all.ts';
import { SourceConflictError } from '../../src/loader/source-change.ts';
import { createApp, productionOptions } from '../../src/yoga.ts';
import {
  type FixtureDoc,
  fixtureDoc,
  fixtureMeta,
  fixtureText,
  toYaml,
  writeFixtureSource,
} from '../fixtures/small-source.ts';
import { testDatabase } from '../helpers/database.ts';

let db: Database;
let dir: string;

/** What the graph holds for one source: its node, what it cites and the relations it states. */
async function graphOf(source: string): Promise<string[]> {
  const rows = await db.read(
    {
      name: 'test.graphOf',
      cypher: `
      MATCH (s:Source {id: $source})
      OPTIONAL MATCH (n:Entity)-[c:CITED_IN]->(s)
      OPTIONAL MATCH (n)-[r]->(m) WHERE $source IN r.sources
      RETURN s.hash AS hash, n.id AS id, labels(n) AS labels, properties(n) AS props,
             properties(c) AS citation, collect([type(r), m.id, properties(r)]) AS out
      ORDER BY id`,
    },
    { source },
  );
  return rows.map((row) => JSON.stringify(row, Object.keys(row).sort()));
}

async function removeFixtures(): Promise<void> {
  await db.write({
    name: 'test.removeFixtures',
    cypher: "MATCH (n:Entity) WHERE n.id STARTS WITH 'fx-' OR n.id STARTS WITH 'fixture-' DETACH DELETE n",
  });
}

/** A second source citing two entities of the first and one of its own. */
function otherDoc(): FixtureDoc {
  const doc = fixtureDoc('fixture-other');
  doc.entities = doc.entities.filter((entity) =>
    ['fx-ruritania', 'fx-freedonia'].includes(String(entity.id)),
  );
  doc.entities.push({
    id: 'fx-other-fund',
    type: 'Fund',
    name: 'Other Fund',
    section: '2',
    quote: 'The Test Fund',
  });
  doc.relations = [];
  return doc;
}

beforeAll(async () => {
  db = testDatabase();
  await migrate(db);
});

beforeEach(async () => {
  await removeFixtures();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = mkdtempSync(join(tmpdir(), 'policy-graph-kb-skip-'));
});

afterAll(async () => {
  await removeFixtures();
  rmSync(dir, { recursive: true, force: true });
  await db.close();
});

describe('loading with a broken source', () => {
  it('skips the broken file, loads the others, keeps its last good load and says so on /ready', async () => {
    writeFixtureSource(dir, fixtureDoc());
    writeFixtureSource(dir, otherDoc());
    expect((await loadAllSources(db, dir)).failed).toEqual([]);
    const good = await graphOf('fixture-source');
    expect(good.length).toBe(5);
    const healthy = await createApp(db, productionOptions, { failedSources: () => [] }).fetch(
      'http://test/ready',
    );
    expect(healthy.status).toBe(200);

    // A typo in one file, a real change in the other.
    const typo = toYaml(fixtureDoc()).replace('type: Agreement', 'type: Agreemnt');
    writeFixtureSource(dir, fixtureDoc(), typo);
    const changed = otherDoc();
    Object.assign(changed.entities[2] as object, { name: 'Test Fund, renamed' });
    writeFixtureSource(dir, changed);

    const result = await loadAllSources(db, dir);
    expect(result.changes.map((change) => [change.source, change.status])).toEqual([
      ['fixture-other', 'changed'],
    ]);
    expect(result.failed).toEqual([
      {
        source: 'fixture-source',
        problems: [expect.objectContaining({ at: 'entity fx-accord', reason: 'unknown type "Agreemnt"' })],
      },
    ]);
    expect(await graphOf('fixture-source')).toEqual(good);
    const [fund] = await db.read({
      name: 'test.fund',
      cypher: "MATCH (f:Fund {id: 'fx-other-fund'}) RETURN f.name AS name",
    });
    expect(fund?.name).toBe('Test Fund, renamed');

    const failed = result.failed.map((failure) => describeFailure(failure, dir));
    const ready = await createApp(db, productionOptions, { failedSources: () => failed }).fetch(
      'http://test/ready',
    );
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'degraded',
      failedSources: [
        {
          source: 'fixture-source',
          problemCount: 1,
          problems: ['facts/fixture-source.yaml: entity fx-accord: unknown type "Agreemnt"'],
        },
      ],
    });
  });

  it('skips a file that is not UTF-8, and cuts /ready to 20 problems a source', async () => {
    writeFixtureSource(dir, fixtureDoc());
    await loadAllSources(db, dir);
    const good = await graphOf('fixture-source');
    // "Fréedonia" with a Latin-1 é, as an editor set to another encoding would save it.
    const latin1 = Buffer.from(toYaml(fixtureDoc()).replace('name: Freedonia', 'name: Fr@edonia'));
    latin1[latin1.indexOf('@')] = 0xe9;
    writeFixtureSource(dir, fixtureDoc(), latin1);
    const { failed } = await loadAllSources(db, dir);
    expect(failed[0]?.problems).toEqual([
      expect.objectContaining({
        at: expect.stringMatching(/^byte \d+ \(line \d+\)$/),
        reason: expect.stringMatching(/^is not UTF-8/),
      }),
    ]);
    expect(await graphOf('fixture-source')).toEqual(good);

    const many = [
      { source: 'fixture-source', problems: Array.from({ length: 30 }, (_, i) => `problem ${i}`) },
    ];
    const body = await (
      await createApp(db, productionOptions, { failedSources: () => many }).fetch('http://test/ready')
    ).json();
    expect(body.failedSources[0].problemCount).toBe(30);
    expect(body.failedSources[0].problems).toHaveLength(20);
  });
});

describe('the loader refuses ids shared by a source and an entity', () => {
  const facts = (doc: FixtureDoc) =>
    validateFacts('fixture.yaml', toYaml(doc), fixtureText, fixtureMeta(doc.source)).facts;

  it('will not turn an entity into a Source, nor cite a Source as an entity', async () => {
    await loadSource(db, facts(fixtureDoc()), dataDir);
    const before = await graphOf('fixture-source');

    // A source named like an entity: today this would have overwritten Ruritania.
    const clash = fixtureDoc('fx-ruritania');
    clash.entities = clash.entities.filter((entity) => entity.id === 'fx-freedonia');
    clash.relations = [];
    await expect(loadSource(db, facts(clash), dataDir)).rejects.toThrow(SourceConflictError);
    await expect(loadSource(db, facts(clash), dataDir)).rejects.toThrow(
      /an entity \(Country\) with the id "fx-ruritania"/,
    );

    // An entity with the id of a Source in the graph.
    const cites = fixtureDoc('fixture-other');
    cites.entities = [
      { id: 'fixture-source', type: 'Document', name: 'Not a source', section: '1', quote: 'Fixture' },
    ];
    cites.relations = [];
    await expect(loadSource(db, facts(cites), dataDir)).rejects.toThrow(
      /"fixture-source" is the id of a Source in the graph/,
    );

    const own = fixtureDoc();
    own.entities.push({
      id: 'fixture-source',
      type: 'Document',
      name: 'Itself',
      section: '1',
      quote: 'Fixture',
    });
    await expect(loadSource(db, facts(own), dataDir)).rejects.toThrow(/its own id/);

    expect(await graphOf('fixture-source')).toEqual(before);
    const [ruritania] = await db.read({
      name: 'test.ruritania',
      cypher: "MATCH (n:Entity {id: 'fx-ruritania'}) RETURN labels(n) AS labels, n.name AS name",
    });
    expect(ruritania).toEqual({ labels: ['Entity', 'Country'], name: 'Ruritania' });
    expect(await graphOf('fixture-other')).toEqual([]);
  });

  it('reports a clash with the graph as a failed source, and loads the rest', async () => {
    writeFixtureSource(dir, fixtureDoc());
    await loadAllSources(db, dir);
    // A source that no longer validates keeps its Source node; a new file names an entity after it.
    writeFixtureSource(dir, fixtureDoc(), 'source: [broken');
    const cites = fixtureDoc('fixture-other');
    cites.entities = [
      { id: 'fixture-source', type: 'Document', name: 'Not a source', section: '1', quote: 'Fixture' },
    ];
    cites.relations = [];
    writeFixtureSource(dir, cites);
    writeFixtureSource(dir, { ...otherDoc(), source: 'fixture-third' });
    const result = await loadAllSources(db, dir);
    expect(result.changes.map((change) => [change.source, change.status])).toEqual([
      ['fixture-third', 'new'],
    ]);
    expect(result.failed.map((failure) => failure.source)).toEqual(['fixture-other', 'fixture-source']);
    expect(result.failed.slice(0, 1)).toEqual([
      {
        source: 'fixture-other',
        problems: [
          {
            file: join(dir, 'facts', 'fixture-other.yaml'),
            at: 'load',
            reason: '"fixture-source" is the id of a Source in the graph, not of an entity',
          },
        ],
      },
    ]);
  });
});
