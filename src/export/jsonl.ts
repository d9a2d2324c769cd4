import neo4j from 'neo4j-driver';
import { type Database, mapDatabaseError } from '../db/database.ts';
import { toPlain } from '../db/values.ts';
import { notFound, userError } from '../errors.ts';
import { resolveClaims } from '../kb/claims.ts';
import { CITED_IN } from '../kb/load.ts';
import { entityTypes, relationTypes } from '../kb/ontology.ts';
import { hashOf, parseStoredClaimSet } from '../kb/stored.ts';

/**
 * The graph as JSON Lines, streamed from Neo4j: a first line naming what it was taken from (each
 * source with the hash of its facts), then one line per entity and one per relation. Each carries
 * the values shown and every source's claim with its citation (source, section, quote), values
 * as the facts files write them: decimals as strings, dates as ISO dates.
 */
export interface ExportOptions {
  /** Entity types (and the relations between them) and relation types to keep; all when empty. */
  types?: string[];
  /** Only what this source states. */
  source?: string;
}

const sourcesCypher = `
  MATCH (s:Source) WHERE $source IS NULL OR s.id = $source
  RETURN s.id AS id, s.name AS name, s.date AS date, s.hash AS hash ORDER BY id`;

const entitiesCypher = `
  MATCH (n:Entity) WHERE NOT n:Source AND ($entityTypes IS NULL OR any(l IN labels(n) WHERE l IN $entityTypes))
  CALL (n) {
    MATCH (n)-[c:${CITED_IN}]->(s:Source)
    WHERE c.claims IS NOT NULL AND ($source IS NULL OR s.id = $source)
    RETURN collect({source: s.id, date: s.date, section: c.section, quote: c.quote, claims: c.claims}) AS sets
  }
  WITH n, sets WHERE size(sets) > 0
  RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS type, sets ORDER BY id`;

const relationsCypher = `
  MATCH (a:Entity)-[r]->(b:Entity)
  WHERE r.sources IS NOT NULL AND ($source IS NULL OR $source IN r.sources)
    AND ($relationTypes IS NULL OR type(r) IN $relationTypes)
    AND ($entityTypes IS NULL OR (any(l IN labels(a) WHERE l IN $entityTypes) AND any(l IN labels(b) WHERE l IN $entityTypes)))
  RETURN r.id AS id, type(r) AS type, a.id AS from, b.id AS to, r.sources AS sources, r.claims AS claims
  ORDER BY id`;

/** The filters as Cypher parameters; an unknown type is a user error. */
function filters(options: ExportOptions) {
  const types = options.types?.filter(Boolean) ?? [];
  const unknown = types.filter((type) => !(type in entityTypes) && !(type in relationTypes));
  if (unknown.length)
    throw userError('BAD_USER_INPUT', `unknown type ${unknown.join(', ')}: not in the ontology`);
  const entity = types.filter((type) => type in entityTypes);
  const relation = types.filter((type) => type in relationTypes);
  return {
    source: options.source ?? null,
    // Only relation types asked for: every entity stays, so the relations have their ends.
    entityTypes: entity.length ? entity : null,
    relationTypes: relation.length ? relation : null,
  };
}

/** Records of one query, as plain JSON, read as they come (the driver pulls in batches). */
async function* rows(db: Database, cypher: string, params: Record<string, unknown>) {
  const session = db.driver.session({
    database: db.database,
    defaultAccessMode: neo4j.session.READ,
    fetchSize: 500,
  });
  try {
    for await (const record of session.run(cypher, params))
      yield toPlain(record.toObject()) as Record<string, unknown>;
  } catch (error) {
    throw mapDatabaseError(error); // Neo4j down or frozen: DATABASE_UNAVAILABLE, as the API says it
  } finally {
    await session.close();
  }
}

interface RelationClaim {
  section: string;
  quote: string;
  qualifiers: Record<string, unknown>;
  ranks?: Record<string, string>;
}

export async function* exportJsonl(db: Database, options: ExportOptions = {}): AsyncGenerator<string> {
  const params = filters(options);
  const sources: Array<Record<string, unknown>> = [];
  for await (const source of rows(db, sourcesCypher, params)) sources.push(source);
  if (options.source && !sources.length) throw notFound(`No source ${options.source}`);
  const version = hashOf(sources.map((source) => [source.id, source.hash]));
  yield `${JSON.stringify({ kind: 'export', version, exportedAt: new Date().toISOString(), filters: options, sources })}\n`;
  for await (const row of rows(db, entitiesCypher, params)) {
    const sets = (row.sets as Array<Record<string, unknown>>).map(parseStoredClaimSet);
    sets.sort((a, b) => a.source.localeCompare(b.source));
    yield `${JSON.stringify({
      kind: 'entity',
      id: row.id,
      type: row.type,
      properties: resolveClaims(sets).props,
      claims: sets.map(({ source, section, quote, props, ranks }) => ({
        source,
        section,
        quote,
        properties: props,
        ranks,
      })),
    })}\n`;
  }
  for await (const row of rows(db, relationsCypher, params)) {
    const claims = (row.sources as string[]).flatMap((source, at) => {
      if (options.source && source !== options.source) return [];
      const claim = JSON.parse((row.claims as string[])[at] as string) as RelationClaim;
      return [
        {
          source,
          section: claim.section,
          quote: claim.quote,
          qualifiers: claim.qualifiers,
          ranks: claim.ranks ?? {},
        },
      ];
    });
    yield `${JSON.stringify({ kind: 'relation', id: row.id, type: row.type, from: row.from, to: row.to, claims })}\n`;
  }
}
