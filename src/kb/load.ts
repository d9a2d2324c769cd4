import type { Database, Query, Row } from '../db/database.ts';
import { glossaryFor } from '../search/glossary.ts';
import { type CertaintyWarning, newCertaintyWarnings } from './certainty.ts';
import { type ClaimSet, type Rank, resolveClaims } from './claims.ts';
import { type Locate, locator } from './offsets.ts';
import { type EntityType, entityTypes } from './ontology.ts';
import { settleSingleValued } from './settle-relations.ts';
import {
  entityNodeProps,
  hashOf,
  parseStoredClaimSet,
  relationProps,
  sortKeyOf,
  toNeo4jValue,
} from './stored.ts';
import type { EntityFact, RelationFact, SourceFacts } from './validate.ts';

export { toCents } from './stored.ts';

/**
 * Claims, as stored (docs/claims.md):
 * - What a source says of an entity is on its CITED_IN edge to the Source: section, quote, and
 *   `claims`, the values as JSON. A source that names an entity only in a relation has a
 *   `mention` edge, cited with that relation's quote.
 * - The entity node holds the values shown, computed from every edge's claims when one changes,
 *   so reads cost what they did with one source.
 * - A relationship is one per fact, whichever sources state it: `sources` lists them and `claims`
 *   (in the same order) holds each one's citation and qualifiers as JSON.
 */

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

export interface PropertyChange {
  entity: string;
  property: string;
  before: unknown;
  after: unknown;
}

