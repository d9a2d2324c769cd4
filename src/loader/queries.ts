import type { Query, Row } from '../db/database.ts';
import { CITED_IN } from '../model/names.ts';
import { entityTypes } from '../model/ontology.ts';

/** The loader's Cypher, each query named; every value is a parameter (src/loader/reconcile.ts runs them). */

/** Runs a query in the transaction a source is reconciled in. */
export type Run = (query: Query, params?: Record<string, unknown>) => Promise<Row[]>;

/** Every entity label but Source: an entity whose type changes loses the one it had. */
export const typeLabels = Object.keys(entityTypes).filter((type) => type !== 'Source');

export const sourceIdTaken: Query = {
  name: 'kb.sourceIdTaken',
  cypher: 'MATCH (n:Entity {id: $source}) WHERE NOT n:Source RETURN labels(n) AS labels',
};

/** No row back: the source is unchanged. A row: its previous hash and date, null when it is new. */
export const upsertSource: Query = {
  name: 'kb.upsertSource',
  cypher: `
    OPTIONAL MATCH (old:Entity {id: $source})
    WITH old.hash AS previous, toString(old.date) AS previousDate
    MERGE (s:Entity {id: $source})
    WITH s, previous, previousDate WHERE s.hash IS NULL OR s.hash <> $hash
    SET s = $props, s:Source
    RETURN previous, previousDate`,
};

export const citedBySource: Query = {
  name: 'kb.citedBySource',
  cypher: `
    MATCH (n:Entity)-[c:${CITED_IN}]->(:Source {id: $source})
    RETURN n.id AS id, c.hash AS hash, c.mention IS NOT NULL AS mention`,
};

export const relationsOfSource: Query = {
  name: 'kb.relationsOfSource',
  cypher: `
    MATCH (:Source {id: $source})<-[:${CITED_IN}]-(a:Entity)-[r]->(b:Entity)
    WHERE $source IN r.sources
    RETURN r.id AS id, a.id AS from, b.id AS to, r.sources AS sources, r.claims AS claims`,
};

/** citedBySource for some entities only: a write's scope. */
export const citedBySourceAmong: Query = {
  name: 'kb.citedBySourceAmong',
  cypher: `
    UNWIND $ids AS id
    MATCH (n:Entity {id: id})-[c:${CITED_IN}]->(:Source {id: $source})
    RETURN n.id AS id, c.hash AS hash, c.mention IS NOT NULL AS mention`,
};

/** relationsOfSource for some relations only: a write's scope. */
export const relationsOfSourceAmong: Query = {
  name: 'kb.relationsOfSourceAmong',
  cypher: `
    UNWIND $rows AS row
    MATCH (a:Entity {id: row.from})-[r]->(b:Entity {id: row.to})
    WHERE r.id = row.id AND $source IN r.sources
    RETURN r.id AS id, a.id AS from, b.id AS to, r.sources AS sources, r.claims AS claims`,
};

/**
 * Which of these entities are in the graph, and of those which another source already claims
 * exactly as this one does (`claims` is the JSON this source would store; null for a mention).
 */
export const knownEntities: Query = {
  name: 'kb.knownEntities',
  cypher: `
    UNWIND $rows AS row
    MATCH (n:Entity {id: row.id})
    RETURN row.id AS id, n:Source AS isSource,
      row.claims IS NOT NULL AND EXISTS {
        (n)-[c:${CITED_IN}]->(s:Source) WHERE s.id <> $source AND c.claims = row.claims
      } AS sameClaim`,
};

/** Every source's claims on these entities. */
export const claimSets: Query = {
  name: 'kb.claimSets',
  cypher: `
    UNWIND $ids AS id
    MATCH (n:Entity {id: id})-[c:${CITED_IN}]->(s:Source)
    WHERE c.claims IS NOT NULL
    RETURN id, [l IN labels(n) WHERE l <> 'Entity'][0] AS type,
      collect({source: s.id, date: s.date, section: c.section, quote: c.quote, claims: c.claims}) AS sets`,
};

// Labels and types come from the ontology (validated), set with Cypher 5.26's dynamic labels.
/** Entities not yet in the graph: created outright, which is much cheaper than MERGE. */
export const createEntities: Query = {
  name: 'kb.createEntities',
  cypher: `
    MATCH (s:Source {id: $source})
    UNWIND $rows AS row
    CREATE (n:Entity)-[:${CITED_IN} {section: row.section, quote: row.quote, start: row.start, end: row.end,
      hash: row.hash, claims: row.claims}]->(s)
    SET n = row.props, n:$(row.type)`,
};

