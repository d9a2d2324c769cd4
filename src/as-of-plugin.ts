import {
  type FieldNode,
  GraphQLError,
  type GraphQLSchema,
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  Kind,
  OperationTypeNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from './context.ts';
import { DomainError, userError } from './errors.ts';
import { findRelease } from './releases/releases.ts';
import { dayView, type SourceView } from './stores/as-of.ts';
import { type DayCountsSource, oneTablePerOperation } from './stores/day-counts.ts';

/**
 * `asOf` and `asOfRelease` on the root fields of a read (docs/design/as-of.md): read here, once, before
 * the operation runs, into the view (`Context.scope`) every store filters by: a day, or a release's
 * sources. One operation reads the graph at one moment: two root fields that ask for different ones
 * are refused.
 */
export function useAsOf(
  dataDir: string,
  version?: NewestSource,
  dayCounts?: DayCountsSource,
): Plugin<Context> {
  return {
    onExecute: async ({ args, setResultAndStopExecution }) => {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== OperationTypeNode.QUERY) return;
      // Coerced as graphql-js will: a Date variable is checked by its scalar, so `$asOf: "garbage"`
      // is the client's error here, not a failed date() in Neo4j.
      const variables = getVariableValues(
        args.schema,
        operation.variableDefinitions ?? [],
        args.variableValues ?? {},
      );
      if (variables.errors) return setResultAndStopExecution({ errors: variables.errors });
      try {
        const asked = askedMoment(
          args.schema,
          rootFields(operation.selectionSet.selections),
          variables.coerced,
        );
        if (!asked) return;
        const context = args.contextValue as Context;
        // What the response cache's version knows serves only the reads it may keep (without a
        // token): a curator's read also sees a source another process loaded a moment ago.
        const cacheable = context.principal === null;
        // A day on or after everything the graph knows reads the graph now: no view, no condition.
        if ('asOf' in asked && cacheable && (await everythingKnownBy(asked.asOf, version))) return;
        context.scope.view = viewOf(dataDir, asked);
        if (dayCounts && cacheable) context.scope.dayCounts = oneTablePerOperation(dayCounts);
      } catch (error) {
        if (error instanceof GraphQLError) return setResultAndStopExecution({ errors: [error] });
        if (!(error instanceof DomainError)) throw error;
        setResultAndStopExecution({
          errors: [new GraphQLError(error.message, { extensions: error.extensions })],
        });
      }
    },
  };
}

type Moment = { asOf: string } | { release: string };

/** The response cache's version of the graph (src/response-cache.ts), with its newest source date. */
interface NewestSource {
  newestSource(): Promise<string | null>;
}

/**
 * Whether every source is dated on or before `day` in the version the response cache keys this
 * read's answer on: then every claim's `asOf` and every kept date is too (they are sources' dates
 * or earlier; the loader and migration 011 date every entity and relationship), and the read as of
 * `day` is the read now (docs/design/as-of.md, "Every source known"). No cache, or no answer from
 * it, is no: the read goes through the view.
 */
async function everythingKnownBy(day: string, version: NewestSource | undefined): Promise<boolean> {
  if (!version) return false;
  try {
    const newest = await version.newestSource();
    return newest !== null && day >= newest;
  } catch {
    return false;
  }
}

/** The root fields, through inline fragments; named fragments at the root are rare and read as given. */
function rootFields(selections: readonly import('graphql').SelectionNode[]): FieldNode[] {
  return selections.flatMap((selection) =>
    selection.kind === Kind.FIELD
      ? [selection]
      : selection.kind === Kind.INLINE_FRAGMENT
        ? rootFields(selection.selectionSet.selections)
        : [],
  );
}

function askedMoment(
  schema: GraphQLSchema,
  fields: FieldNode[],
  variables: Record<string, unknown>,
): Moment | undefined {
  const query = schema.getQueryType();
  const moments = new Map<string, Moment>();
  for (const field of fields) {
    const definition = query?.getFields()[field.name.value];
    if (!definition?.args.some((arg) => arg.name === 'asOf')) continue;
    const values = getArgumentValues(definition, field, variables);
    if (values.asOf && values.asOfRelease)
      throw userError('BAD_USER_INPUT', 'Give asOf or asOfRelease, not both');
    const moment = values.asOf
      ? { asOf: values.asOf as string }
      : values.asOfRelease
        ? { release: values.asOfRelease as string }
        : undefined;
    if (moment) moments.set(JSON.stringify(moment), moment);
  }
  if (moments.size > 1)
    throw userError(
      'BAD_USER_INPUT',
      'One operation reads the graph at one moment: the root fields ask for several',
      {
        asked: [...moments.keys()],
      },
    );
  return [...moments.values()][0];
}

/** A day needs no query: the stores read the dates kept on the graph (src/stores/as-of.ts). */
function viewOf(dataDir: string, moment: Moment): SourceView {
  if ('asOf' in moment) return dayView(moment.asOf);
  const release = findRelease(moment.release, dataDir);
  return { asOf: release.recordedAt.slice(0, 10), sources: release.sources.map((source) => source.id) };
}
