import { builder } from '../../builder.ts';
import { type AuditEventView, type AuditPage, auditCursor } from '../../services/audit-log-service.ts';
import { connectionRef } from '../connection.ts';

/**
 * The audit log of curation writes (src/services/audit-log-service.ts). An event as a reader sees
 * it: with a token that may curate, whole; otherwise (no token, or `follow` only), what
 * src/curation/audit-view.ts hides is null (who wrote it, and what of a fact since retracted,
 * undone or edited).
 */

const hidden = 'Null to readers without a curate or admin token';

export const AuditEventRef = builder.objectRef<AuditEventView>('AuditEvent').implement({
  description:
    'One write to the knowledge base: who, when, what, before and after. Readers without a curate or admin token see that it happened, when, its action and reason, and what it wrote only while the fact still reads so.',
  fields: (t) => ({
    id: t.exposeID('id'),
    seq: t.exposeInt('seq', { description: 'Position in the log, from 1.' }),
    at: t.exposeString('at', { description: 'When, ISO 8601 UTC.' }),
    actor: t.exposeString('actor', {
      nullable: true,
      description: `The name of the token that wrote it. ${hidden}.`,
    }),
    action: t.exposeString('action', {
      description: 'createSource, addRelation, upsertEntity, retractFact, setRank or undo.',
    }),
    source: t.exposeID('source', {
      nullable: true,
      description: `The source whose facts file changed. ${hidden} once the source is removed.`,
    }),
    fact: t.exposeID('fact', {
      nullable: true,
      description: `The fact: \`<source>#<entity or relation id>\`; for createSource, the source id. ${hidden} once the source no longer states it.`,
    }),
    entities: t.exposeIDList('entities', {
      description: `The entities the fact is about. Empty to readers without a curate or admin token once the source no longer states it.`,
    }),
    reason: t.exposeString('reason', { nullable: true }),
    before: t.exposeString('before', {
      nullable: true,
      description: `The fact's lines before; null when it is new. ${hidden} unless the fact reads so now.`,
    }),
    after: t.exposeString('after', {
      nullable: true,
      description: `The fact's lines after; null when removed. ${hidden} unless the fact reads so now.`,
    }),
    undoes: t.exposeID('undoes', { nullable: true, description: 'The event this one reverts.' }),
    undoneBy: t.exposeID('undoneBy', { nullable: true, description: 'The event that reverted this one.' }),
  }),
});

const AuditEventConnectionRef = connectionRef('AuditEvent', AuditEventRef, {
  description: 'A page of curation writes, newest first.',
  items: (page: AuditPage) => page.events,
  node: (event) => event,
  cursor: auditCursor,
  hasNextPage: (page) => page.hasNextPage,
  totalCount: (page) => page.totalCount,
  describe: {
    node: 'The event.',
    nodes: 'The events of this page.',
    totalCount: 'Events matching the filters, on all pages.',
  },
});

// The shape auditLog had before it was a connection, kept for one release.
builder.objectFields(AuditEventConnectionRef, (t) => ({
  events: t.field({
    type: [AuditEventRef],
    deprecationReason: 'Use nodes.',
    resolve: (page) => page.events,
  }),
  endCursor: t.string({
    nullable: true,
    deprecationReason: 'Use pageInfo.endCursor.',
    resolve: (page) => {
      const last = page.events.at(-1);
      return last ? auditCursor(last) : null;
    },
  }),
  hasNextPage: t.boolean({
    deprecationReason: 'Use pageInfo.hasNextPage.',
    resolve: (page) => page.hasNextPage,
  }),
}));

builder.queryField('auditLog', (t) =>
  t.field({
    type: AuditEventConnectionRef,
    description:
      'Curation writes, newest first. Without a curate or admin token, what was retracted or undone and who wrote it are left out (see AuditEvent).',
    args: {
      first: t.arg.int({ defaultValue: 20, description: 'Page size, at most 100.' }),
      after: t.arg.string({ required: false, description: 'endCursor of the previous page.' }),
      actor: t.arg.string({
        required: false,
        description: 'Only writes by this token name (needs a curate or admin token).',
      }),
      entity: t.arg.id({ required: false, description: 'Only writes about this entity.' }),
    },
    resolve: (_root, args, ctx) => ctx.auditLog.page(args),
  }),
);
