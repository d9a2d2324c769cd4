import { builder } from '../../builder.ts';
import { textComplexity } from '../../complexity.ts';
import { badInput } from '../../errors.ts';
import type { Box } from '../../import/page-view.ts';
import { pageSize } from '../../stores/paging.ts';
import type { Span, SpanPage } from '../../stores/source-store.ts';
import { EntityRef, SourceRef } from '../refs.ts';
import { EdgeRef, PageInfoRef, pageOf } from './relation.ts';

const SpanRef = builder.objectRef<Span>('Span').implement({
  description:
    "A quoted span of a source's text and the fact that cites it. `start` and `end` are offsets in Source.text (UTF-16 code units, as JavaScript strings index): text.slice(start, end) is the quote after normalising whitespace (runs of it as one space), as the validator compares quotes.",
  fields: (t) => ({
    start: t.exposeInt('start', { description: 'Where the quote starts in the text.' }),
    end: t.exposeInt('end', { description: 'Where the quote ends in the text (exclusive).' }),
    quote: t.exposeString('quote', { description: 'The quote, as the facts file gives it.' }),
    section: t.string({ nullable: true, description: 'The section cited.', resolve: (span) => span.section }),
    page: t.int({
      nullable: true,
      description: 'The page of the original the span starts on, from 1; null for a source without pages.',
      resolve: (span, _args, ctx) => pageOf(ctx, span.source, span.start),
    }),
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

interface PageView {
  page: number;
  image: string;
  boxes: Box[];
}

const PageBoxRef = builder.objectRef<Box>('PageBox').implement({
  description: 'A rectangle on a page, in fractions of its width and height (0 to 1) from the top left.',
  fields: (t) => ({
    x: t.exposeFloat('x', { description: 'Left edge.' }),
    y: t.exposeFloat('y', { description: 'Top edge.' }),
    width: t.exposeFloat('width', { description: 'Width.' }),
    height: t.exposeFloat('height', { description: 'Height.' }),
  }),
});

const PageViewRef = builder.objectRef<PageView>('PageView').implement({
  description:
    "A page of an imported source's original (a PDF or a scan), and where a span of the text is on it.",
  fields: (t) => ({
    page: t.exposeInt('page', { description: 'The page, from 1.' }),
    image: t.exposeString('image', {
      description: 'Where the page is served as a PNG (a path on this server).',
    }),
    boxes: t.field({
      type: [PageBoxRef],
      description:
        'Where the span asked for is on the page, a box per line; empty when it cannot be found there.',
      resolve: (view) => view.boxes,
    }),
  }),
});

builder.objectFields(SourceRef, (t) => ({
  pageView: t.field({
    type: PageViewRef,
    nullable: true,
    description:
      'Page `page` of the original, for a source imported from a PDF or an image (null for the others), with the boxes of the span `start`–`end` of the text (offsets as Provenance gives them) when asked.',
    args: {
      page: t.arg.int({ required: true, description: 'The page, from 1 (Provenance.page).' }),
      start: t.arg.int({ required: false, description: 'Where the span starts in Source.text.' }),
      end: t.arg.int({ required: false, description: 'Where the span ends in Source.text (exclusive).' }),
    },
    resolve: async (source, args, ctx) => {
      const original = ctx.pageViews.original(source.id);
      if (!original) return null;
      if (args.page < 1 || args.page > original.pages)
        throw badInput(`page must be from 1 to ${original.pages}, got ${args.page}`);
      const image = `/sources/${source.id}/pages/${args.page}.png`;
      if (args.start === null || args.start === undefined || args.end === null || args.end === undefined)
        return { page: args.page, image, boxes: [] };
      const text = await ctx.sources.text(source.id);
      if (args.start < 0 || args.end <= args.start || args.end > text.length || args.end - args.start > 2000)
        throw badInput(
          `start and end must mark a span of 1 to 2000 characters inside the text (0–${text.length})`,
        );
      const boxes = await ctx.pageViews.boxes(original, args.page, text.slice(args.start, args.end));
      return { page: args.page, image, boxes };
    },
  }),
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
