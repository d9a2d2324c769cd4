import { builder } from '../../builder.ts';
import type { Context } from '../../context.ts';
import { pageAt } from '../../facts/offsets.ts';
import { shownProps } from '../../model/stored.ts';
import { relationCursor } from '../../stores/entity-store.ts';
import type { EdgeRecord, RelationPage, RelationRecord } from '../../stores/records.ts';
import { EntityRef, SourceRef } from '../refs.ts';
import { shownOf } from './relation-claims.ts';

export const DirectionEnum = builder.enumType('Direction', {
  description: 'Which way a relationship points, seen from the entity asked about.',
  values: {
    OUT: { description: 'From this entity to the other.' },
    IN: { description: 'From the other entity to this one.' },
    BOTH: { description: 'Either way.' },
  },
});

export interface ProvenanceRecord {
  source: string;
  section: string | null;
  quote: string;
  /** Where the quote is in the source's text, when the loader found it. */
  start?: number | null;
  end?: number | null;
}

export const ProvenanceRef = builder.objectRef<ProvenanceRecord>('Provenance').implement({
  description: 'Where a fact comes from: the source, the section and the verbatim words.',
  fields: (t) => ({
    source: t.field({
      type: SourceRef,
      description: 'The source document.',
      resolve: async (provenance, _args, ctx) => {
        const source = await ctx.entities.byId.load(provenance.source);
        if (!source) throw new Error(`Source ${provenance.source} is missing`);
        return source;
      },
    }),
    section: t.string({
      nullable: true,
      description: 'Section of the source, e.g. "2.1.3" or "footnote 1".',
      resolve: (p) => p.section,
    }),
    quote: t.exposeString('quote', {
      description: 'The supporting text, verbatim, in the language of the source.',
    }),
    start: t.int({
      nullable: true,
      description:
        'Where the quote starts in Source.text (UTF-16 code units); text.slice(start, end) is the quote after normalising whitespace.',
      resolve: (p) => p.start ?? null,
    }),
    end: t.int({
      nullable: true,
      description: 'Where the quote ends in Source.text (exclusive).',
      resolve: (p) => p.end ?? null,
    }),
    page: t.int({
      nullable: true,
      description:
        'The page of the original the quote starts on, from 1: for imported documents with pages (PDFs, scans); null for the others.',
      resolve: (p, _args, ctx) => pageOf(ctx, p.source, p.start),
    }),
  }),
});

/** The page of source `source` that offset `start` of its text is on; null for a source without pages. */
export async function pageOf(
  ctx: Context,
  source: string,
  start: number | null | undefined,
): Promise<number | null> {
  if (start === null || start === undefined) return null;
  const pages = (await ctx.entities.byId.load(source))?.props.pages;
  return Array.isArray(pages) ? pageAt(pages as number[], start) : null;
}

/** Every source that states the relationship, each with its section and words (src/loader/reconcile.ts). */
export function provenanceOf(props: Record<string, unknown>): ProvenanceRecord[] {
  const sources = Array.isArray(props.sources) ? (props.sources as string[]) : [];
  const claims = Array.isArray(props.claims) ? (props.claims as string[]) : [];
  return sources.map((source, index) => {
    const claim = JSON.parse(claims[index] ?? '{}') as {
      section?: string;
      quote?: string;
      start?: number;
      end?: number;
    };
    return {
      source,
      section: claim.section ?? null,
      quote: claim.quote ?? '',
      start: claim.start ?? null,
      end: claim.end ?? null,
    };
  });
}

export const RelationRef = builder.objectRef<RelationRecord>('Relation').implement({
  description:
    'A relationship seen from one entity: its type, its direction and the entity at the other end.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Stable id of the relationship.' }),
    type: t.exposeString('type', { description: 'Relationship type, e.g. PROPOSED.' }),
    direction: t.field({
      type: DirectionEnum,
      description: 'OUT or IN, seen from the entity asked about.',
      resolve: (r) => r.direction,
    }),
    node: t.field({ type: EntityRef, description: 'The entity at the other end.', resolve: (r) => r.node }),
    from: t.exposeID('from', { description: 'Id of the start entity.' }),
    to: t.exposeID('to', { description: 'Id of the end entity.' }),
    properties: t.field({
      type: 'JSON',
      description: 'Its id and qualifiers (date, role, amount…), as shown; provenance lists the sources.',
      resolve: (r) => shownProps(r.props),
    }),
    provenance: t.field({
      type: [ProvenanceRef],
      description: 'Every source that states this relationship, with the section and the words.',
      resolve: (r) => provenanceOf(r.props),
    }),
    conflicts: t.stringList({
      description: 'The qualifiers (date, amount…) on which the sources that state it disagree.',
      resolve: (r) => (Array.isArray(r.props.conflicts) ? (r.props.conflicts as string[]) : []),
    }),
    shown: t.boolean({
      description:
        "False when the relation takes one value per entity (a meeting's host) and another source's value is shown instead: Entity.claims and conflicts tell.",
      resolve: (r, _args, ctx) => shownOf(ctx, r),
    }),
  }),
});

export const PageInfoRef = builder
  .objectRef<{ hasNextPage: boolean; endCursor: string | null }>('PageInfo')
  .implement({
    description: 'Keyset pagination: pass endCursor as `after` for the next page.',
    fields: (t) => ({
      hasNextPage: t.exposeBoolean('hasNextPage', { description: 'Whether more items follow.' }),
      endCursor: t.string({
        nullable: true,
        description: 'Cursor of the last item on this page.',
        resolve: (p) => p.endCursor,
      }),
    }),
  });

const RelationEdgeRef = builder.objectRef<RelationRecord>('RelationEdge').implement({
  description: 'A relation with its cursor.',
  fields: (t) => ({
    cursor: t.string({ description: 'Cursor of this relation.', resolve: relationCursor }),
    node: t.field({ type: RelationRef, description: 'The relation.', resolve: (r) => r }),
  }),
});

export const RelationConnectionRef = builder.objectRef<RelationPage>('RelationConnection').implement({
  description: 'A page of relations, ordered by relationship id.',
  fields: (t) => ({
    edges: t.field({
      type: [RelationEdgeRef],
      description: 'Relations with cursors.',
      resolve: (page) => page.relations,
    }),
    nodes: t.field({
      type: [RelationRef],
      description: 'The relations of this page.',
      resolve: (page) => page.relations,
    }),
    pageInfo: t.field({
      type: PageInfoRef,
      description: 'Whether there is a next page, and its cursor.',
      resolve: (page) => {
        const last = page.relations.at(-1);
        return { hasNextPage: page.hasNextPage, endCursor: last ? relationCursor(last) : null };
      },
    }),
    totalCount: t.int({
      nullable: true,
      description: 'All relations matching the filter, on every page.',
      resolve: (page) => page.totalCount,
    }),
  }),
});

export const EdgeRef = builder.objectRef<EdgeRecord>('Edge').implement({
  description: 'A relationship in a path or subgraph, with both ends by id.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Stable id of the relationship.' }),
    type: t.exposeString('type', { description: 'Relationship type.' }),
    from: t.exposeID('from', { description: 'Id of the start entity.' }),
    to: t.exposeID('to', { description: 'Id of the end entity.' }),
    properties: t.field({
      type: 'JSON',
      description: 'Every stored property.',
      resolve: (e) => shownProps(e.props),
    }),
    provenance: t.field({
      type: [ProvenanceRef],
      description: 'Every source that states it, with the section and the words.',
      resolve: (e) => provenanceOf(e.props),
    }),
  }),
});
