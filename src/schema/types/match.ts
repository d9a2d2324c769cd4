import { builder } from '../../builder.ts';
import type { EntityMatch } from '../../services/match-service.ts';
import { EntityRef } from '../refs.ts';

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
    resolve: (_root, args, ctx) => ctx.matching.match(args.name, args.type, args.first),
  }),
);
