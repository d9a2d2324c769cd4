import { builder } from '../../builder.ts';
import { asOfArgs } from '../as-of-args.ts';

const TypeCount = builder.objectRef<{ type: string; count: number }>('TypeCount').implement({
  description: 'How many entities of one type the graph holds.',
  fields: (t) => ({
    type: t.exposeString('type', { description: 'The type label, e.g. Country.' }),
    count: t.exposeInt('count', { description: 'Number of entities with that label.' }),
  }),
});

builder.queryField('entityCounts', (t) =>
  t.field({
    type: [TypeCount],
    description: 'Entity counts by type, read from the database.',
    args: asOfArgs(),
    resolve: (_root, _args, ctx) => ctx.entities.countsByType(),
  }),
);
