import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { loadAllSources } from '../../src/loader/load-all.ts';
import { createApp, testOptions } from '../../src/yoga.ts';
import { testDatabase } from '../helpers/database.ts';

/** Three synthetic sources that overlap and disagree on purpose: test/fixtures/claims/README.md. */
const fixtures = join(import.meta.dirname, '../fixtures/claims');
const [A, B, C] = ['synthetic-resolution-a', 'synthetic-record-b', 'synthetic-statement-c'];

/** A GraphQL answer, read loosely: the assertions, not the types, check its shape. */
// biome-ignore lint/suspicious/noExplicitAny: see above
type Answer = any;

let db: Database;
let dir: string;
let gql: (query: string, variables?: Record<string, unknown>) => Promise<Record<string, Answer>>;
let fetchRaw: (query: string) => Promise<{ errors?: Array<{ extensions?: { code?: string } }> }>;

/** Takes a source's files out of the data directory, as a curator deleting them would. */
function deleteSourceFiles(source: string) {
  for (const file of [`sources/${source}.txt`, `sources/${source}.meta.yaml`, `facts/${source}.yaml`])
    rmSync(join(dir, file));
}

async function load(options: { dryRun?: boolean } = {}) {
  const result = await loadAllSources(db, dir, options);
  expect(result.failed).toEqual([]);
  return result.changes;
}

const meetingQuery = `{
  entity(id: "fx-meeting-1") {
    name
    conflicts
    sources { id }
    properties
    claims(property: "status") { value preferred rank provenance { source { id } section quote } }
    history { summary sourceDate provenance { source { id } } }
  }
}`;

beforeAll(async () => {
  db = testDatabase();
  await migrate(db);
  // Whatever an earlier file left of these ids goes, so each load below starts from the files. Only
  // this fixture's sources: another file's (a copy of data/ with test/fixtures/more-sources, in CI's
  // second pass) would leave the entities they declare behind, with no source to remove them by.
  await db.write(
    {
      name: 'test.removeSynthetic',
      cypher: `MATCH (n) WHERE n:Redirect OR n.id STARTS WITH 'fx-' OR n.id IN $sources
        DETACH DELETE n`,
    },
    { sources: [A, B, C] },
  );
  const app = createApp(db, testOptions);
  fetchRaw = async (query) => {
    const response = await app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    return response.json();
  };
  gql = async (query, variables) => {
    const response = await app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, Answer>; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return body.data ?? {};
  };
});

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'claims-'));
  cpSync(fixtures, dir, { recursive: true });
  await load();
});

afterAll(async () => {
  await db.close();
});

