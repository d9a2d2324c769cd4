import { findNewEntities, type NewEntity } from './candidates.ts';
import { harvestPairs } from './harvest.ts';
import { keyOf } from './key.ts';
import { buildLexicon, type Lexicon } from './lexicon.ts';
import type { KnowledgeFiles } from './lexicon-files.ts';
import { findMentions, type Mention } from './mentions.ts';
import { findRelations, type RelationCandidate } from './relations.ts';

/**
 * What the graph reads in a document before a curator does: mentions of known entities, names it
 * does not know, and relations between mentions. Every suggestion has `start` and `end` (UTF-16
 * offsets into the text, as citations use), `text`, `entity` (an id), `score` (0–1) and `why`;
 * `kind` tells the three apart, and `id` names it for a rejection.
 */
export type Suggestion =
  | (Mention & { kind: 'mention'; id: string })
  | (NewEntity & { kind: 'new-entity'; id: string })
  | (RelationCandidate & { kind: 'relation'; id: string });

export type SuggestionKind = Suggestion['kind'];

/** Stable for a source, whose text never changes: what a rejection remembers. */
export function suggestionId(s: {
  kind: string;
  start: number;
  end: number;
  entity: string;
  relation?: { type: string; to: string };
}) {
  const base = `${s.kind}:${s.start}-${s.end}:${s.entity}`;
  return s.relation ? `${base}:${s.relation.type}:${s.relation.to}` : base;
}

let last: { data: KnowledgeFiles; extra: string; lexicon: Lexicon } | undefined;

/** The lexicon with the document's own "Long Form (ABBR)" pairs added; the last one is kept. */
function lexiconFor(data: KnowledgeFiles, text: string): Lexicon {
  const pairs = harvestPairs(text);
  const extra = JSON.stringify(pairs);
  if (last?.data === data && last.extra === extra) return last.lexicon;
  const lexicon = buildLexicon({ ...data, glossary: [...data.glossary, ...pairs] });
  last = { data, extra, lexicon };
  return lexicon;
}

/** Every suggestion for `text` (NFC, as the source's text), in reading order. */
export function suggest(text: string, data: KnowledgeFiles): Suggestion[] {
  const lexicon = lexiconFor(data, text);
  const mentions = findMentions(text, keyOf(text), lexicon);
  const all: Suggestion[] = [
    ...mentions.map((m) => ({ ...m, kind: 'mention' as const, id: suggestionId({ ...m, kind: 'mention' }) })),
    ...findNewEntities(text, mentions, lexicon).map((n) => ({
      ...n,
      kind: 'new-entity' as const,
      id: suggestionId({ ...n, kind: 'new-entity' }),
    })),
    ...findRelations(text, mentions, lexicon, data.relationWords).map((r) => ({
      ...r,
      kind: 'relation' as const,
      id: suggestionId({ ...r, kind: 'relation' }),
    })),
  ];
  return all.sort((a, b) => a.start - b.start || b.end - a.end);
}
