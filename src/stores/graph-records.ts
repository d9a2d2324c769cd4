import type { Database, Params, Query, Row } from '../db/database.ts';
import { notFound, userError } from '../errors.ts';
import { pageAt } from '../facts/offsets.ts';
import { type ClaimSet, resolveClaims } from '../model/claims.ts';
import { CITED_IN } from '../model/names.ts';
import { isEntityType, isRelationType } from '../model/ontology.ts';
import { hashOf, parseStoredClaimSet } from '../model/stored.ts';

/**
 * The graph as records, streamed from Neo4j (Database.stream) as it gives the rows, for every
 * export format and every release: a header naming what it was taken from (each source with the
 * hash of its facts, and the release when the graph is one), then each entity and each relation
 * with the values shown and every source's claim with its citation (source, section, quote).
 * Values are as the facts files write them: decimals as strings, dates as ISO dates. Records come
 * in one order (`orderKey`), so two exports diff line by line.
 */
export interface ExportOptions {
  /** Entity types (and the relations between them) and relation types to keep; all when empty. */
  types?: string[];
  /** Only what this source states. */
  source?: string;
}

export interface ExportHeader {
  kind: 'export';
  /** A hash of every source's id and facts hash: the same graph has the same version. */
  version: string;
  /** The release whose version this is, or null when the graph has changed since the last one. */
  release: string | null;
  exportedAt: string;
  filters: ExportOptions;
  sources: Array<{ id: string; name: string; date: string; hash: string }>;
}

export interface EntityClaim {
  source: string;
  section: string;
  quote: string;
  /** The page of the original the quote is on, for an imported source with pages (else absent). */
  page?: number;
  properties: Record<string, unknown>;
  ranks: Record<string, string>;
}

export interface EntityRecord {
  kind: 'entity';
  id: string;
  type: string;
  properties: Record<string, unknown>;
  claims: EntityClaim[];
}

export interface RelationClaim {
  source: string;
  section: string;
  quote: string;
  /** The page of the original the quote is on, for an imported source with pages (else absent). */
  page?: number;
  qualifiers: Record<string, unknown>;
  ranks: Record<string, string>;
}

export interface RelationRecord {
  kind: 'relation';
  id: string;
  type: string;
  from: string;
  to: string;
  /** The qualifier values shown, chosen among the claims as an entity's values are. */
  qualifiers: Record<string, unknown>;
  claims: RelationClaim[];
}

export type ExportRecord = EntityRecord | RelationRecord;

/** The values a claim states: an entity's properties or a relation's qualifiers. */
export const claimValues = (claim: EntityClaim | RelationClaim): Record<string, unknown> =>
  'properties' in claim ? claim.properties : claim.qualifiers;

/** An export about to be read: its header, and the records, which may be read more than once. */
export interface GraphExport {
  header: ExportHeader;
  entities(): AsyncGenerator<EntityRecord>;
  relations(): AsyncGenerator<RelationRecord>;
}

const sourcesQuery: Query = {
  name: 'graphRecords.sources',
  cypher: `
    MATCH (s:Source)
    RETURN s.id AS id, s.name AS name, s.date AS date, s.hash AS hash, s.pages AS pages ORDER BY id`,
};

const releaseQuery: Query = {
  name: 'graphRecords.release',
  cypher: 'MATCH (r:Release {version: $version}) RETURN r.id AS id ORDER BY r.recordedAt DESC LIMIT 1',
};

// The graph is read a page of entity ids at a time, walking the unique index on Entity.id in
// order: each page is a bounded query, so neither Neo4j nor the exporter holds the graph whole.
const pageSize = 1000;

const idPageQuery: Query = {
  name: 'graphRecords.idPage',
  cypher: 'MATCH (n:Entity) WHERE n.id > $after RETURN n.id AS id ORDER BY id LIMIT $limit',
};

