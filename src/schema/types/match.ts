import { builder } from '../../builder.ts';
import { badInput } from '../../errors.ts';
import { type NameSet, rankMatches } from '../../kb/match.ts';
import { isEntityType } from '../../model/ontology.ts';
import type { GraphStore } from '../../stores/graph-store.ts';
import type { EntityRecord } from '../../stores/records.ts';
import { EntityRef } from '../refs.ts';

export interface EntityMatch {
  entity: EntityRecord;
  score: number;
  reason: string;
}

const nameSetOf = (entity: EntityRecord): NameSet => ({
  id: entity.id,
  type: entity.type,
  name: String(entity.props.name ?? entity.id),
  nameTh: (entity.props.nameTh as string | undefined) ?? null,
  aliases: (entity.props.aliases as string[] | undefined) ?? [],
});

/**
 * The entities in the graph that `query` may be the same as, scored on Thai and English names,
 * aliases and acronyms (src/kb/match.ts): the full-text index proposes, the scorer decides.
 */
export async function findMatches(graph: GraphStore, query: NameSet, limit = 10): Promise<EntityMatch[]> {
  const labels = [query.name, query.nameTh ?? '', ...(query.aliases ?? [])].filter(Boolean);
  const candidates = await graph.matchCandidates(labels);
  const byId = new Map(candidates.map((entity) => [entity.id, entity]));
  return rankMatches(query, candidates.map(nameSetOf), { limit }).map((match) => ({
    entity: byId.get(match.candidate.id as string) as EntityRecord,
    score: Math.round(match.score * 100) / 100,
    reason: match.reason,
  }));
}

const EntityMatchRef = builder.objectRef<EntityMatch>('EntityMatch').implement({
  description: 'An existing entity that a name may refer to, with how sure and why.',
  fields: (t) => ({
    entity: t.field({ type: EntityRef, description: 'The existing entity.', resolve: (m) => m.entity }),
    score: t.exposeFloat('score', { description: 'From 0 to 1: 1 is the same name or alias.' }),
    reason: t.exposeString('reason', { description: 'Which names matched, in words.' }),
  }),
});

builder.queryField('match', (t) =>
  t.field({
    type: [EntityMatchRef],
    description:
      'Entities a name may be the same as, best first, scored on Thai and English names, aliases and acronyms: reuse an id instead of creating a duplicate.',
    args: {
      name: t.arg.string({ required: true, description: 'A name in Thai or English, or an acronym.' }),
      type: t.arg.string({
        required: false,
        description: 'Its entity type, e.g. Country; another type scores lower.',
      }),
      first: t.arg.int({ defaultValue: 10, description: 'How many, at most 50.' }),
    },
    resolve: (_root, args, ctx) => {
      if (args.name.length > 200) throw badInput('The name is longer than 200 characters');
      if (args.type && !isEntityType(args.type)) throw badInput(`Unknown entity type ${args.type}`);
      const first = args.first ?? 10;
      if (!Number.isInteger(first) || first < 1 || first > 50)
        throw badInput('first must be between 1 and 50');
      return findMatches(ctx.graph, { name: args.name, type: args.type ?? undefined }, first);
    },
  }),
);
