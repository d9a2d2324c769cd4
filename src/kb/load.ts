import { createHash } from 'node:crypto';
import neo4j from 'neo4j-driver';
import type { Database, Query } from '../db/database.ts';
import { entityTypes, type PropKind, propsOf, qualifierKinds } from './ontology.ts';
import type { EntityFact, RelationFact, SourceFacts } from './validate.ts';

/** What a load changed, from Neo4j's own counters. A second load of the same file reports zeros. */
export interface LoadCounters {
  nodesCreated: number;
  nodesDeleted: number;
  relationshipsCreated: number;
  relationshipsDeleted: number;
  propertiesSet: number;
  labelsAdded: number;
  labelsRemoved: number;
}

export interface LoadReport {
  source: string;
  entities: number;
  relations: number;
  counters: LoadCounters;
  ms: number;
}

/**
 * A source and an entity share an id: loading would turn the entity into the Source (or the
 * Source into an entity), and the damage would outlive the file. Nothing is written.
 */
export class SourceConflictError extends Error {
  override name = 'SourceConflictError';
  constructor(
    readonly source: string,
    readonly reasons: string[],
  ) {
    super(`Source ${source} not loaded: ${reasons.join('; ')}`);
  }
}

/** Provenance of an entity is a CITED_IN edge to its Source; analytics never traverse it. */
export const CITED_IN = 'CITED_IN';
const BATCH = 5_000;
/** Part of every source's hash: raise it when the way facts are stored changes, so all reload. */
const FORMAT = 3;

/** Lists sort by name through an index on this key: the name, lower-cased. */
const sortKeyOf = (name: string) => name.toLowerCase();
const thaiScript = /[\u0E00-\u0E7F]/u;
const typeLabels = Object.keys(entityTypes).filter((type) => type !== 'Source');

function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
}

function toNeo4jValue(kind: PropKind, value: unknown): unknown {
  if (kind === 'date') {
    const [year, month, day] = String(value).split('-').map(Number);
    return new neo4j.types.Date(year as number, month as number, day as number);
  }
  if (kind === 'integer') return neo4j.int(value as number);
  return value;
}

/** Decimals stay exact strings; `<name>Cents` holds the same amount as an integer for sums in Cypher. */
export function toCents(decimal: string): number {
  const [whole = '0', fraction = ''] = decimal.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

function storedProps(
  values: Record<string, unknown>,
  kinds: Record<string, PropKind>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const kind = kinds[key] as PropKind;
    out[key] = toNeo4jValue(kind, value);
    if (kind === 'decimal') out[`${key}Cents`] = neo4j.int(toCents(value as string));
  }
  return out;
}

function entityRow(entity: EntityFact) {
  const props = storedProps(entity.props, propsOf(entity.type));
  const aliases = (entity.props.aliases as string[] | undefined) ?? [];
  const thai = [entity.props.nameTh, ...aliases.filter((alias) => thaiScript.test(alias))];
  const english = [entity.props.name, ...aliases.filter((alias) => !thaiScript.test(alias))];
  props.id = entity.id;
  props.aliases = aliases;
  props.searchTh = thai.filter(Boolean).join('\n');
  props.searchEn = english.filter(Boolean).join('\n');
  props.nameKey = sortKeyOf(String(entity.props.name ?? entity.id));
  return {
    id: entity.id,
    type: entity.type,
    hash: hashOf(entity),
    section: entity.cite.section,
    quote: entity.cite.quote,
    props,
  };
}

function relationRow(relation: RelationFact, source: string) {
  const props = storedProps(relation.qualifiers, qualifierKinds);
  Object.assign(props, {
    id: relation.id,
    source,
    section: relation.cite.section,
    quote: relation.cite.quote,
  });
  props.hash = hashOf(relation);
  return {
    id: relation.id,
    type: relation.type,
    from: relation.from,
    to: relation.to,
    hash: props.hash,
    props,
  };
}

/** A node with the source's id that is not a Source: an entity the load would overwrite. */
const sourceIdTaken: Query = {
  name: 'kb.sourceIdTaken',
  cypher: 'MATCH (n:Entity {id: $source}) WHERE NOT n:Source RETURN labels(n) AS labels',
};