const entitiesQuery: Query = {
  name: 'graphRecords.entities',
  cypher: `
    UNWIND $ids AS id
    MATCH (n:Entity {id: id})
    WHERE NOT n:Source AND ($entityTypes IS NULL OR any(l IN labels(n) WHERE l IN $entityTypes))
    CALL (n) {
      MATCH (n)-[c:${CITED_IN}]->(s:Source) WHERE c.claims IS NOT NULL
      RETURN collect({source: s.id, date: s.date, section: c.section, quote: c.quote, start: c.start, claims: c.claims}) AS every
    }
    WITH n, every, [set IN every WHERE $source IS NULL OR set.source = $source] AS own
    // An end of a relation the source states comes too, with what the other sources say of it.
    WITH n, CASE WHEN size(own) > 0 THEN own
      WHEN $source IS NOT NULL AND EXISTS { (n)-[r]-(:Entity) WHERE $source IN r.sources } THEN every
      ELSE [] END AS sets
    WHERE size(sets) > 0
    RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS type, sets ORDER BY id`,
};

/** A page's relations, by the entity they start from, then type, then id (see `orderKey`). */
const relationsQuery: Query = {
  name: 'graphRecords.relations',
  cypher: `
    UNWIND $ids AS id
    MATCH (a:Entity {id: id})-[r]->(b:Entity)
    WHERE r.sources IS NOT NULL AND ($source IS NULL OR $source IN r.sources)
      AND ($relationTypes IS NULL OR type(r) IN $relationTypes)
      AND ($entityTypes IS NULL OR (any(l IN labels(a) WHERE l IN $entityTypes) AND any(l IN labels(b) WHERE l IN $entityTypes)))
    RETURN r.id AS id, type(r) AS type, a.id AS from, b.id AS to, r.sources AS sources, r.claims AS claims
    ORDER BY from, type, id`,
};

/**
 * The order every export and snapshot comes in, and merge joins rely on: entities by id, then
 * relations by the entity they start from, their type and their id.
 */
export const orderKey = (record: ExportRecord): string =>
  record.kind === 'entity'
    ? `0\u0000${record.id}`
    : `1\u0000${record.from}\u0000${record.type}\u0000${record.id}`;

type Filters = ReturnType<typeof filters>;

/** The filters as Cypher parameters; an unknown type is a user error. */
function filters(options: ExportOptions) {
  const types = options.types?.filter(Boolean) ?? [];
  const unknown = types.filter((type) => !isEntityType(type) && !isRelationType(type));
  if (unknown.length)
    throw userError('BAD_USER_INPUT', `unknown type ${unknown.join(', ')}: not in the ontology`);
  const entity = types.filter(isEntityType);
  const relation = types.filter(isRelationType);
  return {
    source: options.source ?? null,
    // Only relation types asked for: every entity stays, so the relations have their ends.
    entityTypes: entity.length ? entity : null,
    relationTypes: relation.length ? relation : null,
  };
}

async function all(db: Database, query: Query, params: Params = {}) {
  const out: Row[] = [];
  for await (const row of db.stream(query, params)) out.push(row);
  return out;
}

/** The rows of a query over `$ids`, run for each page of entity ids in order. */
async function* paged(db: Database, query: Query, params: Params) {
  for (let after = ''; ; ) {
    const ids = (await all(db, idPageQuery, { after, limit: pageSize })).map((row) => row.id as string);
    if (ids.length) yield* db.stream(query, { ...params, ids });
    if (ids.length < pageSize) return;
    after = ids.at(-1) as string;
  }
}

/** The version of a graph holding these sources. */
export const versionOf = (sources: ReadonlyArray<Record<string, unknown>>) =>
  hashOf(sources.map((source) => [source.id, source.hash]));

/** What the records are read with: the sources' dates, and the page of a quote's offset. */
interface SourceIndex {
  dates: Map<unknown, string>;
  pageOf(source: string, start: unknown): { page?: number };
}

