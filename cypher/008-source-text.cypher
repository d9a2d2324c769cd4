// A source's text lives on its own node, read by Source.text and the reader, never with the Source.
CREATE CONSTRAINT source_text_source IF NOT EXISTS FOR (t:SourceText) REQUIRE t.source IS UNIQUE;
