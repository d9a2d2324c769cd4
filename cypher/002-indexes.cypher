// Fields we filter and sort on.
CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name);
CREATE INDEX entity_kind IF NOT EXISTS FOR (n:Entity) ON (n.kind);
CREATE INDEX entity_cited_in IF NOT EXISTS FOR (n:Entity) ON (n.citedIn);
CREATE INDEX country_iso2 IF NOT EXISTS FOR (n:Country) ON (n.iso2);
CREATE INDEX meeting_start IF NOT EXISTS FOR (n:Meeting) ON (n.startDate);
CREATE INDEX project_year IF NOT EXISTS FOR (n:Project) ON (n.year);
CREATE INDEX source_date IF NOT EXISTS FOR (n:Source) ON (n.date);
