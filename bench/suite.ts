// The operations analysts run, written for our API, for @neo4j/graphql (the peer) and as the raw
// Cypher that returns the same data. Each has a normaliser so the three answers can be compared.
import { dataDir } from '../src/facts/source-files.ts';
import { glossaryFor } from '../src/search/glossary.ts';
import { luceneQuery, parseQuery } from '../src/search/rank.ts';

// The candidate query our search sends for "Meeting 12" among meetings; ranking them is ours alone.
const meeting12 = luceneQuery(parseQuery('Meeting 12', glossaryFor(dataDir)), ['Meeting']);

export interface Ids {
  country: string;
  topic: string;
  meeting: string;
  project: string;
  document: string;
}

type Json = Record<string, unknown>;
type Rows = Array<Record<string, unknown>>;

export interface Operation {
  name: string;
  ours: string;
  peer?: string;
  cypher: string;
  /** The answer does not grow with the graph, so neither should the latency. */
  boundedResult: boolean;
  variables: (ids: Ids) => Json;
  fromOurs: (data: Json) => unknown;
  fromPeer?: (data: Json) => unknown;
  fromCypher: (rows: Rows) => unknown;
}

const sorted = (values: string[]) => [...values].sort();
const first = <T>(list: unknown): T => (list as T[])[0] as T;
const idsOf = (list: unknown) => sorted((list as Array<{ id: string }>).map((item) => item.id));

/** What the two path operations share: the floor (the path's length in Cypher) and how it compares. */
const shortestPathFloor = {
  boundedResult: true,
  cypher: `MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
      MATCH p = shortestPath((a)-[:AWARDED_TO|ATTENDED|PRODUCED|ADDRESSES*..6]-(b))
      RETURN length(p) AS length`,
  variables: (ids: Ids) => ({ from: ids.project, to: ids.document }),
  fromOurs: (data: Json) => (data.shortestPath as { length: number } | null)?.length ?? null,
  fromCypher: (rows: Rows) => rows[0]?.length ?? null,
};

