import { readFileSync } from 'node:fs';
import type { Driver } from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import type { OperationBudget } from '../../src/db/budget.ts';
import { Database, type Params, type Query, type Row } from '../../src/db/database.ts';
import { createApp, testOptions } from '../../src/yoga.ts';

/**
 * The Cypher tier: what the planner sends to Neo4j for representative selections, as snapshots
 * (in the spirit of @neo4j/graphql's tests/tck). No database: a stand-in records each named query
 * and answers from a few canned rows, so the resolvers go on to their next round trip. A change in
 * generated Cypher shows up here as a diff to review; `vitest -u` accepts it.
 */
class RecordingDatabase extends Database {
  readonly sent: Array<{ name: string; cypher: string; params: Params }> = [];

  constructor() {
    super({} as Driver, 'neo4j', 15);
  }

  override async read(query: Query, params: Params = {}, budget?: OperationBudget): Promise<Row[]> {
    await budget?.acquire().then((release) => release());
    this.sent.push({ name: query.name, cypher: tidy(query.cypher), params });
    return canned(query.name, params);
  }
}

/** An entity record as the stores read it: `[id, type, props]`. */
const entity = (id: string) => [id, 'Country', { id, name: 'Thailand' }];

/** Just enough rows for the next level to be asked for. */
function canned(name: string, params: Params): Row[] {
  const ids = (params.ids ?? []) as string[];
  if (name === 'entities.byIds') return ids.map((id) => ({ asked: id, entity: entity(id) }));
  if (name === 'entities.byIdsNested')
    return ids.map((id) => ({ asked: id, entity: entity(id), nested: [], evidence: [] }));
  if (name === 'paths.ends') return ids.map((id) => ({ id, entity: entity(id) }));
  return [];
}

const tidy = (cypher: string) =>
  cypher
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .join('\n');

async function sentFor(query: string) {
  const db = new RecordingDatabase();
  const app = createApp(db, testOptions);
  const response = await app.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  await response.text();
  return db.sent;
}

const example = (file: string) => readFileSync(`schema/examples/${file}`, 'utf8');

describe('the Cypher the API sends', () => {
  it('plans typed fields of an entity, two levels deep, into its one query', async () => {
    const sent = await sentFor(
      '{ entity(id: "thailand") { name ... on Country { meetings { name hostCountry { name } } agreements { name } } } }',
    );
    expect(sent.map((query) => query.name)).toEqual(['entities.byIdsNested']);
    expect(sent).toMatchSnapshot();
  });

  it('plans sources and claims of an entity and of its typed fields into its one query', async () => {
    const sent = await sentFor(
      '{ entity(id: "thailand") { sources { name } ... on Country { meetings { claims { value } } } } }',
    );
    expect(sent.map((query) => query.name)).toEqual(['entities.byIdsNested']);
    const [query] = sent;
    expect(query?.cypher.match(/CITED_IN/g)).toHaveLength(2);
    expect(sent).toMatchSnapshot();
  });

  it('batches generic relations of several entities into one UNION query per level', async () => {
    const sent = await sentFor(
      '{ nodes(ids: ["thailand", "cambodia"]) { ... on Entity { relations(types: ["ATTENDED"], first: 5) { totalCount nodes { type node { id } } } } } }',
    );
    expect(sent.map((query) => query.name)).toEqual(['entities.byIdsNested', 'entities.relations']);
    expect(sent).toMatchSnapshot();
  });

  it('writes only the list conditions that are given, so indexes apply', async () => {
    const sent = await sentFor(example('12-meetings-2025.graphql'));
    expect(sent).toMatchSnapshot();
    const projects = await sentFor(
      '{ projects(where: { year: 2024 }, first: 5) { totalCount nodes { name } } }',
    );
    const cypher = projects.map((query) => query.cypher).join('\n');
    expect(cypher).toContain('$year');
    for (const absent of ['$kind', '$nameContains', '$relatedTo', '$country', '$from'])
      expect(cypher).not.toContain(absent);
    expect(projects).toMatchSnapshot();
  });

  it('plans a list with typed fields three levels down (example 06) in one query', async () => {
    const sent = await sentFor(example('06-ict-fund-2024-approval.graphql'));
    expect(sent).toHaveLength(1);
    expect(sent).toMatchSnapshot();
  });

  it('expands a neighbourhood with only the selected properties', async () => {
    const sent = await sentFor('{ neighborhood(id: "thailand") { nodes { name } edges { type } } }');
    // No canned row for it: the stand-in has no Thailand, so the answer is NOT_FOUND.
    expect(sent.map((query) => query.name)).toEqual(['graph.expandStart']);
    expect(sent).toMatchSnapshot();
  });

  it('finds paths with validated type names and every value a parameter', async () => {
    const sent = await sentFor(
      '{ paths(from: "thailand", to: "itu", maxHops: 3, types: ["ATTENDED", "PARTY_TO"], window: { from: "2024-01-01" }) { length } }',
    );
    expect(sent.map((query) => query.name)).toEqual(['paths.ends', 'paths.paths']);
    expect(sent).toMatchSnapshot();
  });
});
