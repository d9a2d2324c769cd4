import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** Largest request body we read, in bytes. Real queries are a few kilobytes. */
export const MAX_BODY_BYTES = 64 * 1024;

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

/** Refuses bodies over MAX_BODY_BYTES before they are read. */
function useBodyLimit(): Plugin {
  return {
    onRequest: ({ request, endResponse }) => {
      const length = Number(request.headers.get('content-length') ?? 0);
      if (length > MAX_BODY_BYTES) {
        endResponse(
          Response.json(
            {
              errors: [
                {
                  message: `Request body over ${MAX_BODY_BYTES} bytes`,
                  extensions: { code: 'BAD_USER_INPUT' },
                },
              ],
            },
            { status: 413 },
          ),
        );
      }
    },
  };
}

/**
 * Limits on what one request may ask: depth, aliases, tokens, directives and cost (graphql-armor),
 * body size, CSRF prevention (GET and form posts need the `x-graphql-yoga-csrf` header), and
 * introspection when it is switched off.
 */
// Plugins of different context types; Yoga accepts them all.
// biome-ignore lint/suspicious/noExplicitAny: plugin context types differ per plugin
export function safetyPlugins(options: { introspection: boolean }): Plugin<any>[] {
  return [
    useBodyLimit(),
    useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf'] }),
    EnvelopArmorPlugin({
      maxDepth: { n: limits.maxDepth, onReject: [tooComplex] },
      maxAliases: { n: limits.maxAliases, onReject: [tooComplex] },
      maxTokens: { n: limits.maxTokens, onReject: [tooComplex] },
      maxDirectives: { n: limits.maxDirectives, onReject: [tooComplex] },
      // Armor's cost model ignores page sizes and rejects ordinary three-level queries; page
      // caps (100), depth, neighbourhood limits and the transaction timeout bound the work instead.
      costLimit: { enabled: false },
      blockFieldSuggestion: { enabled: !options.introspection },
    }) as Plugin,
    ...(options.introspection ? [] : [useDisableIntrospection()]),
  ];
}