/** No row back: the source is unchanged. A row: its previous hash, null when it is new. */
const upsertSource: Query = {
  name: 'kb.upsertSource',
  cypher: `
    OPTIONAL MATCH (old:Entity {id: $source})
    WITH old.hash AS previous
    MERGE (s:Entity {id: $source})
    WITH s, previous WHERE s.hash IS NULL OR s.hash <> $hash
    SET s = $props, s:Source
    RETURN previous`,
};

const knownEntities: Query = {
  name: 'kb.knownEntities',
  cypher: 'UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN id, n:Source AS isSource',
};

// Labels and types come from the ontology (validated), set with Cypher 5.26's dynamic labels.
/** Entities not yet in the graph: created outright, which is much cheaper than MERGE. */
const createEntities: Query = {
  name: 'kb.createEntities',
  cypher: `
    MATCH (s:Source {id: $source})
    UNWIND $rows AS row
    CREATE (n:Entity)-[:${CITED_IN} {section: row.section, quote: row.quote, hash: row.hash}]->(s)
    SET n = row.props, n:$(row.type)`,
};

const upsertEntities: Query = {
  name: 'kb.upsertEntities',
  cypher: `
    MATCH (s:Source {id: $source})
    UNWIND $rows AS row
    MERGE (n:Entity {id: row.id})
    MERGE (n)-[c:${CITED_IN}]->(s)
    WITH n, c, row WHERE c.hash IS NULL OR c.hash <> row.hash
    SET c.section = row.section, c.quote = row.quote, c.hash = row.hash
    WITH n, row, COUNT { (n)-[:${CITED_IN}]->(other:Source) WHERE other.id <> $source } AS others
    // Sole source: its facts replace the node whole. Shared: they add to it.
    FOREACH (_ IN CASE WHEN others = 0 THEN [1] ELSE [] END |
      REMOVE n:$($typeLabels)
      SET n = row.props)
    FOREACH (_ IN CASE WHEN others > 0 THEN [1] ELSE [] END | SET n += row.props)
    SET n:$(row.type)`,
};

const existingRelations: Query = {
  name: 'kb.existingRelations',
  cypher: `
    MATCH (:Source {id: $source})<-[:${CITED_IN}]-(n:Entity)-[r]->()
    WHERE r.source = $source
    RETURN r.id AS id, r.hash AS hash`,
};

// CREATE, not MERGE: the loader knows which relations exist, and MERGE between a hub and its
// neighbours rescans the hub's relationships for every row.
const createRelations: Query = {
  name: 'kb.createRelations',
  cypher: `
    UNWIND $rows AS row
    MATCH (a:Entity {id: row.from})
    MATCH (b:Entity {id: row.to})
    CREATE (a)-[r:$(row.type)]->(b)
    SET r = row.props`,
};

const updateRelations: Query = {
  name: 'kb.updateRelations',
  cypher: `
    UNWIND $rows AS row
    MATCH (a:Entity {id: row.from})-[r]->(:Entity {id: row.to})
    WHERE r.id = row.id
    SET r = row.props`,
};

const deleteStaleRelations: Query = {
  name: 'kb.deleteStaleRelations',
  cypher: `
    MATCH (:Source {id: $source})<-[:${CITED_IN}]-(n:Entity)-[r]->()
    WHERE r.source = $source AND NOT r.id IN $ids
    DELETE r`,
};

const deleteStaleEntities: Query = {
  name: 'kb.deleteStaleEntities',
  cypher: `
    MATCH (n:Entity)-[c:${CITED_IN}]->(:Source {id: $source})
    WHERE NOT n.id IN $ids
    DELETE c
    WITH DISTINCT n
    WHERE NOT (n)-[:${CITED_IN}]->()
    DETACH DELETE n`,
};

function batches<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += BATCH) out.push(items.slice(start, start + BATCH));
  return out;
}

/**
 * Writes one source's validated facts in a single transaction: everything applies or nothing
 * does. Rows are batched with UNWIND; unchanged facts (same hash) are not written again; facts
 * gone from the file are removed, and entities only that source cited go with them.
 */
