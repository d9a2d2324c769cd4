import { builder } from '../../builder.ts';
import type { SearchHit, Subgraph } from '../../stores/graph-store.ts';
import { MAX_PAGE, pageSize } from '../../stores/paging.ts';
import { asOfArgs } from '../as-of-args.ts';
import { allEntityTypes, lookahead, subgraphProps } from '../lookahead.ts';
import { EntityRef } from '../refs.ts';
import { EdgeRef } from './relation.ts';

const SearchHitRef = builder.objectRef<SearchHit>('SearchHit').implement({
  description: 'An entity matching a search, with its relevance.',
  fields: (t) => ({
    entity: t.field({ type: EntityRef, description: 'The entity found.', resolve: (hit) => hit.entity }),
    score: t.exposeFloat('score', {
      description:
        'Relevance, higher first: an exact name, alias or acronym, then the query as a phrase in a name, then the words matched and where (docs/design/search.md).',
    }),
    matched: t.exposeStringList('matched', {
      description:
        'The fields that matched, as "field: text" with the matched words in **bold** (names first; a long text is cut around its first match). An answer a question led to says how, as "RELATION: what matched in the entity it is linked to".',
    }),
    partial: t.exposeBoolean('partial', {
      description:
        'True when no entity matched the words search requires (two thirds; one of one or two), so these are the best partial matches, ranked. All hits of one search agree, except an answer a question led to, which takes its anchor’s.',
    }),
  }),
});

const SubgraphRef = builder.objectRef<Subgraph>('Subgraph').implement({
  description: 'Entities and the relationships between them.',
  fields: (t) => ({
    nodes: t.field({ type: [EntityRef], description: 'The entities.', resolve: (g) => g.nodes }),
    edges: t.field({
      type: [EdgeRef],
      description: 'The relationships, with provenance.',
      resolve: (g) => g.edges,
    }),
    truncated: t.exposeBoolean('truncated', { description: 'True when the limit cut the expansion short.' }),
  }),
});

builder.queryFields((t) => ({
  search: t.field({
    type: [SearchHitRef],
    description:
      'Search names, aliases, descriptions and quotes in Thai and English, best first. Most of the words must match (two thirds; one of one or two), as typed, by English stem, through the glossary, the last one as a prefix, or with one typo in words of five letters or more; when nothing does, the best partial matches come back with `partial` set. A question ("who chaired…", "ประเทศใดเป็นเจ้าภาพ…") puts first the entities its question word and verb lead to from what the rest of it finds (docs/design/search.md). Any input is read as plain words.',
    args: {
      ...asOfArgs(),
      query: t.arg.string({
        required: true,
        description: 'Words in Thai or English, an acronym or an alias.',
      }),
      types: t.arg.stringList({ required: false, description: 'Only these entity types.' }),
      first: t.arg.int({ defaultValue: 20, description: `How many hits, at most ${MAX_PAGE}.` }),
    },
    resolve: (_root, args, ctx, info) =>
      ctx.graph.search(
        args.query,
        args.types,
        pageSize(args.first),
        lookahead(info, [['entity']], allEntityTypes).props,
      ),
  }),
  neighborhood: t.field({
    type: SubgraphRef,
    description: 'The entities within `depth` relationships of an entity, up to `limit` of them.',
    args: {
      ...asOfArgs(),
      id: t.arg.id({ required: true, description: 'The entity to start from.' }),
      depth: t.arg.int({ defaultValue: 1, description: 'How many relationships away, 1 to 4.' }),
      limit: t.arg.int({ defaultValue: 200, description: 'Most entities to return, up to 1000.' }),
      types: t.arg.stringList({ required: false, description: 'Only follow these relationship types.' }),
    },
    resolve: (_root, args, ctx, info) => {
      const depth = args.depth ?? 1;
      const expand = () =>
        ctx.graph.neighborhood(args.id, depth, args.limit ?? 200, args.types, subgraphProps(info));
      // One level is an indexed expansion; deeper ones can reach much of the graph.
      return depth > 1 ? ctx.queued(expand) : expand();
    },
  }),
}));
