import type { Query, Row } from '../db/database.ts';
import { singleValued } from '../model/ontology.ts';
import { resolveSingleValued, type StatedRelation } from '../model/single-valued.ts';
import { parseStoredClaimSet } from '../model/stored.ts';

/**
 * The loader's last step for a source: settles the single-valued relations (src/model/single-valued.ts)
 * of the entities whose claims or relationships changed. A relationship another source's value
 * outranks gets `outranked: true`, which the typed fields (`hostCountry`, `chair`) skip; the
 * entity's `conflicts` gets the relation types in dispute beside its properties. Nothing is written
 * where nothing changes, and both keys go when the dispute does, so removing a source restores
 * the graph as it was.
 */

type Run = (query: Query, params?: Record<string, unknown>) => Promise<Row[]>;

/** The relations that take one value: an entity's `conflicts` may name them (docs/design/claims.md). */
export const relationTypes = [...new Set(singleValued.map((spec) => spec.relation))];
const labels = [...new Set(singleValued.flatMap((spec) => spec.types))];
const BATCH = 2_000;

// Types and labels come from the ontology, not from input.
const disputed: Query = {
  name: 'kb.singleValued',
  cypher: `
    UNWIND $ids AS id
    MATCH (n:Entity {id: id}) WHERE any(label IN labels(n) WHERE label IN $labels)
    WITH n, [label IN labels(n) WHERE label <> 'Entity'][0] AS type
    RETURN n.id AS id, type, n.conflicts AS conflicts,
      COLLECT {
        MATCH (n)-[r:${relationTypes.join('|')}]-(:Entity)
        RETURN {id: r.id, type: type(r), from: startNode(r).id, to: endNode(r).id, sources: r.sources,
          claims: r.claims, outranked: r.outranked}
      } AS relations,
      COLLECT {
        MATCH (n)-[c:CITED_IN]->(s:Source) WHERE c.claims IS NOT NULL
        RETURN {source: s.id, date: s.date, section: c.section, quote: c.quote, claims: c.claims}
      } AS sets`,
};

const sourceDates: Query = {
  name: 'kb.singleValuedSourceDates',
  cypher: 'UNWIND $ids AS id MATCH (s:Source {id: id}) RETURN s.id AS id, s.date AS date',
};

const setConflicts: Query = {
  name: 'kb.setConflicts',
  cypher: 'UNWIND $rows AS row MATCH (n:Entity {id: row.id}) SET n.conflicts = row.conflicts',
};

const setOutranked: Query = {
  name: 'kb.setOutranked',
  cypher: `
    UNWIND $rows AS row
    MATCH (:Entity {id: row.from})-[r]->(:Entity {id: row.to})
    WHERE r.id = row.id
    SET r.outranked = row.outranked`,
};

type Stored = StatedRelation & { outranked?: boolean | null };

/** Settles the entities `ids`; returns the relation conflicts that are new. */
export async function settleSingleValued(
  run: Run,
  ids: Iterable<string>,
): Promise<Array<{ entity: string; property: string }>> {
  const all = [...new Set(ids)];
  const fresh: Array<{ entity: string; property: string }> = [];
  for (let start = 0; start < all.length; start += BATCH) {
    const rows = await run(disputed, { ids: all.slice(start, start + BATCH), labels });
    const relations = rows.flatMap((row) => row.relations as Stored[]);
    const dates = new Map<string, string>();
    const sources = [...new Set(relations.flatMap((relation) => relation.sources))];
    for (const row of await run(sourceDates, { ids: sources }))
      dates.set(row.id as string, row.date as string);
    const conflictRows: Array<{ id: string; conflicts: string[] | null }> = [];
    const outrankedRows: Array<{ id: string; from: string; to: string; outranked: true | null }> = [];
    for (const row of rows) {
      const id = row.id as string;
      const sets = (row.sets as Array<Record<string, unknown>>).map(parseStoredClaimSet);
      const stated = row.relations as Stored[];
      const result = resolveSingleValued(id, row.type as string, stated, dates, sets);
      const before = (row.conflicts as string[] | null) ?? [];
      const props = before.filter((name) => !relationTypes.includes(name as never));
      const after = [...props, ...result.conflicts].sort();
      if (JSON.stringify(after) !== JSON.stringify(before))
        conflictRows.push({ id, conflicts: after.length ? after : null });
      for (const name of result.conflicts)
        if (!before.includes(name)) fresh.push({ entity: id, property: name });
      for (const relation of stated.filter((r) => result.settled.includes(r.id))) {
        const outranked = result.outranked.includes(relation.id) ? true : null;
        if ((relation.outranked ?? null) !== outranked)
          outrankedRows.push({ id: relation.id, from: relation.from, to: relation.to, outranked });
      }
    }
    if (conflictRows.length) await run(setConflicts, { rows: conflictRows });
    if (outrankedRows.length) await run(setOutranked, { rows: dedupe(outrankedRows) });
  }
  return fresh;
}

/** A relationship between two entities in scope is read from both ends: write it once. */
function dedupe<T extends { id: string; from: string; to: string }>(rows: T[]): T[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    const key = `${row.from}\u0000${row.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
