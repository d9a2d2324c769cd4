import type { Database, Query } from '../db/database.ts';
import { AmountHistory } from '../model/amount-history.ts';
import { parseStoredClaimSet } from '../model/stored.ts';
import { lastChange } from './last-change.ts';
import type { Run } from './queries.ts';

/**
 * The dates kept on the graph for reads as of a day (src/stores/as-of.ts, docs/design/as-of.md),
 * ISO dates as strings (they sort as dates):
 * - `firstKnown`, the date of the first source citing it: from that day on it exists;
 * - `lastKnown`, the last day its values shown changed: on or after it they are the ones stored,
 *   before it they are re-resolved from the claims of the sources known then. For an entity, the
 *   last source date at which the claims known up to it resolve otherwise than those before it (a
 *   source restating a value changes nothing); for a relationship, whose provenance lists its
 *   sources, the date of its last source;
 * - `amountHistory`, on an entity whose claims hold an amount, currency or year and whose
 *   `lastKnown` is after its `firstKnown`: those values on each date they changed
 *   (src/model/amount-history.ts), which money as of a day reads instead of the claims.
 * A relationship's come with its other properties (src/loader/stored-claims.ts relationPropsOf);
 * an entity's with its node when a source creates it (keptDatesOf), and are recomputed here after
 * every later change to its CITED_IN edges (src/loader/reconcile.ts keepDates).
 */

const BATCH = 2_000;

// Without the quotes: what lastChange compares (the values shown and conflicts) never holds them.
const citations: Query = {
  name: 'kb.keptDates.read',
  cypher: `
    UNWIND $ids AS id
    MATCH (n:Entity {id: id}) WHERE NOT n:Source
    CALL (n) {
      MATCH (n)-[c:CITED_IN]->(s:Source)
      RETURN toString(min(s.date)) AS first, collect(CASE WHEN c.claims IS NOT NULL THEN
        {source: s.id, date: toString(s.date), claims: c.claims} END) AS sets
    }
    RETURN n.id AS id, first, sets, n.firstKnown AS firstKnown, n.lastKnown AS lastKnown,
      n.amountHistory AS amountHistory`,
};

const write: Query = {
  name: 'kb.keptDates.write',
  cypher:
    'UNWIND $rows AS row MATCH (n:Entity {id: row.id}) SET n.firstKnown = row.first, n.lastKnown = row.last, n.amountHistory = row.amounts',
};

/** Recomputes the dates of the entities `ids`; nothing is written where nothing changes. */
export async function keepEntityDates(run: Run, ids: string[]): Promise<void> {
  for (let start = 0; start < ids.length; start += BATCH) {
    const rows = await run(citations, { ids: ids.slice(start, start + BATCH) });
    const changed = rows.flatMap((row) => {
      const first = row.first as string | null;
      if (first === null) return [];
      const sets = (row.sets as Array<Record<string, unknown>>).map(parseStoredClaimSet);
      const history = new AmountHistory();
      const last = lastChange(sets, (date, resolved) => history.add(date, resolved)) ?? first;
      // Read as of a day only before `lastKnown`: an entity never changed keeps none.
      const amounts = last > first ? history.kept() : null;
      const same = row.firstKnown === first && row.lastKnown === last;
      return same && (row.amountHistory ?? null) === amounts ? [] : [{ id: row.id, first, last, amounts }];
    });
    if (changed.length) await run(write, { rows: changed });
  }
}

// Money as of a day sums what it finds here and re-resolves the claims of the rest.
const lackingHistory: Query = {
  name: 'kb.keptDates.lackingHistory',
  cypher: `
    MATCH (n:Entity) WHERE n.lastKnown > n.firstKnown AND n.amountHistory IS NULL
      AND (n.amount IS NOT NULL OR n.currency IS NOT NULL OR n.year IS NOT NULL)
    RETURN n.id AS id`,
};

/**
 * Keeps the amount histories a graph loaded before they were kept lacks: a load recomputes the
 * dates only of what a source changed. Nothing is written when none lacks one.
 */
export async function keepLackingHistories(db: Database): Promise<void> {
  const ids = (await db.read(lackingHistory)).map((row) => row.id as string);
  if (ids.length) await db.writeTransaction('kb.keptDates.histories', (run) => keepEntityDates(run, ids));
}

/** The dates of an entity created by a source dated `date`, the only one citing it. */
export function keptDatesOf(date: string) {
  return { firstKnown: date, lastKnown: date };
}

/** The first and last of the dates of a relationship's sources (`dates` holds every one). */
export function relationDates(sources: string[], dates: Map<string, string>) {
  const known = sources.map((source) => dates.get(source) ?? '').sort();
  return {
    firstKnown: known[0] ?? null,
    lastKnown: known[known.length - 1] ?? null,
    sourceDates: sources.map((source) => dates.get(source) ?? ''),
  };
}
