// Ranked search (docs/search.md): each index covers names and aliases by script (searchEn,
// searchTh), the glossary's other forms of them (searchAlso), descriptions, and the type
// (searchType), so that a type filter runs inside the index query. The English index stems
// (Lucene's `english` analyzer: scams finds scam); the Thai one segments Thai into words.
// The loader writes the keys (format 5 reloads every source).
DROP INDEX entity_text_en IF EXISTS;
DROP INDEX entity_text_th IF EXISTS;
CREATE FULLTEXT INDEX entity_search_en IF NOT EXISTS FOR (n:Entity)
ON EACH [n.searchEn, n.searchAlso, n.description, n.searchType]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'english' } };
CREATE FULLTEXT INDEX entity_search_th IF NOT EXISTS FOR (n:Entity)
ON EACH [n.searchTh, n.searchAlso, n.descriptionTh, n.searchType]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'thai' } };
