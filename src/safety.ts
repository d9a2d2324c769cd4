import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export const limits = {
  maxDepth: 10,
  maxAliases: 15,
  maxTokens: 2000,
  maxDirectives: 20,
};

/**
 * graphql-armor rejects with a plain "Syntax Error: …". Its onReject hook runs just before it
 * throws, so throwing here replaces that error with one that carries our code.
 */
function tooComplex(_context: unknown, error: GraphQLError): never {
  throw new GraphQLError(error.message.replace(/^Syntax Error: /, ''), {
    extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } },
  });
}

/**
 * Limits on what one request may ask: depth, aliases, tokens, directives and cost (graphql-armor),
 * CSRF prevention (GET and form posts need the `x-graphql-yoga-csrf` header), and
 * introspection when it is switched off.
 */
// Plugins of different context types; Yoga accepts them all.
// biome-ignore lint/suspicious/noExplicitAny: plugin context types differ per plugin
export function safetyPlugins(options: { introspection: boolean }): Plugin<any>[] {
  return [
    useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf'] }),
    EnvelopArmorPlugin({
      maxDepth: { n: limits.maxDepth, onReject: [tooComplex] },
      maxAliases: { n: limits.maxAliases, onReject: [tooComplex] },
      maxTokens: { n: limits.maxTokens, onReject: [tooComplex] },
      maxDirectives: { n: limits.maxDirectives, onReject: [tooComplex] },
      // Armor's cost model ignores page sizes; the schema's own (src/complexity.ts) knows them.
      costLimit: { enabled: false },
      blockFieldSuggestion: { enabled: !options.introspection },
    }) as Plugin,
    ...(options.introspection ? [] : [useDisableIntrospection()]),
  ];
}
