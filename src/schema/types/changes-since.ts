import { builder } from '../../builder.ts';
import { type ChangeItem, changeCursor, changeKinds } from '../../changes/change-item.ts';
import type { ChangePage } from '../../services/change-service.ts';
import { connectionRef } from '../connection.ts';

/**
 * `changesSince`: what changed since a date or a release, claim by claim, paged; the feeds at
 * /feeds/changes.atom and .json serve the same items (docs/design/changes.md). A new field, not
 * new arguments of `changes(from, to)`: that one requires `from` and answers one diff between two
 * releases, not a page of items, and both are a contract.
 */
const ChangeItemKindEnum = builder.enumType('ChangeItemKind', {
  description: 'What happened to a claim.',
  values: Object.fromEntries(changeKinds.map((kind) => [kind.toUpperCase(), { value: kind }])) as Record<
    Uppercase<ChangeItem['kind']>,
    { value: ChangeItem['kind'] }
  >,
});

const ChangeItemRef = builder.objectRef<ChangeItem>('ChangeItem').implement({
  description:
    'A claim added, retracted, changed, ranked or newly in conflict, with its source and quote: from the diff of a release with the one before it, or a curation write since the last release.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Stable: a feed entry id is made from it.' }),
    kind: t.field({ type: ChangeItemKindEnum, description: 'What happened.', resolve: (i) => i.kind }),
    at: t.exposeString('at', {
      description: "When it became known: the release's recording, or the write (ISO date-time).",
    }),
    release: t.exposeString('release', {
      nullable: true,
      description: 'The release that holds it; null for a curation write since the last release.',
    }),
    auditEventId: t.exposeID('auditEventId', {
      nullable: true,
      description: 'The audit event of a curation write; null for a release.',
    }),
    fact: t.exposeID('fact', { description: 'The entity or relation id.' }),
    factKind: t.exposeString('factKind', { description: '"entity" or "relation".' }),
    type: t.exposeString('type', { nullable: true, description: 'Its type, e.g. Country or HOSTED_BY.' }),
    entities: t.exposeIDList('entities', { description: "The entity, or a relation's two ends." }),
    source: t.exposeID('source', { description: 'The source whose claim it is.' }),
    section: t.exposeString('section', { nullable: true, description: 'The section of the source.' }),
    quote: t.exposeString('quote', { nullable: true, description: 'The supporting words, verbatim.' }),
    property: t.exposeString('property', {
      nullable: true,
      description: 'For CONFLICT, the property the sources now disagree on.',
    }),
    reason: t.exposeString('reason', { nullable: true, description: "A curation write's reason." }),
  }),
});

const ChangeItemConnectionRef = connectionRef('ChangeItem', ChangeItemRef, {
  description: 'A page of changes, newest first.',
  items: (page: ChangePage) => page.items,
  node: (item) => item,
  cursor: changeCursor,
  hasNextPage: (page) => page.hasNextPage,
  totalCount: (page) => page.totalCount,
  describe: {
    node: 'The change.',
    nodes: 'The changes of this page.',
    totalCount: 'Changes matching the filters, on all pages.',
  },
});

builder.queryField('changesSince', (t) =>
  t.field({
    type: ChangeItemConnectionRef,
    description:
      'Claims added, retracted, changed, ranked or newly in conflict since a date or a release, newest first, each with its source and quote. Without `since` or `sinceRelease`, every change since the first release.',
    args: {
      since: t.arg({ type: 'Date', required: false, description: 'Changes on or after this day (UTC).' }),
      sinceRelease: t.arg.string({ required: false, description: 'Changes after this release.' }),
      entity: t.arg.id({
        required: false,
        description: "Only changes about this entity (or a relation's end).",
      }),
      search: t.arg.string({
        required: false,
        description: 'A saved search: only changes about the entities it finds (its first 20 full matches).',
      }),
      types: t.arg.stringList({
        required: false,
        description: 'Only facts of these entity or relation types.',
      }),
      first: t.arg.int({ defaultValue: 50, description: 'Page size, at most 1000.' }),
      after: t.arg.string({ required: false, description: 'endCursor of the previous page.' }),
    },
    // The first read of a release walks two snapshots: expensive, queued as `changes` is.
    resolve: (_root, args, ctx) =>
      ctx.queued(() => ctx.changes.page({ ...args, entities: args.entity ? [String(args.entity)] : null })),
  }),
);