export async function loadSource(db: Database, facts: SourceFacts): Promise<LoadReport> {
  const started = performance.now();
  const source = facts.meta.id;
  const sourceProps = {
    id: source,
    name: facts.meta.titleEn,
    nameTh: facts.meta.titleTh,
    aliases: [],
    date: toNeo4jValue('date', facts.meta.date),
    issuer: facts.meta.issuer,
    language: facts.meta.language,
    file: `data/sources/${source}.txt`,
    searchTh: facts.meta.titleTh,
    searchEn: facts.meta.titleEn,
    nameKey: sortKeyOf(facts.meta.titleEn),
    ...(facts.meta.url ? { url: facts.meta.url } : {}),
  };
  // Covers the facts too, so the Source changes whenever its facts do (analytics caches key on it).
  const sourceHash = hashOf({
    format: FORMAT,
    meta: facts.meta,
    entities: facts.entities,
    relations: facts.relations,
  });
  const relationRows = facts.relations.map((relation) => relationRow(relation, source));
  if (facts.entities.some((entity) => entity.id === source))
    throw new SourceConflictError(source, [`it declares an entity with its own id "${source}"`]);
  const { counters } = await db.writeTransaction(`kb.load.${source}`, async (run) => {
    const [taken] = await run(sourceIdTaken, { source });
    if (taken) {
      const labels = (taken.labels as string[]).filter((label) => label !== 'Entity').join(':');
      throw new SourceConflictError(source, [
        `the graph holds an entity (${labels}) with the id "${source}"`,
      ]);
    }
    const upserted = await run(upsertSource, {
      source,
      props: { ...sourceProps, hash: sourceHash },
      hash: sourceHash,
    });
    if (!upserted.length) return; // unchanged: its hash covers every fact
    const existing = new Map<string, string>();
    // A new source has nothing in the graph yet to compare with or remove.
    if (upserted[0]?.previous !== null) {
      for (const row of await run(existingRelations, { source }))
        existing.set(row.id as string, row.hash as string);
      await run(deleteStaleRelations, { source, ids: relationRows.map((row) => row.id) });
      await run(deleteStaleEntities, { source, ids: facts.entities.map((entity) => entity.id) });
    }
    const entityRows = facts.entities.map(entityRow);
    const known = new Set<string>();
    const sources: string[] = [];
    for (const rows of batches(entityRows)) {
      for (const row of await run(knownEntities, { ids: rows.map((entity) => entity.id) })) {
        known.add(row.id as string);
        if (row.isSource) sources.push(row.id as string);
      }
    }
    // Checked before any entity is written; the transaction undoes the Source's own update.
    if (sources.length) {
      const named = sources.slice(0, 10).map((id) => `"${id}"`);
      throw new SourceConflictError(source, [
        `${named.join(', ')}${sources.length > 10 ? ` and ${sources.length - 10} more` : ''} ${
          sources.length === 1 ? 'is the id' : 'are the ids'
        } of a Source in the graph, not of an entity`,
      ]);
    }
    for (const rows of batches(entityRows.filter((row) => !known.has(row.id)))) {
      await run(createEntities, { source, rows });
    }
    for (const rows of batches(entityRows.filter((row) => known.has(row.id)))) {
      await run(upsertEntities, { source, rows, typeLabels });
    }
    for (const rows of batches(relationRows.filter((row) => !existing.has(row.id)))) {
      await run(createRelations, { rows });
    }
    const changed = relationRows.filter((row) => existing.has(row.id) && existing.get(row.id) !== row.hash);
    for (const rows of batches(changed)) await run(updateRelations, { rows });
  });
  return {
    source,
    entities: facts.entities.length,
    relations: facts.relations.length,
    counters: {
      nodesCreated: counters.nodesCreated ?? 0,
      nodesDeleted: counters.nodesDeleted ?? 0,
      relationshipsCreated: counters.relationshipsCreated ?? 0,
      relationshipsDeleted: counters.relationshipsDeleted ?? 0,
      propertiesSet: counters.propertiesSet ?? 0,
      labelsAdded: counters.labelsAdded ?? 0,
      labelsRemoved: counters.labelsRemoved ?? 0,
    },
    ms: Math.round(performance.now() - started),
  };
}
