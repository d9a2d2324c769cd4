import { builder } from '../../builder.ts';
import { attemptCursor, type DeliveryAttempt } from '../../webhooks/delivery-log.ts';
import type { Webhook } from '../../webhooks/registry.ts';

/**
 * Webhooks for followers (src/webhooks/): a token with the `follow` scope registers a URL with an
 * entity or a search; every release and curation write that touches it is POSTed there, signed,
 * retried, and logged. The README's "Webhooks" says how to verify a signature.
 */
const DeliveryRef = builder.objectRef<DeliveryAttempt>('WebhookDelivery').implement({
  description: 'One attempt at one delivery.',
  fields: (t) => ({
    delivery: t.exposeID('delivery', { description: 'The delivery; its retries share it.' }),
    cursor: t.string({
      description: 'Where this attempt is in the log: give it as `after` for the attempts before it.',
      resolve: (attempt) => attemptCursor(attempt),
    }),
    event: t.exposeString('event', { description: '"curation" or "release".' }),
    attempt: t.exposeInt('attempt', { description: 'From 1.' }),
    at: t.exposeString('at', { description: 'When it was sent (ISO date-time).' }),
    status: t.exposeInt('status', { nullable: true, description: "The receiver's HTTP status; null: none." }),
    ok: t.exposeBoolean('ok', { description: 'A 2xx answer.' }),
    error: t.exposeString('error', { nullable: true, description: 'Why no answer came.' }),
    nextAttemptAt: t.exposeString('nextAttemptAt', {
      nullable: true,
      description: 'When the next attempt is due; null when this was the last.',
    }),
  }),
});

const WebhookRef = builder.objectRef<Webhook>('Webhook').implement({
  description: 'A URL told of the changes to an entity, or to the entities a search found.',
  fields: (t) => ({
    id: t.exposeID('id'),
    url: t.exposeString('url'),
    entity: t.exposeID('entity', { nullable: true, description: 'The entity followed.' }),
    search: t.exposeString('search', { nullable: true, description: 'The search followed.' }),
    entities: t.exposeIDList('entities', {
      description:
        'The entity followed, or those the search found when registered; deliveries follow what the search finds at each write and release.',
    }),
    created: t.exposeString('created'),
    deliveries: t.field({
      type: [DeliveryRef],
      description:
        'Its delivery log, newest attempt first. The log is rotated: the oldest attempts are dropped past a size (WEBHOOK_LOG_MAX_BYTES, WEBHOOK_LOG_KEEP).',
      args: {
        first: t.arg.int({ defaultValue: 20, description: 'At most 100.' }),
        after: t.arg.string({ required: false, description: 'The cursor of the last attempt read.' }),
      },
      resolve: (hook, args, ctx) => ctx.following.deliveries(hook, args.first ?? 20, args.after),
    }),
  }),
});

const RegisteredRef = builder.objectRef<Webhook>('RegisteredWebhook').implement({
  description: 'A new registration, with the secret its deliveries are signed with (shown once).',
  fields: (t) => ({
    webhook: t.field({ type: WebhookRef, resolve: (hook) => hook }),
    secret: t.exposeString('secret', {
      description:
        'The HMAC-SHA256 key: X-Policy-Graph-Signature is sha256=HEX of "<X-Policy-Graph-Timestamp>.<body>".',
    }),
  }),
});

const follow = { authScopes: { follow: true } } as const;

builder.queryField('webhooks', (t) =>
  t.field({
    ...follow,
    type: [WebhookRef],
    description: "This token's webhooks (an admin's: all), with their delivery logs.",
    resolve: (_root, _args, ctx) => ctx.following.list(),
  }),
);

builder.mutationFields((t) => ({
  registerWebhook: t.field({
    ...follow,
    type: RegisteredRef,
    description:
      'Registers a URL told of every release and curation write touching an entity or the entities a search finds. Loopback addresses only, unless WEBHOOK_ALLOW names the host. Needs the follow scope.',
    args: {
      url: t.arg.string({ required: true }),
      entity: t.arg.id({ required: false, description: 'The entity to follow.' }),
      search: t.arg.string({ required: false, description: 'Or a search: its entities are followed.' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.following.register({
        url: args.url,
        entity: args.entity ? String(args.entity) : null,
        search: args.search,
      }),
  }),
  deleteWebhook: t.boolean({
    ...follow,
    description: 'Deletes one of this token’s webhooks; false when it has none of that id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => ctx.following.remove(String(args.id)),
  }),
}));
