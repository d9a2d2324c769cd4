// Lists sorted by name read them in index order (the loader writes nameKey, the name lower-cased).
CREATE INDEX entity_name_key IF NOT EXISTS FOR (n:Entity) ON (n.nameKey);
// A year's projects by name, in index order: no sort, however many projects the year has.
CREATE INDEX project_year_name_key IF NOT EXISTS FOR (n:Project) ON (n.year, n.nameKey);
// Provenance moved from a citedIn property to CITED_IN edges; the index on it is empty.
DROP INDEX entity_cited_in IF EXISTS;
