import type { Query, Row } from '../db/database.ts';
import { type Locate, locator } from '../facts/offsets.ts';
import type { EntityFact, RelationFact, SourceFacts } from '../facts/source-facts.ts';
import { newCertaintyWarnings } from '../model/certainty.ts';
import { type ClaimSet, resolveClaims } from '../model/claims.ts';
import type { EntityType } from '../model/ontology.ts';
import { entityNodeProps, hashOf, parseStoredClaimSet, sortKeyOf } from '../model/stored.ts';
import type { Glossary } from '../search/glossary.ts';
import { keepEntityDates, keptDatesOf } from './kept-dates.ts';
import type { Run } from './queries.ts';
import * as q from './queries.ts';
import type { ReconcileScope } from './reconcile-scope.ts';
import { relationTypes, settleSingleValued } from './settle-relations.ts';
import {
  countersSince,
  noteChanges,
  type SourceChange,
  SourceConflictError,
  startChange,
} from './source-change.ts';
import { openSource } from './source-node.ts';
import {
  citeRow,
  claimSetOf,
  claimsBySource,
  claimsJsonOf,
  relationClaimOf,
  relationPropsOf,
  type StoredRelationClaim,
} from './stored-claims.ts';

export interface ReconcileOptions {
  /** The glossary of the knowledge base the source is part of: search keys are built with it. */
  glossary: Glossary;
  /** What a write changed, when the graph holds the source as it was before it. */
  scope?: ReconcileScope | undefined;
}

const BATCH = 5_000;

function batches<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += BATCH) out.push(items.slice(start, start + BATCH));
  return out;
}

async function runBatches(run: Run, query: Query, rows: unknown[], params: Record<string, unknown> = {}) {
  for (const batch of batches(rows)) await run(query, { ...params, rows: batch });
}

/**
 * Reconciles the graph with one source in the transaction `run` belongs to: adds what the source
 * states now, takes away what it no longer states, and recomputes the values shown wherever a
 * claim changed. `given` null removes the source. Returns what changed. With a `scope`, and a
 * graph that holds the source as it was before it, only the facts in the scope are compared:
 * a write to a large source costs what it changes.
 */
export async function reconcileSource(
  run: Run,
  counters: Record<string, number>,
  source: string,
  given: SourceFacts | null,
  options: ReconcileOptions,
): Promise<SourceChange> {
  const started = performance.now();
  const before = { ...counters };
  const change = startChange(source, given);
  const opened = given ? await openSource(run, source, given, options, change) : undefined;
  if (opened !== null) {
    const work = new Reconciliation(run, source, given, opened?.facts ?? null, options.glossary, change);
    await work.readGraph(opened?.isNew ?? false, opened ? opened.scope : options.scope);
    await work.reviseStaleRelations();
    await work.findKnown();
    // The values shown before, from every source's claims as stored: read before the edges change.
    const shownBefore = await work.storedClaimSets();
    await work.writeCitations();
    await work.recomputeShown(shownBefore);
    await work.addRelations();
    await work.keepDates(opened?.dateChanged ?? false);
    await work.settle();
  }
  change.counters = countersSince(before, counters);
  change.ms = Math.round(performance.now() - started);
  return change;
}

interface Declared {
  entity: EntityFact;
  at: { start: number; end: number } | null;
  hash: string;
}

interface Mention {
  type: string;
  hash: string;
  section: string;
  quote: string;
  start?: number;
  end?: number;
}

type Ends = { id: string; from: string; to: string };

/**
 * One source's reconciliation, phase by phase (each a method, run in this order): what the graph
 * holds of the source; relations whose claim went or changed; which entities are known; the
 * CITED_IN edges; the values shown; the relations added, the writes to relations and deletions;
 * the single-valued relations settled, and the source removed when it goes.
 */