describe('three sources, one graph', () => {
  it('shows the most recent source’s values, keeps every claim and reports the conflicts', async () => {
    const { entity } = await gql(meetingQuery);
    expect(entity.properties).toMatchObject({
      status: 'held',
      startDate: '2024-03-12',
      endDate: '2024-03-13',
      datePrecision: 'day',
      city: 'Freedon City',
      ordinal: 1,
    });
    // Names differ in wording, not in fact: the record's is shown, the resolution's stays an alias.
    expect(entity.name).toBe('First Meeting of the Test Digital Council');
    expect(entity.properties.aliases).toContain('1st meeting of the Test Digital Council');
    expect(entity.conflicts).toEqual(['datePrecision', 'endDate', 'startDate', 'status']);
    expect(entity.sources.map((s: { id: string }) => s.id).sort()).toEqual([A, B, C].sort());
    expect(entity.claims).toEqual([
      {
        value: 'held',
        preferred: true,
        rank: 'NORMAL',
        provenance: {
          source: { id: B },
          section: '1',
          quote:
            'The 1st meeting of the Test Digital Council was held on 12-13 March 2024 in Freedon City, Freedonia.',
        },
      },
      {
        value: 'postponed',
        preferred: false,
        rank: 'DEPRECATED',
        provenance: { source: { id: C }, section: '3', quote: 'Its first meeting has been postponed.' },
      },
      {
        value: 'planned',
        preferred: false,
        rank: 'NORMAL',
        provenance: {
          source: { id: A },
          section: '2',
          quote: 'The 1st meeting of the Test Digital Council is planned for March 2024 in Freedonia.',
        },
      },
    ]);
    expect(entity.history).toEqual([
      { summary: 'planned for March 2024', sourceDate: '2024-01-10', provenance: { source: { id: A } } },
      { summary: 'held 12–13 March 2024', sourceDate: '2024-03-14', provenance: { source: { id: B } } },
    ]);
  });

  it('shows a preferred claim over a more recent one', async () => {
    const { entity } = await gql(`{
      entity(id: "fx-fund") { conflicts properties claims(property: "foundedYear") { value preferred rank } }
    }`);
    expect(entity.properties.foundedYear).toBe(2020);
    expect(entity.conflicts).toEqual(['foundedYear']);
    expect(entity.claims).toEqual([
      { value: 2021, preferred: false, rank: 'NORMAL' },
      { value: 2020, preferred: true, rank: 'PREFERRED' },
    ]);
  });

  it('states a relation once, with every source’s citation', async () => {
    const { entity } = await gql(`{
      entity(id: "fx-meeting-1") {
        relations(types: ["HOSTED_BY"]) {
          totalCount
          nodes { id node { id } properties provenance { source { id } quote } }
        }
      }
    }`);
    expect(entity.relations.totalCount).toBe(1);
    const [hosted] = entity.relations.nodes;
    expect(hosted.id).toBe('HOSTED_BY:fx-meeting-1:fx-freedonia');
    expect(hosted.properties).toEqual({ id: 'HOSTED_BY:fx-meeting-1:fx-freedonia' });
    expect(hosted.provenance).toEqual([
      { source: { id: B }, quote: 'in Freedon City, Freedonia' },
      { source: { id: A }, quote: 'planned for March 2024 in Freedonia' },
    ]);
  });

  it('merges a sameAs id into its entity: either id answers the same', async () => {
    const { merged, kept } = await gql(`{
      merged: entity(id: "fx-digital-council") { id name aliases sources { id } }
      kept: entity(id: "fx-council") { id name aliases sources { id } relations(types: ["MEMBER_OF"]) { nodes { node { id } provenance { source { id } } } } }
    }`);
    expect(merged.id).toBe('fx-council');
    expect(merged.name).toBe(kept.name);
    expect(kept.aliases).toEqual(expect.arrayContaining(['TDC', 'Test Digital Council']));
    const members = kept.relations.nodes.map((r: Answer) => [
      r.node.id,
      r.provenance.map((p: Answer) => p.source.id),
    ]);
    expect(members).toEqual(
      expect.arrayContaining([
        ['fx-ruritania', [A, C]],
        ['fx-freedonia', [A]],
      ]),
    );
    const { search } = await gql('{ search(query: "TDC") { entity { id } } }');
    expect(search.map((hit: Answer) => hit.entity.id)).toContain('fx-council');
  });

  it('keeps what a source declares when another only names it', async () => {
    const { entity } = await gql('{ entity(id: "fx-ruritania") { nameTh aliases sources { id } } }');
    expect(entity.nameTh).toBe('รูริทาเนีย');
    expect(entity.aliases).toEqual(['Kingdom of Ruritania']);
    expect(entity.sources.map((s: { id: string }) => s.id).sort()).toEqual([A, B, C].sort());
    const { search } = await gql('{ search(query: "รูริทาเนีย") { entity { id } } }');
    expect(search.map((hit: Answer) => hit.entity.id)).toContain('fx-ruritania');
  });

  it('pages a source’s own entities and relations', async () => {
    const { entity } = await gql(`{
      entity(id: "${B}") {
        ... on Source {
          entities(first: 10, orderBy: {field: ID}) { totalCount nodes { id } }
          relations(first: 2) { totalCount nodes { id } pageInfo { hasNextPage endCursor } }
        }
      }
    }`);
    expect(entity.entities.nodes.map((n: { id: string }) => n.id)).toEqual([
      'fx-freedonia',
      'fx-meeting-1',
      'fx-ruritania',
      'fx-sylvania',
    ]);
    expect(entity.relations.totalCount).toBe(4);
    expect(entity.relations.pageInfo.hasNextPage).toBe(true);
    const next = await gql(
      `query ($after: String) { entity(id: "${B}") { ... on Source { relations(first: 5, after: $after) { nodes { id } } } } }`,
      { after: entity.relations.pageInfo.endCursor },
    );
    const ids = [...entity.relations.nodes, ...next.entity.relations.nodes].map((n: { id: string }) => n.id);
    expect(ids).toEqual([
      'ATTENDED:fx-freedonia:fx-meeting-1',
      'ATTENDED:fx-ruritania:fx-meeting-1',
      'ATTENDED:fx-sylvania:fx-meeting-1',
      'HOSTED_BY:fx-meeting-1:fx-freedonia',
    ]);
  });
});

