import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The example questions the README answers, each checked by test/integration/examples.int.test.ts. */
export const examplesDir = join(import.meta.dirname, '../schema/examples');

/**
 * GraphiQL's first view: one tab per example question, the first open, instead of its generic
 * welcome text. A reader who has used GraphiQL here before gets back their own tabs (GraphiQL
 * keeps them in the browser).
 */
export function graphiqlExamples(dir: string = examplesDir): {
  defaultQuery: string;
  defaultTabs: Array<{ query: string }>;
} {
  const tabs = readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => ({ query: readFileSync(join(dir, file), 'utf8') }));
  return { defaultQuery: tabs[0]?.query ?? '', defaultTabs: tabs };
}