/** What a load or removal of one source did to the graph, or would do (kb:plan). */
export interface SourceChange {
  source: string;
  status: 'new' | 'changed' | 'unchanged' | 'removed';
  /** What the source states now. */
  entities: number;
  relations: number;
  added: { entities: string[]; relations: string[] };
  removed: { entities: string[]; relations: string[] };
  /** Values shown that changed, on entities that were there before. */
  changed: PropertyChange[];
  /** Properties that were not in conflict and now are. */
  conflicts: Array<{ entity: string; property: string }>;
  /** Newer claims shown over earlier, more certain ones (src/kb/certainty.ts). */
  warnings: CertaintyWarning[];
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
const FORMAT = 7;
const typeLabels = Object.keys(entityTypes).filter((type) => type !== 'Source');

type Run = (query: Query, params?: Record<string, unknown>) => Promise<Row[]>;

/** A source's claim on an entity, as its CITED_IN edge stores it. */
interface StoredEntityClaim {
  props: Record<string, unknown>;
  ranks?: Record<string, Rank>;
  asOf?: string;
}

/** A source's claim on a relationship, one item of its `claims` list. */
interface StoredRelationClaim {
  section: string;
  quote: string;
  /** Where the quote is in the source's text (src/kb/offsets.ts), when it was found. */
  start?: number;
  end?: number;
  qualifiers: Record<string, unknown>;
  ranks?: Record<string, Rank>;
  asOf?: string;
  hash: string;
}

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

const citedBySource: Query = {
  name: 'kb.citedBySource',
  cypher: `
    MATCH (n:Entity)-[c:${CITED_IN}]->(:Source {id: $source})
    RETURN n.id AS id, c.hash AS hash, c.mention IS NOT NULL AS mention`,
};

const relationsOfSource: Query = {
  name: 'kb.relationsOfSource',
  cypher: `
    MATCH (:Source {id: $source})<-[:${CITED_IN}]-(a:Entity)-[r]->(b:Entity)
    WHERE $source IN r.sources
    RETURN r.id AS id, a.id AS from, b.id AS to, r.sources AS sources, r.claims AS claims`,
};

/** citedBySource for some entities only: a write's scope. */
const citedBySourceAmong: Query = {
  name: 'kb.citedBySourceAmong',
  cypher: `
    UNWIND $ids AS id
    MATCH (n:Entity {id: id})-[c:${CITED_IN}]->(:Source {id: $source})
    RETURN n.id AS id, c.hash AS hash, c.mention IS NOT NULL AS mention`,
};

/** relationsOfSource for some relations only: a write's scope. */
const relationsOfSourceAmong: Query = {
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
const knownEntities: Query = {
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
const claimSets: Query = {
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
const createEntities: Query = {
  name: 'kb.createEntities',
  cypher: `
    MATCH (s:Source {id: $source})
    UNWIND $rows AS row
    CREATE (n:Entity)-[:${CITED_IN} {section: row.section, quote: row.quote, start: row.start, end: row.end,
      hash: row.hash, claims: row.claims}]->(s)
    SET n = row.props, n:$(row.type)`,
};

const citeEntities: Query = {
  name: 'kb.citeEntities',
  cypher: `
    MATCH (s:Source {id: $source})
    UNWIND $rows AS row
    MATCH (n:Entity {id: row.id})
    MERGE (n)-[c:${CITED_IN}]->(s)
    SET c.section = row.section, c.quote = row.quote, c.start = row.start, c.end = row.end,
      c.hash = row.hash, c.claims = row.claims, c.mention = row.mention`,
};

/** An entity another file declares, named here before that file is loaded: a typed stub. */
const createMentioned: Query = {
  name: 'kb.createMentioned',
  cypher: `
    MATCH (s:Source {id: $source})
    UNWIND $rows AS row
    CREATE (n:Entity {id: row.id, nameKey: row.nameKey})-[:${CITED_IN}
      {section: row.section, quote: row.quote, start: row.start, end: row.end, hash: row.hash, mention: true}]->(s)
    SET n:$(row.type)`,
};

const uncite: Query = {
  name: 'kb.uncite',
  cypher: `
    UNWIND $ids AS id
    MATCH (:Entity {id: id})-[c:${CITED_IN}]->(:Source {id: $source})
    DELETE c`,
};

const updateEntities: Query = {
  name: 'kb.updateEntities',
  cypher: `
    UNWIND $rows AS row
    MATCH (n:Entity {id: row.id})
    SET n = row.props
    FOREACH (_ IN CASE WHEN row.type IN labels(n) THEN [] ELSE [1] END |
      REMOVE n:$($typeLabels)
      SET n:$(row.type))`,
};

/** Entities no source declares any more; their relationships go with them. */
const deleteEntities: Query = {
  name: 'kb.deleteEntities',
  cypher: 'UNWIND $ids AS id MATCH (n:Entity {id: id}) DETACH DELETE n',
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

/** Relations that other sources already state, among those this one adds. */
const statedElsewhere: Query = {
  name: 'kb.statedElsewhere',
  cypher: `
    UNWIND $rows AS row
    MATCH (:Entity {id: row.from})-[r]->(:Entity {id: row.to})
    WHERE r.id = row.id
    RETURN r.id AS id, r.sources AS sources, r.claims AS claims`,
};

const updateRelations: Query = {
  name: 'kb.updateRelations',
  cypher: `
    UNWIND $rows AS row
    MATCH (:Entity {id: row.from})-[r]->(:Entity {id: row.to})
    WHERE r.id = row.id
    SET r = row.props`,
};

const deleteRelations: Query = {
  name: 'kb.deleteRelations',
  cypher: `
    UNWIND $rows AS row
    MATCH (:Entity {id: row.from})-[r]->(:Entity {id: row.to})
    WHERE r.id = row.id
    DELETE r`,
};

const sourceDates: Query = {
  name: 'kb.sourceDates',
  cypher: 'UNWIND $ids AS id MATCH (s:Source {id: id}) RETURN s.id AS id, s.date AS date',
};

const replaceRedirects: Query = {
  name: 'kb.replaceRedirects',
  cypher: `
    OPTIONAL MATCH (old:Redirect {source: $source})
    DELETE old
    WITH DISTINCT 1 AS _
    UNWIND $sameAs AS same
    CREATE (:Redirect {id: same.id, target: same.target, source: $source})`,
};

const deleteSource: Query = {
  name: 'kb.deleteSource',
  cypher: `
    MATCH (s:Source {id: $source})
    OPTIONAL MATCH (r:Redirect {source: $source})
    OPTIONAL MATCH (t:SourceText {source: $source})
    DETACH DELETE s, r, t`,
};

/** The text, kept apart from the Source node so that reading a Source does not read its text. */
const writeText: Query = {
  name: 'kb.writeText',
  cypher: 'MERGE (t:SourceText {source: $source}) SET t.text = $text',
};

function batches<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += BATCH) out.push(items.slice(start, start + BATCH));
  return out;
}

async function runBatches(run: Run, query: Query, rows: unknown[], params: Record<string, unknown> = {}) {
  for (const batch of batches(rows)) await run(query, { ...params, rows: batch });
}

const emptyCounters = (): LoadCounters => ({
  nodesCreated: 0,
  nodesDeleted: 0,
  relationshipsCreated: 0,
  relationshipsDeleted: 0,
  propertiesSet: 0,
  labelsAdded: 0,
  labelsRemoved: 0,
});

/** The counters of `after` minus those of `before`: what one source did in a shared transaction. */
function countersSince(before: Record<string, number>, after: Record<string, number>): LoadCounters {
  const out = emptyCounters();
  for (const key of Object.keys(out) as Array<keyof LoadCounters>) {
    out[key] = (after[key] ?? 0) - (before[key] ?? 0);
  }
  return out;
}

function sourceNodeProps(facts: SourceFacts, hash: string) {
  const { meta } = facts;
  return {
    id: meta.id,
    name: meta.titleEn,
    nameTh: meta.titleTh || null,
    aliases: [],
    date: toNeo4jValue('date', meta.date),
    issuer: meta.issuer || null,
    language: meta.language,
    file: `data/sources/${meta.id}.txt`,
    searchTh: meta.titleTh || null,
    searchEn: meta.titleEn,
    searchType: 'source',
    nameKey: sortKeyOf(meta.titleEn),
    hash,
    ...(meta.url ? { url: meta.url } : {}),
    ...(meta.pages ? { pages: meta.pages } : {}),
    ...(meta.original
      ? { original: `data/sources/${meta.original.stored}`, originalFormat: meta.original.format }
      : {}),
  };
}

/** A source's claim set on one entity, as the resolution rules read it. */
function claimSetOf(source: string, sourceDate: string, entity: EntityFact): ClaimSet {
  return {
    source,
    sourceDate,
    ...(entity.asOf ? { asOf: entity.asOf } : {}),
    section: entity.cite.section,
    quote: entity.cite.quote,
    props: entity.props,
    ranks: entity.ranks ?? {},
  };
}

function relationClaimOf(relation: RelationFact, hash: string, locate: Locate): StoredRelationClaim {
  return {
    section: relation.cite.section,
    quote: relation.cite.quote,
    ...(locate(relation.cite.quote) ?? {}),
    qualifiers: relation.qualifiers,
    ...(relation.ranks && Object.keys(relation.ranks).length ? { ranks: relation.ranks } : {}),
    ...(relation.asOf ? { asOf: relation.asOf } : {}),
    hash,
  };
}

/** A relationship's claims keyed by source, as stored on it. */
function claimsBySource(sources: unknown, claims: unknown): Map<string, StoredRelationClaim> {
  const list = (sources as string[]) ?? [];
  return new Map(list.map((source, index) => [source, JSON.parse((claims as string[])[index] as string)]));
}

/** The hash the Source node keeps of its facts: it changes whenever they do (analytics caches key on it). */
export function sourceHashOf(facts: SourceFacts): string {
  return hashOf({ format: FORMAT, search: glossaryFor().hash, ...facts, text: hashOf(facts.text) });
}

/**
 * What one write changed in a source (src/kb/reconcile-scope.ts): the entities and relations to
 * reconcile, when the graph holds the source as it was before (`previous`, its hash).
 */
export interface ReconcileScope {
  previous: string;
  hash: string;
  /** Entities declared or named whose claim or mention changed. */
  entities: string[];
  relations: Array<{ id: string; from: string; to: string }>;
}

/**
 * Reconciles the graph with one source in the transaction `run` belongs to: adds what the source
 * states now, takes away what it no longer states, and recomputes the values shown wherever a
 * claim changed. `facts` null removes the source. Returns what changed. With a `scope`, and a
 * graph that holds the source as it was before it, only the facts in the scope are compared:
 * a write to a large source costs what it changes.
 */
export async function reconcileSource(
  run: Run,
  counters: Record<string, number>,
  source: string,
  given: SourceFacts | null,
  scope?: ReconcileScope,
): Promise<SourceChange> {
  let facts = given;
  const started = performance.now();
  const before = { ...counters };
  const change: SourceChange = {
    source,
    status: facts ? 'changed' : 'removed',
    entities: given?.entities.length ?? 0,
    relations: given?.relations.length ?? 0,
    added: { entities: [], relations: [] },
    removed: { entities: [], relations: [] },
    changed: [],
    conflicts: [],
    warnings: [],
    counters: emptyCounters(),
    ms: 0,
  };
  const finish = () => {
    change.counters = countersSince(before, counters);
    change.ms = Math.round(performance.now() - started);
    return change;
  };

  let isNew = false;
  if (facts) {
    if (facts.entities.some((entity) => entity.id === source))
      throw new SourceConflictError(source, [`it declares an entity with its own id "${source}"`]);
    const [taken] = await run(sourceIdTaken, { source });
    if (taken) {
      const labels = (taken.labels as string[]).filter((label) => label !== 'Entity').join(':');
      throw new SourceConflictError(source, [
        `the graph holds an entity (${labels}) with the id "${source}"`,
      ]);
    }
    const hash = scope?.hash ?? sourceHashOf(facts);
    const upserted = await run(upsertSource, { source, props: sourceNodeProps(facts, hash), hash });
    if (!upserted.length) {
      change.status = 'unchanged';
      return finish();
    }
    isNew = upserted[0]?.previous === null;
    if (isNew) change.status = 'new';
    if (scope && upserted[0]?.previous === scope.previous) facts = narrowed(facts, scope);
    else {
      scope = undefined;
      await run(replaceRedirects, { source, sameAs: facts.sameAs ?? [] });
      await run(writeText, { source, text: facts.text.normalize('NFC') });
    }
  }
  const date = facts?.meta.date ?? '';
  const dates = new Map<string, string>(facts ? [[source, date]] : []);

  // What the source states now, each fact with a hash that covers the source's date and where
  // its quote is in the text too, and for entities the glossary their search keys are built with.
  const search = glossaryFor().hash;
  const locate = locator((facts?.text ?? '').normalize('NFC'));
  const declared = new Map(
    (facts?.entities ?? []).map((entity) => {
      const at = locate(entity.cite.quote);
      return [entity.id, { entity, at, hash: hashOf({ entity, date, search, at }) }];
    }),
  );
  const relations = new Map(
    (facts?.relations ?? []).map((relation) => [
      relation.id,
      { relation, hash: hashOf({ relation, date, at: locate(relation.cite.quote) }) },
    ]),
  );
  const mentions = new Map<
    string,
    { type: string; hash: string; section: string; quote: string; start?: number; end?: number }
  >();
  for (const { id, type } of facts?.references ?? []) {
    // The whole file's first, also when a scope narrowed the facts.
    const first = given?.relations.find((relation) => relation.from === id || relation.to === id);
    const cite = first?.cite ?? { section: '', quote: '' };
    const at = locate(cite.quote);
    mentions.set(id, { type, ...cite, ...at, hash: hashOf({ mention: cite, at }) });
  }

  // What the graph holds of it.
  const cited = new Map<string, { hash: string; mention: boolean }>();
  const stated = new Map<string, Row>();
  if (!isNew) {
    const citedRows = scope
      ? await run(citedBySourceAmong, { source, ids: scope.entities })
      : await run(citedBySource, { source });
    for (const row of citedRows)
      cited.set(row.id as string, { hash: row.hash as string, mention: row.mention as boolean });
    const statedRows = scope
      ? await run(relationsOfSourceAmong, { source, rows: scope.relations })
      : await run(relationsOfSource, { source });
    for (const row of statedRows) stated.set(row.id as string, row);
  }

  // Relations: claims withdrawn or changed, first, before any entity they join may go.
  const relationUpdates: Array<{ id: string; from: string; to: string; props: Record<string, unknown> }> = [];
  const relationDeletes: Array<{ id: string; from: string; to: string }> = [];
  const reviseRelation = (row: Row, next: StoredRelationClaim | undefined) => {
    const claims = claimsBySource(row.sources, row.claims);
    if (next) claims.set(source, next);
    else claims.delete(source);
    const ends = { id: row.id as string, from: row.from as string, to: row.to as string };
    if (!claims.size) {
      relationDeletes.push(ends);
      change.removed.relations.push(ends.id);
    } else {
      relationUpdates.push({ ...ends, props: relationPropsOf(ends.id, claims, dates) });
    }
  };
  const stale = [...stated.values()].filter((row) => {
    const now = relations.get(row.id as string);
    return !now || claimsBySource(row.sources, row.claims).get(source)?.hash !== now.hash;
  });
  await learnDates(
    run,
    dates,
    stale.flatMap((row) => row.sources as string[]),
  );
  for (const row of stale) {
    const now = relations.get(row.id as string);
    reviseRelation(row, now && relationClaimOf(now.relation, now.hash, locate));
  }

  // Entities: which are in the graph already, and whose claims this source changes.
  const wanted = [...new Set([...declared.keys(), ...mentions.keys()])].map((id) => {
    const entity = declared.get(id)?.entity;
    return { id, claims: entity ? claimsJsonOf(entity) : null };
  });
  const known = new Set<string>();
  /** Entities this source newly claims exactly as another source does: the values shown stay. */
  const restated = new Set<string>();
  const sourceIds: string[] = [];
  for (const rows of batches(wanted)) {
    for (const row of await run(knownEntities, { rows, source })) {
      known.add(row.id as string);
      if (row.isSource) sourceIds.push(row.id as string);
      if (row.sameClaim && !cited.has(row.id as string)) restated.add(row.id as string);
    }
  }
  if (sourceIds.length) {
    const named = sourceIds.slice(0, 10).map((id) => `"${id}"`);
    throw new SourceConflictError(source, [
      `${named.join(', ')}${sourceIds.length > 10 ? ` and ${sourceIds.length - 10} more` : ''} ${
        sourceIds.length === 1 ? 'is the id' : 'are the ids'
      } of a Source in the graph, not of an entity`,
    ]);
  }
  const claimChanged = [...declared].filter(
    ([id, { hash }]) => known.has(id) && cited.get(id)?.hash !== hash,
  );
  const withdrawn = [...cited].filter(([id, edge]) => !edge.mention && !declared.has(id)).map(([id]) => id);
  // A claim identical to another source's changes no value shown, conflict or alias: it needs no
  // recomputing (most re-declared entities in a large load).
  const recompute = [...claimChanged.map(([id]) => id).filter((id) => !restated.has(id)), ...withdrawn];

  // The values shown before, from every source's claims as stored.
  const setsBefore = new Map<string, { type: string; sets: ClaimSet[] }>();
  for (const ids of batches(recompute)) {
    for (const row of await run(claimSets, { ids })) {
      const sets = (row.sets as Array<Record<string, unknown>>).map(parseStoredClaimSet);
      setsBefore.set(row.id as string, { type: row.type as string, sets });
    }
  }

  // Edges to the source: stale ones go, new and changed ones are written.
  const gone = [...cited.keys()].filter((id) => !declared.has(id) && !mentions.has(id));
  for (const ids of batches(gone)) await run(uncite, { ids, source });
  const createRows = [...declared.values()]
    .filter(({ entity }) => !known.has(entity.id))
    .map(({ entity, hash, at }) => {
      const resolved = resolveClaims([claimSetOf(source, date, entity)]);
      change.added.entities.push(entity.id);
      return {
        ...citeRow(entity, hash, at),
        type: entity.type,
        props: entityNodeProps(entity.id, entity.type, resolved),
      };
    });
  await runBatches(run, createEntities, createRows, { source });
  await runBatches(
    run,
    citeEntities,
    claimChanged.map(([, { entity, hash, at }]) => citeRow(entity, hash, at)),
    { source },
  );
  const mentionRows = [...mentions]
    .filter(([id, mention]) => cited.get(id)?.hash !== mention.hash)
    .map(([id, mention]) => ({ id, ...mention, claims: null, mention: true, nameKey: sortKeyOf(id) }));
  await runBatches(
    run,
    createMentioned,
    mentionRows.filter((row) => !known.has(row.id)),
    { source },
  );
  await runBatches(
    run,
    citeEntities,
    mentionRows.filter((row) => known.has(row.id)),
    { source },
  );

  // The values shown, recomputed where a claim changed; an entity no source declares goes.
  const updates: Array<{ id: string; type: string; props: Record<string, unknown> }> = [];
  const deletes: string[] = [];
  for (const id of recompute) {
    const previous = setsBefore.get(id);
    const now = declared.get(id)?.entity;
    const next = (previous?.sets ?? []).filter((set) => set.source !== source);
    if (now) next.push(claimSetOf(source, date, now));
    const type = now?.type ?? (previous?.type as string);
    if (!next.length && mentions.has(id)) {
      // Still named here, and declared by a file not loaded yet: a stub until it is.
      updates.push({ id, type, props: { id, nameKey: sortKeyOf(id) } });
    } else if (!next.length) {
      deletes.push(id);
      change.removed.entities.push(id);
    } else {
      const resolved = resolveClaims(next);
      const was = resolveClaims(previous?.sets ?? []);
      // The node holds the values shown; a source that agrees with them leaves it as it is.
      if (previous?.type === type && JSON.stringify(was) === JSON.stringify(resolved)) continue;
      noteChanges(change, id, was, resolved);
      change.warnings.push(...newCertaintyWarnings(id, previous?.sets ?? [], next));
      updates.push({ id, type, props: entityNodeProps(id, type as EntityType, resolved) });
    }
  }
  await runBatches(run, updateEntities, updates, { typeLabels });

  // Relations this source adds: a new claim on a relationship another source states, or new.
  const fresh = [...relations.values()].filter(({ relation }) => !stated.has(relation.id));
  const maybeStated = fresh.filter(({ relation }) => known.has(relation.from) && known.has(relation.to));
  const elsewhere = new Map<string, Row>();
  for (const batch of batches(maybeStated)) {
    const rows = batch.map(({ relation }) => ({ id: relation.id, from: relation.from, to: relation.to }));
    for (const row of await run(statedElsewhere, { rows })) elsewhere.set(row.id as string, row);
  }
  await learnDates(
    run,
    dates,
    [...elsewhere.values()].flatMap((row) => row.sources as string[]),
  );
  const createRelationRows = [];
  for (const { relation, hash } of fresh) {
    const claim = relationClaimOf(relation, hash, locate);
    const other = elsewhere.get(relation.id);
    if (other) {
      reviseRelation({ ...other, from: relation.from, to: relation.to }, claim);
      continue;
    }
    change.added.relations.push(relation.id);
    const props = relationPropsOf(relation.id, new Map([[source, claim]]), dates);
    createRelationRows.push({ from: relation.from, to: relation.to, type: relation.type, props });
  }
  await runBatches(run, updateRelations, relationUpdates);
  await runBatches(run, deleteRelations, relationDeletes);
  for (const ids of batches(deletes)) await run(deleteEntities, { ids });
  await runBatches(run, createRelations, createRelationRows);
  const ends = [...relationUpdates, ...relationDeletes, ...createRelationRows].flatMap((r) => [r.from, r.to]);
  const touched = [...createRows, ...updates].map((row) => row.id);
  change.conflicts.push(...(await settleSingleValued(run, [...touched, ...ends])));
  if (!facts) await run(deleteSource, { source });
  return finish();
}

/** The facts in a write's scope. */
function narrowed(facts: SourceFacts, scope: ReconcileScope): SourceFacts {
  const entities = new Set(scope.entities);
  const relations = new Set(scope.relations.map((relation) => relation.id));
  return {
    ...facts,
    entities: facts.entities.filter((entity) => entities.has(entity.id)),
    relations: facts.relations.filter((relation) => relations.has(relation.id)),
    references: (facts.references ?? []).filter((reference) => entities.has(reference.id)),
  };
}

/** What a source says of an entity, as its CITED_IN edge stores it. */
function claimsJsonOf(entity: EntityFact): string {
  const claims: StoredEntityClaim = {
    props: entity.props,
    ...(entity.ranks && Object.keys(entity.ranks).length ? { ranks: entity.ranks } : {}),
    ...(entity.asOf ? { asOf: entity.asOf } : {}),
  };
  return JSON.stringify(claims);
}

function citeRow(entity: EntityFact, hash: string, at: { start: number; end: number } | null) {
  return {
    id: entity.id,
    section: entity.cite.section,
    quote: entity.cite.quote,
    start: at?.start ?? null,
    end: at?.end ?? null,
    hash,
    claims: claimsJsonOf(entity),
    mention: null,
  };
}

/** The properties of a relationship from its claims, in source order, with the values shown. */
function relationPropsOf(id: string, claims: Map<string, StoredRelationClaim>, dates: Map<string, string>) {
  const sources = [...claims.keys()].sort();
  const sets: ClaimSet[] = sources.map((source) => {
    const claim = claims.get(source) as StoredRelationClaim;
    return {
      source,
      sourceDate: dates.get(source) ?? '',
      ...(claim.asOf ? { asOf: claim.asOf } : {}),
      section: claim.section,
      quote: claim.quote,
      props: claim.qualifiers,
      ranks: claim.ranks ?? {},
    };
  });
  const stored = sources.map((source) => JSON.stringify(claims.get(source)));
  return relationProps(id, resolveClaims(sets), sources, stored);
}

/** Adds the dates of these sources to `dates`: the most recent source's claim is shown. */
async function learnDates(run: Run, dates: Map<string, string>, sources: string[]) {
  const missing = [...new Set(sources)].filter((source) => !dates.has(source));
  if (!missing.length) return;
  for (const row of await run(sourceDates, { ids: missing })) dates.set(row.id as string, row.date as string);
}

function noteChanges(
  change: SourceChange,
  entity: string,
  was: ReturnType<typeof resolveClaims>,
  now: ReturnType<typeof resolveClaims>,
) {
  for (const property of new Set([...Object.keys(was.props), ...Object.keys(now.props)])) {
    const before = was.props[property];
    const after = now.props[property];
    if (JSON.stringify(before) !== JSON.stringify(after))
      change.changed.push({ entity, property, before: before ?? null, after: after ?? null });
  }
  for (const property of now.conflicts) {
    if (!was.conflicts.includes(property)) change.conflicts.push({ entity, property });
  }
}

/**
 * Loads one source's validated facts in a single transaction: everything applies or nothing
 * does. Unchanged facts (same hash) are not written again; facts gone from the file are removed.
 */
export async function loadSource(db: Database, facts: SourceFacts): Promise<SourceChange> {
  const { result } = await db.writeTransaction(`kb.load.${facts.meta.id}`, (run, counters) =>
    reconcileSource(run, counters, facts.meta.id, facts),
  );
  return result;
}

/** Takes a source out of the graph: exactly its claims, and what no other source states. */
export async function removeSource(db: Database, source: string): Promise<SourceChange> {
  const { result } = await db.writeTransaction(`kb.remove.${source}`, (run, counters) =>
    reconcileSource(run, counters, source, null),
  );
  return result;
}
