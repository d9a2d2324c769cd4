import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.ts';
import { safetyPlugins } from '../../src/safety.ts';

const doc = readFileSync(join(import.meta.dirname, '../../docs/design/limits.md'), 'utf8');
const section = doc.slice(doc.indexOf('\n## A request'));
const rows = [...section.matchAll(/^\| `([A-Z_]+)` +\| +([\d,]+) \|/gm)].map(
  ([, variable, value]) => [variable ?? '', Number(value?.replaceAll(',', ''))] as const,
);

describe('the request limits', () => {
  it('are listed in docs/design/limits.md, one row per limit', () => {
    expect(rows.length).toBe(Object.keys(readConfig({}).limits).length);
  });

  it.each(rows)(
    '%s: the default is the documented one, and the variable sets that limit alone',
    (variable, value) => {
      const defaults = readConfig({}).limits;
      const changed = readConfig({ [variable]: String(value + 1) }).limits;
      const keys = Object.keys(defaults).filter(
        (key) => changed[key as keyof typeof changed] !== defaults[key as keyof typeof defaults],
      );
      expect(keys).toHaveLength(1);
      expect(defaults[keys[0] as keyof typeof defaults]).toBe(value);
    },
  );
});

describe('the shape limits', () => {
  const schema = createSchema({ typeDefs: 'type Query { a: Int }', resolvers: { Query: { a: () => 1 } } });
  async function ask(env: NodeJS.ProcessEnv, query: string) {
    const yoga = createYoga({
      schema,
      plugins: safetyPlugins({ introspection: true, limits: readConfig(env).limits }),
    });
    const response = await yoga.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    return (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  }

  it('take MAX_ALIASES from the environment', async () => {
    const query = '{ one: a two: a three: a }';
    expect((await ask({}, query)).data).toEqual({ one: 1, two: 1, three: 1 });
    const refused = await ask({ MAX_ALIASES: '2' }, query);
    expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it('take MAX_TOKENS from the environment', async () => {
    expect((await ask({ MAX_TOKENS: '3' }, '{ a }')).data).toEqual({ a: 1 });
    const refused = await ask({ MAX_TOKENS: '3' }, '{ a b: a }');
    expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
  });
});
