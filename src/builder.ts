import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { GraphQLError, Kind } from 'graphql';
import { JSONResolver } from 'graphql-scalars';
import { canCurate, canFollow } from './auth/tokens.ts';
import { fieldComplexity, tooComplex } from './complexity.ts';
import type { Context } from './context.ts';
import { isIsoDate } from './dates.ts';

/** The one schema builder. Types register themselves on it from `src/schema/types/`. */
export const builder = new SchemaBuilder<{
  Context: Context;
  DefaultFieldNullability: false;
  AuthScopes: { curate: boolean; admin: boolean; follow: boolean };
  Scalars: {
    ID: { Input: string; Output: string };
    JSON: { Input: unknown; Output: unknown };
    Date: { Input: string; Output: string };
    Decimal: { Input: string; Output: string };
  };
}>({
  plugins: [ScopeAuthPlugin, ComplexityPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (ctx) => ({
      curate: canCurate(ctx.principal),
      admin: ctx.principal?.scopes.includes('admin') ?? false,
      follow: canFollow(ctx.principal),
    }),
    unauthorizedError: (_parent, ctx) =>
      ctx.principal
        ? new GraphQLError(`Token "${ctx.principal.name}" lacks the scope this needs`, {
            extensions: { code: 'FORBIDDEN', http: { status: 403 } },
          })
        : new GraphQLError('This needs `Authorization: Bearer <token>` with the curate scope', {
            extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
          }),
  },
  complexity: {
    fieldComplexity,
    limit: (ctx) => ({ complexity: ctx.limits.maxComplexity }),
    complexityError: (_kind, result) => tooComplex(result.complexity, result.maxComplexity),
  },
});

builder.queryType({ description: 'Read access to the knowledge graph.' });
builder.mutationType({
  description: 'Curation: writes need a token with the curate scope; webhooks, with the follow scope.',
});

builder.addScalarType('JSON', JSONResolver, {});

function parseDate(value: unknown): string {
  if (isIsoDate(value)) return value;
  throw new GraphQLError(`Date must be YYYY-MM-DD, got ${JSON.stringify(value)}`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

builder.scalarType('Date', {
  description: 'A calendar date, ISO 8601 (YYYY-MM-DD).',
  serialize: (value) => String(value),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

const decimal = /^-?\d+(\.\d+)?$/;
function parseDecimal(value: unknown): string {
  if (typeof value === 'string' && decimal.test(value)) return value;
  throw new GraphQLError(`Decimal must be a string such as "602444.70", got ${JSON.stringify(value)}`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

builder.scalarType('Decimal', {
  description: 'An exact decimal number, written as a string (e.g. "602444.70") so no precision is lost.',
  serialize: (value) => String(value),
  parseValue: parseDecimal,
  parseLiteral: (ast) => parseDecimal(ast.kind === Kind.STRING ? ast.value : undefined),
});
