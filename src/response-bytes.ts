import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from './context.ts';
import { responseTooLarge, stringBytes } from './db/budget.ts';

/**
 * About the size of `value` as JSON: strings as the byte budget counts them, a key and its
 * punctuation by their length, 8 bytes for any other value. Stops counting once past `max`.
 */
export function answerBytes(value: unknown, max: number): number {
  let total = 0;
  const visit = (item: unknown): void => {
    if (typeof item === 'string') total += stringBytes(item) + 2;
    else if (item === null || typeof item !== 'object') total += 8;
    else if (Array.isArray(item)) {
      for (const element of item) {
        visit(element);
        if (total > max) return;
      }
    } else {
      for (const key in item) {
        total += key.length + 4;
        visit((item as Record<string, unknown>)[key]);
        if (total > max) return;
      }
    }
  };
  visit(value);
  return total;
}

/**
 * An answer's byte budget (MAX_RESPONSE_BYTES). The stores count the strings they read (so
 * fifteen aliases of a 7 MB text stop reading at the budget); this counts the answer before it
 * is serialised, since one string read once may be answered many times (fifteen aliases of one
 * entity share its loaded description). Either way over the budget, the answer is one
 * RESPONSE_TOO_LARGE error and no data: a part of it would still be large.
 */
export function useResponseBytes(): Plugin<Context> {
  return {
    onExecute: ({ args }) => ({
      onExecuteDone: ({ result, setResult }) => {
        if (Symbol.asyncIterator in result) return;
        const { budget, limits } = args.contextValue as Context;
        const max = limits.maxResponseBytes;
        if (!budget.overBytes() && answerBytes(result.data, max) <= max) return;
        const error = responseTooLarge(max);
        setResult({
          data: null,
          errors: [new GraphQLError(error.message, { extensions: error.extensions })],
        });
      },
    }),
  };
}
