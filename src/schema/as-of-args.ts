import { builder } from '../builder.ts';

/**
 * `asOf` and `asOfRelease`, on every root field that reads the graph (docs/design/as-of.md). The
 * resolvers do not read them: src/as-of-plugin.ts turns them into the sources visible before the
 * operation runs, and the stores filter by those.
 */
export const asOfArgs = () =>
  builder.args((t) => ({
    asOf: t.field({
      type: 'Date',
      required: false,
      description:
        'Read the graph as it was known on this day: only sources dated on or before it, their values resolved by the same rule.',
    }),
    asOfRelease: t.string({
      required: false,
      description: 'Read the graph as release NAME holds its sources (releases). Not with asOf.',
    }),
  }));
