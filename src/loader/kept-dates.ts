import type { Query } from '../db/database.ts';

/**
 * The dates kept on the graph for reads as of a day (src/stores/as-of.ts, docs/design/as-of.md):
 * - `firstKnown`, the date of the first source citing it: from that day on it exists;
 * - `lastKnown`, the date of the last source that claims a value of it: after that day its values
 *   are the ones stored, before it they are re-resolved from the claims of the sources known then.
 * ISO dates as strings (they sort as dates), indexed on entities (cypher/010-kept-dates.cypher).
 * A relationship's come with its other properties (src/loader/stored-claims.ts relationPropsOf),
 * an entity's are recomputed here from its CITED_IN edges, after every change to them.
 */

/** Recomputes the dates of the entities `ids`; nothing is written where nothing changes. */
export const keepEntityDates: Query = {
  name: 'kb.keepEntityDates',
  cypher: `
    UNWIND $ids AS id
    MATCH (n:Entity {id: id}) WHERE NOT n:Source
    CALL (n) {
      MATCH (n)-[c:CITED_IN]->(s:Source)
      RETURN toString(min(s.date)) AS first, toString(max(CASE WHEN c.claims IS NOT NULL THEN s.date END)) AS claimed
    }
    WITH n, first, coalesce(claimed, first) AS last
    WHERE first IS NOT NULL AND (n.firstKnown IS NULL OR n.firstKnown <> first OR n.lastKnown <> last)
    SET n.firstKnown = first, n.lastKnown = last`,
};

/** The first and last of the dates of a relationship's sources (`dates` holds every one). */
export function relationDates(sources: string[], dates: Map<string, string>) {
  const known = sources.map((source) => dates.get(source) ?? '').sort();
  return {
    firstKnown: known[0] ?? null,
    lastKnown: known[known.length - 1] ?? null,
    sourceDates: sources.map((source) => dates.get(source) ?? ''),
  };
}
