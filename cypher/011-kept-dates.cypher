// Reads as of a day (src/stores/as-of.ts) test the dates the loader keeps (src/loader/kept-dates.ts):
// firstKnown, the date of the first source citing an entity or stating a relationship, and
// lastKnown, that of the last source claiming its values. Not indexed: an index on firstKnown led
// the planner away from the nameKey index that orders lists (entities 1.9x, bench:asof), and a
// count reads every entity's label anyway.
// The graph loaded before this migration: sources, entities, relationships. An entity's lastKnown
// here is the date of its last source that claims a value, never before the last day its values
// changed (which the loader computes): a read as of an earlier day re-resolves it, as it must.
MATCH (s:Source) SET s.firstKnown = toString(s.date), s.lastKnown = toString(s.date);
MATCH (n:Entity) WHERE NOT n:Source
CALL (n) {
  MATCH (n)-[c:CITED_IN]->(s:Source)
  RETURN toString(min(s.date)) AS first, toString(max(CASE WHEN c.claims IS NOT NULL THEN s.date END)) AS claimed
}
WITH n, first, coalesce(claimed, first) AS last WHERE first IS NOT NULL
SET n.firstKnown = first, n.lastKnown = last;
MATCH ()-[r]->() WHERE r.sources IS NOT NULL
CALL (r) {
  UNWIND range(0, size(r.sources) - 1) AS i
  OPTIONAL MATCH (s:Source {id: r.sources[i]})
  RETURN collect(coalesce(toString(s.date), '')) AS dates
}
SET r.sourceDates = dates,
  r.firstKnown = reduce(first = null, d IN dates | CASE WHEN first IS NULL OR d < first THEN d ELSE first END),
  r.lastKnown = reduce(last = null, d IN dates | CASE WHEN last IS NULL OR d > last THEN d ELSE last END);