class Reconciliation {
  private readonly date: string;
  /** Sources' dates, for the claims of relationships: the most recent source's claim is shown. */
  private readonly dates: Map<string, string>;
  private readonly locate: Locate;
  /** What the source states now, each fact with a hash that covers what it is stored with. */
  private readonly declared: Map<string, Declared>;
  private readonly relations: Map<string, { relation: RelationFact; hash: string }>;
  private readonly mentions = new Map<string, Mention>();
  /** What the graph holds of the source: its CITED_IN edges and the relationships it states. */
  private readonly cited = new Map<string, { hash: string; mention: boolean }>();
  private readonly stated = new Map<string, Row>();
  private readonly relationUpdates: Array<Ends & { props: Record<string, unknown> }> = [];
  private readonly relationDeletes: Ends[] = [];
  private readonly known = new Set<string>();
  /** Entities this source newly claims exactly as another source does: the values shown stay. */
  private readonly restated = new Set<string>();
  private claimChanged: Array<[string, Declared]> = [];
  private recompute: string[] = [];
  private readonly deletes: string[] = [];
  /** Entities whose claims or relationships this source changed: their single-valued relations are settled last. */
  private readonly touched: string[] = [];
  /** Entities in the graph before whose CITED_IN edge to this source changed, or whose node was rewritten. */
  private readonly recited = new Set<string>();

  constructor(
    private readonly run: Run,
    private readonly source: string,
    given: SourceFacts | null,
    private readonly facts: SourceFacts | null,
    private readonly glossary: Glossary,
    private readonly change: SourceChange,
  ) {
    const date = facts?.meta.date ?? '';
    this.date = date;
    this.dates = new Map<string, string>(facts ? [[source, date]] : []);
    // Each fact's hash covers the source's date and where its quote is in the text too, and for
    // entities the glossary their search keys are built with.
    const search = glossary.hash;
    const locate = locator((facts?.text ?? '').normalize('NFC'));
    this.locate = locate;
    this.declared = new Map(
      (facts?.entities ?? []).map((entity) => {
        const at = locate(entity.cite.quote);
        return [entity.id, { entity, at, hash: hashOf({ entity, date, search, at }) }];
      }),
    );
    this.relations = new Map(
      (facts?.relations ?? []).map((relation) => [
        relation.id,
        { relation, hash: hashOf({ relation, date, at: locate(relation.cite.quote) }) },
      ]),
    );
    for (const { id, type } of facts?.references ?? []) {
      // The whole file's first, also when a scope narrowed the facts.
      const first = given?.relations.find((relation) => relation.from === id || relation.to === id);
      const cite = first?.cite ?? { section: '', quote: '' };
      const at = locate(cite.quote);
      this.mentions.set(id, { type, ...cite, ...at, hash: hashOf({ mention: cite, at }) });
    }
  }

  /** What the graph holds of the source: all of it, or what the scope names. */
  async readGraph(isNew: boolean, scope: ReconcileScope | undefined) {
    if (isNew) return;
    const { run, source } = this;
    const citedRows = scope
      ? await run(q.citedBySourceAmong, { source, ids: scope.entities })
      : await run(q.citedBySource, { source });
    for (const row of citedRows)
      this.cited.set(row.id as string, { hash: row.hash as string, mention: row.mention as boolean });
    const statedRows = scope
      ? await run(q.relationsOfSourceAmong, { source, rows: scope.relations })
      : await run(q.relationsOfSource, { source });
    for (const row of statedRows) this.stated.set(row.id as string, row);
  }

  /** Sets or withdraws this source's claim on a relationship; one with no claim left goes. */
  private reviseRelation(row: Row, next: StoredRelationClaim | undefined) {
    const claims = claimsBySource(row.sources, row.claims);
    if (next) claims.set(this.source, next);
    else claims.delete(this.source);
    const ends = { id: row.id as string, from: row.from as string, to: row.to as string };
    if (!claims.size) {
      this.relationDeletes.push(ends);
      this.change.removed.relations.push(ends.id);
    } else {
      this.relationUpdates.push({ ...ends, props: relationPropsOf(ends.id, claims, this.dates) });
    }
  }

  /** Relations: claims withdrawn or changed, first, before any entity they join may go. */
  async reviseStaleRelations() {
    const stale = [...this.stated.values()].filter((row) => {
      const now = this.relations.get(row.id as string);
      return !now || claimsBySource(row.sources, row.claims).get(this.source)?.hash !== now.hash;
    });
    await this.learnDates(stale.flatMap((row) => row.sources as string[]));
    for (const row of stale) {
      const now = this.relations.get(row.id as string);
      this.reviseRelation(row, now && relationClaimOf(now.relation, now.hash, this.locate));
    }
  }

