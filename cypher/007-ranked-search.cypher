// Ranked search (docs/search.md): one full-text index over the names and aliases by script
// (searchEn, searchTh), the Porter stems of the English ones (searchStems, from the loader: the
// same stemmer reads the query), the glossary's other forms of the names (searchAlso), the
// descriptions, and the type (searchType), so that a type filter runs inside the index query. The
// thai analyzer segments Thai into words and leaves English unstemmed, where a typo (cybersecurty)
// is one edit from the word. The loader writes the keys (format 5 reloads every source).
DROP INDEX entity_text_en IF EXISTS;
DROP INDEX entity_text_th IF EXISTS;
CREATE FULLTEXT INDEX entity_search IF NOT EXISTS FOR (n:Entity)
ON EACH [n.searchEn, n.searchTh, n.searchStems, n.searchAlso, n.description, n.descriptionTh, n.searchType]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'thai' } };