/** The header, and what the records need to know of every source. */
async function readHeader(db: Database, options: ExportOptions) {
  const every = await all(db, sourcesQuery);
  const pages = new Map(every.map((source) => [source.id as string, source.pages as number[] | null]));
  const sources = (options.source ? every.filter((source) => source.id === options.source) : every).map(
    ({ pages: _, ...source }) => source,
  );
  if (options.source && !sources.length) throw notFound(`No source ${options.source}`);
  const version = versionOf(every);
  const [release] = await all(db, releaseQuery, { version });
  const header: ExportHeader = {
    kind: 'export',
    version,
    release: (release?.id as string | undefined) ?? null,
    exportedAt: new Date().toISOString(),
    filters: options,
    sources: sources as ExportHeader['sources'],
  };
  const facts: SourceIndex = {
    dates: new Map(every.map((source) => [source.id, source.date as string])),
    // Only a source with pages gives its claims a page: the others' records stay as they were.
    pageOf: (source, start) => {
      const page = typeof start === 'number' ? pageAt(pages.get(source) ?? undefined, start) : null;
      return page === null ? {} : { page };
    },
  };
  return { header, facts };
}

async function* entityRecords(
  db: Database,
  params: Filters,
  facts: SourceIndex,
): AsyncGenerator<EntityRecord> {
  for await (const row of paged(db, entitiesQuery, params)) {
    const raw = row.sets as Array<Record<string, unknown>>;
    const sets = raw.map((set) => ({
      ...parseStoredClaimSet(set),
      ...facts.pageOf(set.source as string, set.start),
    }));
    sets.sort((a, b) => a.source.localeCompare(b.source));
    yield {
      kind: 'entity',
      id: row.id as string,
      type: row.type as string,
      properties: resolveClaims(sets).props,
      claims: sets.map(({ source, section, quote, page, props, ranks }) => ({
        source,
        section,
        quote,
        ...(page ? { page } : {}),
        properties: props,
        ranks,
      })),
    };
  }
}

async function* relationRecords(
  db: Database,
  params: Filters,
  facts: SourceIndex,
): AsyncGenerator<RelationRecord> {
  for await (const row of paged(db, relationsQuery, params)) {
    const claims = (row.sources as string[]).flatMap((source, at) => {
      if (params.source && source !== params.source) return [];
      const claim = JSON.parse((row.claims as string[])[at] as string) as Omit<RelationClaim, 'source'> & {
        start?: number;
        asOf?: string;
      };
      const { section, quote, qualifiers, ranks } = claim;
      const record = {
        source,
        section,
        quote,
        ...facts.pageOf(source, claim.start),
        qualifiers,
        ranks: ranks ?? {},
      };
      return [{ record, asOf: claim.asOf }];
    });
    // With each claim's asOf, as the loader resolves them (src/loader/stored-claims.ts relationPropsOf).
    const sets = claims.map(({ record, asOf }) => ({
      ...record,
      sourceDate: facts.dates.get(record.source) ?? '',
      ...(asOf ? { asOf } : {}),
      props: record.qualifiers,
      ranks: record.ranks as ClaimSet['ranks'],
    }));
    yield {
      kind: 'relation',
      id: row.id as string,
      type: row.type as string,
      from: row.from as string,
      to: row.to as string,
      qualifiers: resolveClaims(sets).props,
      claims: claims.map(({ record }) => record),
    };
  }
}

/**
 * Checks the options and reads the header; a bad type or an unknown source throws here, before
 * any record, so a caller can still answer with an error.
 */
export async function openGraphRecords(db: Database, options: ExportOptions = {}): Promise<GraphExport> {
  const params = filters(options);
  const { header, facts } = await readHeader(db, options);
  return {
    header,
    entities: () => entityRecords(db, params, facts),
    relations: () => relationRecords(db, params, facts),
  };
}

/** Every record, entities first. */
export async function* recordsOf(graph: GraphExport): AsyncGenerator<ExportRecord> {
  yield* graph.entities();
  yield* graph.relations();
}