  /** Entities: which are in the graph already, and whose claims this source changes. */
  async findKnown() {
    const { declared, mentions, cited, source } = this;
    const wanted = [...new Set([...declared.keys(), ...mentions.keys()])].map((id) => {
      const entity = declared.get(id)?.entity;
      return { id, claims: entity ? claimsJsonOf(entity) : null };
    });
    const sourceIds: string[] = [];
    for (const rows of batches(wanted)) {
      for (const row of await this.run(q.knownEntities, { rows, source })) {
        this.known.add(row.id as string);
        if (row.isSource) sourceIds.push(row.id as string);
        if (row.sameClaim && !cited.has(row.id as string)) this.restated.add(row.id as string);
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
    this.claimChanged = [...declared].filter(
      ([id, { hash }]) => this.known.has(id) && cited.get(id)?.hash !== hash,
    );
    const withdrawn = [...cited].filter(([id, edge]) => !edge.mention && !declared.has(id)).map(([id]) => id);
    // A claim identical to another source's changes no value shown, conflict or alias: it needs no
    // recomputing (most re-declared entities in a large load).
    this.recompute = [
      ...this.claimChanged.map(([id]) => id).filter((id) => !this.restated.has(id)),
      ...withdrawn,
    ];
  }

  /** Edges to the source: stale ones go, new and changed ones are written. */
  async writeCitations() {
    const { run, source, cited, declared, mentions, known } = this;
    const gone = [...cited.keys()].filter((id) => !declared.has(id) && !mentions.has(id));
    for (const ids of batches(gone)) await run(q.uncite, { ids, source });
    // A new entity or stub is cited by this source only: it is known from this source's date.
    const date = this.date;
    const createRows = [...declared.values()]
      .filter(({ entity }) => !known.has(entity.id))
      .map(({ entity, hash, at }) => {
        const resolved = resolveClaims([claimSetOf(source, this.date, entity)]);
        this.change.added.entities.push(entity.id);
        return {
          ...citeRow(entity, hash, at),
          type: entity.type,
          props: {
            ...entityNodeProps(entity.id, entity.type, resolved, this.glossary),
            ...keptDatesOf(date),
          },
        };
      });
    await runBatches(run, q.createEntities, createRows, { source });
    this.touched.push(...createRows.map((row) => row.id));
    const changedRows = this.claimChanged.map(([, { entity, hash, at }]) => citeRow(entity, hash, at));
    await runBatches(run, q.citeEntities, changedRows, { source });
    const mentionRows = [...mentions]
      .filter(([id, mention]) => cited.get(id)?.hash !== mention.hash)
      .map(([id, mention]) => ({ id, ...mention, claims: null, mention: true, nameKey: sortKeyOf(id) }));
    const [stubs, named] = [
      mentionRows.filter((row) => !known.has(row.id)),
      mentionRows.filter((row) => known.has(row.id)),
    ];
    await runBatches(run, q.createMentioned, stubs, { source, date });
    await runBatches(run, q.citeEntities, named, { source });
    for (const id of [...gone, ...changedRows.map((row) => row.id), ...named.map((row) => row.id)])
      this.recited.add(id);
  }

  /** The values shown, recomputed where a claim changed; an entity no source declares goes. */
  async recomputeShown(setsBefore: Map<string, { type: string; sets: ClaimSet[] }>) {
    const { source, declared, mentions, change } = this;
    const updates: Array<{ id: string; type: string; props: Record<string, unknown> }> = [];
    for (const id of this.recompute) {
      const previous = setsBefore.get(id);
      const now = declared.get(id)?.entity;
      const next = (previous?.sets ?? []).filter((set) => set.source !== source);
      if (now) next.push(claimSetOf(source, this.date, now));
      const type = now?.type ?? (previous?.type as string);
      if (!next.length && mentions.has(id)) {
        // Still named here, and declared by a file not loaded yet: a stub until it is.
        updates.push({ id, type, props: { id, nameKey: sortKeyOf(id) } });
      } else if (!next.length) {
        this.deletes.push(id);
        change.removed.entities.push(id);
      } else {
        const resolved = resolveClaims(next);
        const was = resolveClaims(previous?.sets ?? []);
        // The node holds the values shown; a source that agrees with them leaves it as it is.
        if (previous?.type === type && JSON.stringify(was) === JSON.stringify(resolved)) continue;
        noteChanges(change, id, was, resolved);
        change.warnings.push(...newCertaintyWarnings(id, previous?.sets ?? [], next));
        updates.push({ id, type, props: entityNodeProps(id, type as EntityType, resolved, this.glossary) });
      }
    }
    await runBatches(this.run, q.updateEntities, updates, {
      typeLabels: q.typeLabels,
      relationConflicts: relationTypes,
    });
    this.touched.push(...updates.map((row) => row.id));
    // The node was written whole, its kept dates with it.
    for (const { id } of updates) this.recited.add(id);
  }

  /** Every source's claims, as stored, on the entities whose values shown are recomputed. */
  async storedClaimSets() {
    const sets = new Map<string, { type: string; sets: ClaimSet[] }>();
    for (const ids of batches(this.recompute)) {
      for (const row of await this.run(q.claimSets, { ids })) {
        const stored = (row.sets as Array<Record<string, unknown>>).map(parseStoredClaimSet);
        sets.set(row.id as string, { type: row.type as string, sets: stored });
      }
    }
    return sets;
  }

  /**
   * Relations this source adds: a new claim on a relationship another source states, or new;
   * then the relationships' writes, the entities that go, and the source itself when it goes.
   */
  async addRelations() {
    const { run, source, known } = this;
    const fresh = [...this.relations.values()].filter(({ relation }) => !this.stated.has(relation.id));
    const maybeStated = fresh.filter(({ relation }) => known.has(relation.from) && known.has(relation.to));
    const elsewhere = new Map<string, Row>();
    for (const batch of batches(maybeStated)) {
      const rows = batch.map(({ relation }) => ({ id: relation.id, from: relation.from, to: relation.to }));
      for (const row of await run(q.statedElsewhere, { rows })) elsewhere.set(row.id as string, row);
    }
    await this.learnDates([...elsewhere.values()].flatMap((row) => row.sources as string[]));
    const createRelationRows = [];
    for (const { relation, hash } of fresh) {
      const claim = relationClaimOf(relation, hash, this.locate);
      const other = elsewhere.get(relation.id);
      if (other) {
        this.reviseRelation({ ...other, from: relation.from, to: relation.to }, claim);
        continue;
      }
      this.change.added.relations.push(relation.id);
      const props = relationPropsOf(relation.id, new Map([[source, claim]]), this.dates);
      createRelationRows.push({ from: relation.from, to: relation.to, type: relation.type, props });
    }
    await runBatches(run, q.updateRelations, this.relationUpdates);
    await runBatches(run, q.deleteRelations, this.relationDeletes);
    for (const ids of batches(this.deletes)) await run(q.deleteEntities, { ids });
    await runBatches(run, q.createRelations, createRelationRows);
    const changed = [...this.relationUpdates, ...this.relationDeletes, ...createRelationRows];
    this.touched.push(...changed.flatMap((relation) => [relation.from, relation.to]));
  }

  /**
   * The dates kept for reads as of a day (src/loader/kept-dates.ts), recomputed on the entities
   * that were in the graph and whose edge to this source changed; entities created here got theirs
   * with their node. A source whose date changed changes those of every entity it cites or cited.
   */
  async keepDates(dateChanged: boolean) {
    const all = [...this.cited.keys(), ...this.declared.keys(), ...this.mentions.keys()];
    const gone = new Set(this.deletes);
    const ids = [...new Set(dateChanged ? all : this.recited)].filter((id) => !gone.has(id));
    await keepEntityDates(this.run, ids);
  }

  /** The single-valued relations of what changed (src/loader/settle-relations.ts); then the source goes, if it does. */
  async settle() {
    this.change.conflicts.push(...(await settleSingleValued(this.run, this.touched)));
    if (!this.facts) await this.run(q.deleteSource, { source: this.source });
  }

  /** Adds the dates of these sources to `dates`: the most recent source's claim is shown. */
  private async learnDates(sources: string[]) {
    const missing = [...new Set(sources)].filter((source) => !this.dates.has(source));
    if (!missing.length) return;
    for (const row of await this.run(q.sourceDates, { ids: missing }))
      this.dates.set(row.id as string, row.date as string);
  }
}