export const citeEntities: Query = {
  name: 'kb.citeEntities',
  cypher: `
    MATCH (s:Source {id: $source})
    UNWIND $rows AS row
    MATCH (n:Entity {id: row.id})
    MERGE (n)-[c:${CITED_IN}]->(s)
    SET c.section = row.section, c.quote = row.quote, c.start = row.start, c.end = row.end,
      c.hash = row.hash, c.claims = row.claims, c.mention = row.mention`,
};

/** An entity another file declares, named here before that file is loaded: a typed stub, known from this source's date. */
export const createMentioned: Query = {
  name: 'kb.createMentioned',
  cypher: `
    MATCH (s:Source {id: $source})
    UNWIND $rows AS row
    CREATE (n:Entity {id: row.id, nameKey: row.nameKey, firstKnown: $date, lastKnown: $date})-[:${CITED_IN}
      {section: row.section, quote: row.quote, start: row.start, end: row.end, hash: row.hash, mention: true}]->(s)
    SET n:$(row.type)`,
};

export const uncite: Query = {
  name: 'kb.uncite',
  cypher: `
    UNWIND $ids AS id
    MATCH (:Entity {id: id})-[c:${CITED_IN}]->(:Source {id: $source})
    DELETE c`,
};

export const updateEntities: Query = {
  name: 'kb.updateEntities',
  cypher: `
    UNWIND $rows AS row
    MATCH (n:Entity {id: row.id})
    // The relations in dispute are the last step's to settle (settle-relations.ts): kept until then,
    // so that it reports only the disputes that are new.
    WITH n, row, [name IN coalesce(n.conflicts, []) WHERE name IN $relationConflicts] AS disputes
    SET n = row.props
    SET n.conflicts = CASE WHEN size(disputes) = 0 THEN n.conflicts ELSE coalesce(n.conflicts, []) + disputes END
    FOREACH (_ IN CASE WHEN row.type IN labels(n) THEN [] ELSE [1] END |
      REMOVE n:$($typeLabels)
      SET n:$(row.type))`,
};

/** Entities no source declares any more; their relationships go with them. */
export const deleteEntities: Query = {
  name: 'kb.deleteEntities',
  cypher: 'UNWIND $ids AS id MATCH (n:Entity {id: id}) DETACH DELETE n',
};

// CREATE, not MERGE: the loader knows which relations exist, and MERGE between a hub and its
// neighbours rescans the hub's relationships for every row.
export const createRelations: Query = {
  name: 'kb.createRelations',
  cypher: `
    UNWIND $rows AS row
    MATCH (a:Entity {id: row.from})
    MATCH (b:Entity {id: row.to})
    CREATE (a)-[r:$(row.type)]->(b)
    SET r = row.props`,
};

/** Relations that other sources already state, among those this one adds. */
export const statedElsewhere: Query = {
  name: 'kb.statedElsewhere',
  cypher: `
    UNWIND $rows AS row
    MATCH (:Entity {id: row.from})-[r]->(:Entity {id: row.to})
    WHERE r.id = row.id
    RETURN r.id AS id, r.sources AS sources, r.claims AS claims`,
};

export const updateRelations: Query = {
  name: 'kb.updateRelations',
  cypher: `
    UNWIND $rows AS row
    MATCH (:Entity {id: row.from})-[r]->(:Entity {id: row.to})
    WHERE r.id = row.id
    SET r = row.props`,
};

export const deleteRelations: Query = {
  name: 'kb.deleteRelations',
  cypher: `
    UNWIND $rows AS row
    MATCH (:Entity {id: row.from})-[r]->(:Entity {id: row.to})
    WHERE r.id = row.id
    DELETE r`,
};

export const sourceDates: Query = {
  name: 'kb.sourceDates',
  cypher: 'UNWIND $ids AS id MATCH (s:Source {id: id}) RETURN s.id AS id, s.date AS date',
};

export const replaceRedirects: Query = {
  name: 'kb.replaceRedirects',
  cypher: `
    OPTIONAL MATCH (old:Redirect {source: $source})
    DELETE old
    WITH DISTINCT 1 AS _
    UNWIND $sameAs AS same
    CREATE (:Redirect {id: same.id, target: same.target, source: $source})`,
};

export const deleteSource: Query = {
  name: 'kb.deleteSource',
  cypher: `
    MATCH (s:Source {id: $source})
    OPTIONAL MATCH (r:Redirect {source: $source})
    OPTIONAL MATCH (t:SourceText {source: $source})
    DETACH DELETE s, r, t`,
};

/** The text, kept apart from the Source node so that reading a Source does not read its text. */
export const writeText: Query = {
  name: 'kb.writeText',
  cypher: 'MERGE (t:SourceText {source: $source}) SET t.text = $text',
};