describe('matching names to existing entities', () => {
  it('finds an entity by its Thai name, an alias or an acronym, best first', async () => {
    const { thai, alias, typed } = await gql(`{
      thai: match(name: "รูริทาเนีย") { entity { id } score reason }
      alias: match(name: "TDC", type: "Organization") { entity { id } score }
      typed: match(name: "Freedonia", type: "Organization") { entity { id } score reason }
    }`);
    expect(thai[0]).toEqual({
      entity: { id: 'fx-ruritania' },
      score: 1,
      reason: expect.stringContaining('รูริทาเนีย'),
    });
    expect(alias[0]).toEqual({ entity: { id: 'fx-council' }, score: 1 });
    // The same name on another type is a weaker match, and says so.
    expect(typed[0]).toMatchObject({ entity: { id: 'fx-freedonia' }, score: 0.6 });
    expect(typed[0].reason).toContain('the type is Country');
  });

  it('refuses an unknown type', async () => {
    const response = await fetchRaw('{ match(name: "x", type: "Planet") { score } }');
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('sources come and go', () => {
  it('reloads with no change when nothing changed', async () => {
    const changes = await load();
    expect(changes.map((change) => [change.source, change.status])).toEqual([
      [B, 'unchanged'],
      [A, 'unchanged'],
      [C, 'unchanged'],
    ]);
  });

  it('removing a source removes exactly its claims and recomputes the values shown', async () => {
    deleteSourceFiles(B);
    const [removal] = await load();
    expect(removal).toMatchObject({
      source: B,
      status: 'removed',
      removed: {
        entities: ['fx-sylvania'],
        relations: expect.arrayContaining(['ATTENDED:fx-sylvania:fx-meeting-1']),
      },
    });
    expect(removal?.removed.relations).toHaveLength(3);
    expect(removal?.changed).toEqual(
      expect.arrayContaining([
        { entity: 'fx-meeting-1', property: 'status', before: 'held', after: 'planned' },
      ]),
    );
    const { meeting, sylvania, source } = await gql(`{
      meeting: entity(id: "fx-meeting-1") {
        conflicts sources { id } properties history { summary }
        relations(types: ["HOSTED_BY"]) { nodes { provenance { source { id } } } }
      }
      sylvania: node(id: "fx-sylvania") { id }
      source: node(id: "${B}") { id }
    }`);
    expect(meeting.properties).toMatchObject({
      status: 'planned',
      startDate: '2024-03-01',
      datePrecision: 'month',
    });
    expect(meeting.properties.city).toBeUndefined();
    // The statement's "postponed" is deprecated: kept, not shown, and no disagreement.
    expect(meeting.conflicts).toEqual([]);
    expect(meeting.history).toEqual([]);
    expect(meeting.sources.map((s: { id: string }) => s.id).sort()).toEqual([A, C]);
    expect(meeting.relations.nodes).toEqual([{ provenance: [{ source: { id: A } }] }]);
    expect(sylvania).toBeNull();
    expect(source).toBeNull();
  });

  it('removing the source of a sameAs splits the ids again', async () => {
    deleteSourceFiles(C);
    await load();
    const { council, old } = await gql(`{
      council: entity(id: "fx-council") { aliases relations(types: ["FUNDED_BY", "MEMBER_OF"]) { nodes { id provenance { source { id } } } } }
      old: node(id: "fx-digital-council") { id }
    }`);
    expect(old).toBeNull();
    expect(council.aliases).not.toContain('TDC');
    expect(council.relations.nodes.map((r: Answer) => [r.id, r.provenance.length])).toEqual([
      ['MEMBER_OF:fx-freedonia:fx-council', 1],
      ['MEMBER_OF:fx-ruritania:fx-council', 1],
    ]);
  });

  it('plans a load without writing it', async () => {
    deleteSourceFiles(B);
    await load();
    cpSync(join(fixtures, 'sources'), join(dir, 'sources'), { recursive: true });
    cpSync(join(fixtures, 'facts'), join(dir, 'facts'), { recursive: true });
    const plan = await load({ dryRun: true });
    const record = plan.find((change) => change.source === B);
    expect(record).toMatchObject({ status: 'new', added: { entities: ['fx-sylvania'] } });
    expect(record?.changed).toEqual(
      expect.arrayContaining([
        { entity: 'fx-meeting-1', property: 'status', before: 'planned', after: 'held' },
        { entity: 'fx-meeting-1', property: 'startDate', before: '2024-03-01', after: '2024-03-12' },
      ]),
    );
    expect(record?.conflicts).toEqual(
      expect.arrayContaining([{ entity: 'fx-meeting-1', property: 'status' }]),
    );
    const { entity } = await gql('{ entity(id: "fx-meeting-1") { properties } }');
    expect(entity.properties.status).toBe('planned');
    // The load then does what the plan said.
    const loaded = (await load()).find((change) => change.source === B);
    expect(loaded?.changed).toEqual(record?.changed);
    expect(loaded?.added).toEqual(record?.added);
  });
});