export const suite: Operation[] = [
  {
    name: 'entity by id',
    boundedResult: true,
    ours: 'query ($id: ID!) { entity(id: $id) { id name nameTh ... on Country { iso2 } } }',
    peer: 'query ($id: ID!) { countries(where: { id: { eq: $id } }) { id name nameTh iso2 } }',
    cypher:
      'MATCH (n:Entity:Country {id: $id}) RETURN n.id AS id, n.name AS name, n.nameTh AS nameTh, n.iso2 AS iso2',
    variables: (ids) => ({ id: ids.country }),
    fromOurs: (data) => data.entity,
    fromPeer: (data) => first(data.countries),
    fromCypher: (rows) => rows[0],
  },
  {
    name: 'list: filter, sort, page',
    boundedResult: true,
    ours: '{ projects(where: { year: 2020 }, orderBy: { field: NAME }, first: 20) { nodes { id name year amount { amount } } } }',
    peer: '{ projects(where: { year: { eq: 2020 } }, sort: [{ name: ASC }], limit: 20) { id name year amount } }',
    cypher:
      'MATCH (p:Project) WHERE p.year = 2020 RETURN p.id AS id, p.name AS name, p.year AS year, p.amount AS amount ORDER BY toLower(p.name), p.id LIMIT 20',
    variables: () => ({}),
    fromOurs: (data) =>
      (
        data.projects as {
          nodes: Array<{ id: string; name: string; year: number; amount: { amount: string } }>;
        }
      ).nodes.map((p) => [p.id, p.name, p.year, p.amount.amount]),
    fromPeer: (data) =>
      (data.projects as Array<{ id: string; name: string; year: number; amount: string }>).map((p) => [
        p.id,
        p.name,
        p.year,
        p.amount,
      ]),
    fromCypher: (rows) => rows.map((p) => [p.id, p.name, p.year, p.amount]),
  },
  {
    name: 'two levels: meeting → documents',
    boundedResult: true,
    ours: 'query ($id: ID!) { entity(id: $id) { id ... on Meeting { outcomes { id name } } } }',
    peer: 'query ($id: ID!) { meetings(where: { id: { eq: $id } }) { id documents { id name } } }',
    cypher: 'MATCH (:Entity:Meeting {id: $id})-[:PRODUCED]->(d:Document) RETURN d.id AS id',
    variables: (ids) => ({ id: ids.meeting }),
    fromOurs: (data) => idsOf((data.entity as { outcomes: unknown }).outcomes),
    fromPeer: (data) => idsOf(first<{ documents: unknown }>(data.meetings).documents),
    fromCypher: (rows) => sorted(rows.map((row) => row.id as string)),
  },
  {
    name: 'three levels: topic → projects → recipients',
    boundedResult: true,
    ours: 'query ($id: ID!) { entity(id: $id) { ... on Topic { addressedBy { id ... on Project { recipients { id name } } } } } }',
    peer: 'query ($id: ID!) { topics(where: { id: { eq: $id } }) { projects { id recipients { id name } } } }',
    // Each project with its recipients, their names too: what the two APIs' answers hold.
    cypher:
      'MATCH (:Entity:Topic {id: $id})<-[:ADDRESSES]-(p:Project)-[:AWARDED_TO]->(c:Country) RETURN p.id AS project, c.id AS recipient, c.name AS name',
    variables: (ids) => ({ id: ids.topic }),
    fromOurs: (data) =>
      sorted(
        (
          data.entity as { addressedBy: Array<{ id: string; recipients: Array<{ id: string }> }> }
        ).addressedBy.flatMap((p) => p.recipients.map((c) => `${p.id}>${c.id}`)),
      ),
    fromPeer: (data) =>
      sorted(
        first<{ projects: Array<{ id: string; recipients: Array<{ id: string }> }> }>(
          data.topics,
        ).projects.flatMap((p) => p.recipients.map((c) => `${p.id}>${c.id}`)),
      ),
    fromCypher: (rows) => sorted(rows.map((row) => `${row.project}>${row.recipient}`)),
  },
  {
    name: 'connection with totalCount',
    boundedResult: false,
    ours: '{ projects(where: { year: 2020 }, first: 1) { totalCount } }',
    peer: '{ projectsConnection(where: { year: { eq: 2020 } }, first: 1) { totalCount } }',
    cypher: 'MATCH (p:Project) WHERE p.year = 2020 RETURN count(p) AS count',
    variables: () => ({}),
    fromOurs: (data) => (data.projects as { totalCount: number }).totalCount,
    fromPeer: (data) => (data.projectsConnection as { totalCount: number }).totalCount,
    fromCypher: (rows) => rows[0]?.count,
  },
  {
    name: 'neighbourhood of a meeting',
    boundedResult: true,
    ours: 'query ($id: ID!) { neighborhood(id: $id, depth: 1, limit: 200) { nodes { id } } }',
    peer: 'query ($id: ID!) { meetings(where: { id: { eq: $id } }) { id countries { id } organizations { id } documents { id } } }',
    cypher: 'MATCH (:Entity:Meeting {id: $id})-[:ATTENDED|PRODUCED]-(m:Entity) RETURN DISTINCT m.id AS id',
    variables: (ids) => ({ id: ids.meeting }),
    fromOurs: (data) => idsOf((data.neighborhood as { nodes: Array<{ id: string }> }).nodes.slice(1)),
    fromPeer: (data) => {
      const meeting = first<{ countries: unknown[]; organizations: unknown[]; documents: unknown[] }>(
        data.meetings,
      );
      return idsOf([...new Set([...meeting.countries, ...meeting.organizations, ...meeting.documents])]);
    },
    fromCypher: (rows) => sorted(rows.map((row) => row.id as string)),
  },
  {
    name: 'full-text search',
    boundedResult: true,
    ours: '{ search(query: "Meeting 12", types: ["Meeting"], first: 10) { entity { id } } }',
    // The floor: the candidates our search asks the index for, best Lucene score first, with what
    // our ranking reads of them (names, descriptions, quotes, degree). The ranking is ours alone.
    cypher: `CALL db.index.fulltext.queryNodes('entity_search', '${meeting12}', {limit: 100}) YIELD node AS n
      WHERE n:Meeting
      RETURN n.id AS id, n {.name, .nameTh, .aliases, .description, .descriptionTh, .searchAlso} AS text,
        [(n)-[c:CITED_IN]->(:Source) WHERE c.quote IS NOT NULL | c.quote] AS quotes,
        COUNT { (n)--() } AS degree`,
    variables: () => ({}),
    // Ranking beyond Lucene's order is ours, so the answers compared are the best hit, "Meeting 12".
    fromOurs: (data) => (data.search as Array<{ entity: { id: string } }>)[0]?.entity.id,
    fromCypher: (rows) => rows[0]?.id,
  },
  {
    name: 'claims and sources of an entity',
    boundedResult: true,
    ours: `query ($id: ID!) { entity(id: $id) {
      sources { id name date } claims(property: "name") { value preferred provenance { section quote } } } }`,
    // Each source with its section, quote and claims (the name's value is in the claims).
    cypher: `MATCH (:Entity {id: $id})-[c:CITED_IN]->(s:Source)
      RETURN s.id AS id, s.name AS name, s.date AS date, c.section AS section, c.quote AS quote, c.claims AS claims`,
    variables: (ids) => ({ id: ids.country }),
    fromOurs: (data) => idsOf((data.entity as { sources: unknown }).sources),
    fromCypher: (rows) => sorted(rows.map((row) => row.id as string)),
  },
  {
    name: 'path with citations',
    ...shortestPathFloor,
    // The path's relationships with their provenance and the sources they cite.
    cypher: `MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
      MATCH p = shortestPath((a)-[:AWARDED_TO|ATTENDED|PRODUCED|ADDRESSES*..6]-(b))
      RETURN length(p) AS length, [r IN relationships(p) | {id: r.id, type: type(r), sources: r.sources,
        claims: r.claims, cited: COLLECT { UNWIND r.sources AS cited MATCH (s:Entity:Source {id: cited})
          RETURN s {.id, .name, .date} }}] AS edges`,
    ours: `query ($from: ID!, $to: ID!) { shortestPath(from: $from, to: $to) {
      length edges { id type provenance { section quote source { id name date } } } } }`,
  },
  {
    name: 'shortest path',
    ...shortestPathFloor,
    ours: 'query ($from: ID!, $to: ID!) { shortestPath(from: $from, to: $to) { length nodes { id } } }',
  },
];
