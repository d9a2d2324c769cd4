import { builder } from '../../builder.ts';
import { userError } from '../../errors.ts';
import type { Rejection } from '../../suggest/rejections.ts';
import { rejectSuggestion, sourceSuggestions } from '../../suggest/source-suggestions.ts';
import type { Suggestion } from '../../suggest/suggest.ts';
import { SourceRef } from '../refs.ts';

/**
 * What the graph recognises in a source's text before a curator reads it (src/suggest/): mentions
 * of known entities, new-entity candidates and relation candidates, computed from the knowledge
 * base's files. A curator accepts one with the ordinary curation mutations and rejects one with
 * `rejectSuggestion`, remembered in data/suggestions/ID.rejected.yaml.
 */
const SuggestionKindRef = builder.enumType('SuggestionKind', {
  description: 'What a suggestion proposes.',
  values: {
    MENTION: { value: 'mention', description: 'A mention of an entity the graph knows.' },
    NEW_ENTITY: {
      value: 'new-entity',
      description:
        'A name the graph does not know: a new entity, or an alias of a known one (`proposal.aliasOf`).',
    },
    RELATION: {
      value: 'relation',
      description: 'A relation between two mentions, from the words between them.',
    },
  } as const,
});

const SuggestionRef = builder.objectRef<Suggestion>('Suggestion').implement({
  description:
    "Something the graph recognises in a source's text. `start` and `end` are offsets in Source.text (UTF-16 code units, as spans and citations use): text.slice(start, end) is `text`.",
  fields: (t) => ({
    id: t.exposeID('id', {
      description: 'Names the suggestion for rejectSuggestion; stable, as the text is.',
    }),
    kind: t.field({ type: SuggestionKindRef, resolve: (s) => s.kind }),
    start: t.exposeInt('start', { description: 'Where it starts in the text.' }),
    end: t.exposeInt('end', { description: 'Where it ends in the text (exclusive).' }),
    text: t.exposeString('text', { description: 'The words, as the text writes them.' }),
    entity: t.exposeID('entity', {
      description:
        "The entity's id: the one mentioned; for a new entity the id proposed (or the entity it is an alias of); for a relation its `from` end.",
    }),
    score: t.exposeFloat('score', {
      description:
        'From 0 to 1: names 1, aliases 0.95, glossary forms 0.9, demonyms 0.85, partial names 0.8; new entities 0.5–0.7; relations 0.4.',
    }),
    why: t.exposeString('why', { description: 'Which name, alias or rule matched, in words.' }),
    also: t.idList({
      description: 'Other entities the same words name (a curator picks); usually empty.',
      resolve: (s) => (s.kind === 'mention' ? (s.also ?? []) : []),
    }),
    proposal: t.field({
      type: 'JSON',
      nullable: true,
      description:
        'For a new entity: {type, kind?, name, aliases, aliasOf?}, what upsertEntity would be given. Null for the other kinds.',
      resolve: (s) => (s.kind === 'new-entity' ? s.proposal : null),
    }),
    relation: t.field({
      type: 'JSON',
      nullable: true,
      description:
        'For a relation: {type, from, to, quote}, what addRelation would be given. Null for the other kinds.',
      resolve: (s) => (s.kind === 'relation' ? s.relation : null),
    }),
  }),
});

builder.objectFields(SourceRef, (t) => ({
  suggestions: t.field({
    type: [SuggestionRef],
    description:
      "What the graph recognises in the source's text, in reading order, without those a curator rejected: mentions of known entities (names, Thai names, aliases, glossary forms, demonyms, partial names), names it does not know and relation candidates. Not cached: a rejection changes it.",
    args: {
      minScore: t.arg.float({
        required: false,
        description: 'Leave out suggestions scored below this (0–1).',
      }),
      kinds: t.arg({ type: [SuggestionKindRef], required: false, description: 'Only these kinds.' }),
    },
    resolve: (source, args, ctx) => {
      const all = sourceSuggestions(ctx.dataDir, source.id, args.minScore ?? 0);
      return args.kinds ? all.filter((s) => args.kinds?.includes(s.kind)) : all;
    },
  }),
}));

const RejectionRef = builder.objectRef<Rejection & { source: string }>('SuggestionRejection').implement({
  description: 'A suggestion a curator rejected for a source, as data/suggestions/ID.rejected.yaml keeps it.',
  fields: (t) => ({
    id: t.exposeID('id', { description: "The suggestion's id." }),
    source: t.exposeID('source'),
    kind: t.exposeString('kind'),
    text: t.exposeString('text'),
    entity: t.exposeID('entity'),
    by: t.exposeString('by', { description: 'The name of the token that rejected it.' }),
    at: t.exposeString('at', { description: 'When, ISO 8601 UTC.' }),
    reason: t.exposeString('reason', { nullable: true }),
  }),
});

builder.mutationField('rejectSuggestion', (t) =>
  t.field({
    type: RejectionRef,
    authScopes: { curate: true },
    description:
      'Rejects one suggestion of a source (an id from Source.suggestions): it is kept in data/suggestions/ID.rejected.yaml and not offered again. NOT_FOUND when the source has no such suggestion, CONFLICT when it is rejected already.',
    args: {
      source: t.arg.id({ required: true }),
      suggestion: t.arg.id({ required: true, description: 'Suggestion.id.' }),
      reason: t.arg.string({ required: false }),
    },
    resolve: async (_root, args, ctx) => {
      if (!ctx.principal) throw userError('UNAUTHENTICATED', 'rejecting a suggestion needs a token');
      const source = String(args.source);
      const rejection = await rejectSuggestion(
        ctx.dataDir,
        source,
        String(args.suggestion),
        ctx.principal.name,
        args.reason,
      );
      return { ...rejection, source };
    },
  }),
);
