import { builder } from '../../builder.ts';
import { badInput } from '../../errors.ts';
import { pageSize } from '../../stores/paging.ts';
import type { Span, SpanPage } from '../../stores/source-store.ts';
import { textComplexity } from '../complexity.ts';
import { EntityRef, SourceRef } from '../refs.ts';
import { EdgeRef, PageInfoRef } from './relation.ts';

const SpanRef = builder.objectRef<Span>('Span').implement({
  description:
    "A quoted span of a source's text and the fact that cites it. `start` and `end` are offsets in Source.text (UTF-16 code units, as JavaScript strings index): text.slice(start, end) is the quote after normalising whitespace (runs of it as one space), as the validator compares quotes.",
  fields: (t) => ({
    start: t.exposeInt('start', { description: 'Where the quote starts in the text.' }),
    end: t.exposeInt('end', { description: 'Where the quote ends in the text (exclusive).' }),
    quote: t.exposeString('quote', { description: 'The quote, as the facts file gives it.' }),
    section: t.string({ nullable: true, description: 'The section cited.', resolve: (span) => span.section }),
    entity: t.field({
      type: EntityRef,
      nullable: true,
      description: 'The entity this span is the citation of, if it cites an entity.',
      resolve: (span, _args, ctx) => (span.entity ? ctx.entities.byId.load(span.entity) : null),
    }),
    relation: t.field({
      type: EdgeRef,
      nullable: true,
      description: 'The relationship this span is the citation of, if it cites one.',
      resolve: (span) => span.relation,
    }),
  }),
});

const SpanConnectionRef = builder.objectRef<SpanPage>('SpanConnection').implement({
  description: 'A page of spans, in reading order.',
  fields: (t) => ({
    nodes: t.field({
      type: [SpanRef],
      description: 'The spans of this page.',
      resolve: (page) => page.nodes,
    }),
    pageInfo: t.field({
      type: PageInfoRef,
      description: 'Whether there is a next page, and its cursor.',
      resolve: (page) => page,
    }),
    totalCount: t.exposeInt('totalCount', { description: 'Spans in the whole source.' }),
  }),
});

builder.objectFields(SourceRef, (t) => ({
  text: t.string({
    description:
      "The text of the source, as its file gives it (NFC), for reading and for the offsets of `spans`: whole, or the slice of `length` UTF-16 code units from `from` (the offsets `spans` use). A slice shorter than `length` ends the text. A slice costs 1 per 1,024 code units of `length`, a whole text as much as the whole byte budget (16,385 for 16 MiB), and what is read counts against the answer's byte budget (RESPONSE_TOO_LARGE): read a long text in slices.",
    args: {
      from: t.arg.int({ required: false, description: 'Offset of the first code unit (default 0).' }),
      length: t.arg.int({
        required: false,
        description: 'Code units to return at most (default: to the end).',
      }),
    },
    complexity: textComplexity,
    resolve: (source, { from, length }, ctx) => {
      if ((from ?? 0) < 0 || (length ?? 0) < 0) {
        throw badInput(`text(from, length) takes offsets of at least 0, got from ${from}, length ${length}`);
      }
      return ctx.sources.text(source.id, from ?? 0, length ?? null);
    },
  }),
  spans: t.field({
    type: SpanConnectionRef,
    description:
      'Every quoted span of the text, with the entity or relationship it cites, in reading order. (`citations`, which every entity has, lists where this Source is itself cited.)',
    args: {
      first: t.arg.int({ defaultValue: 50, description: 'Page size, at most 100.' }),
      after: t.arg.string({ required: false, description: 'endCursor of the previous page.' }),
    },
    resolve: (source, args, ctx) => ctx.sources.spans(source.id, pageSize(args.first, 50), args.after),
  }),
}));
