// Thai has no spaces between words: the thai analyzer segments it into words.
// searchTh holds the Thai name and Thai aliases; the loader writes it.
CREATE FULLTEXT INDEX entity_text_th IF NOT EXISTS FOR (n:Entity) ON EACH [n.searchTh]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'thai' } };
// English names, acronyms and aliases (searchEn), and descriptions.
CREATE FULLTEXT INDEX entity_text_en IF NOT EXISTS FOR (n:Entity) ON EACH [n.searchEn, n.description]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'standard-no-stop-words' } };
