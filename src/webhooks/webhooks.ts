import { dirname, join } from 'node:path';
import { canFollow, type Principal } from '../auth/tokens.ts';
import type { DeliveryClaims } from './claims.ts';
import { type SendOptions, WebhookSender } from './delivery.ts';
import { DeliveryLog, type DeliveryLogLimits } from './delivery-log.ts';
import { type ChangeSources, WebhookDispatcher } from './dispatcher.ts';
import { WebhookRegistry } from './registry.ts';

/** What an app shares for webhooks: the registrations, the delivery log, where they may go, the dispatcher. */
export interface Webhooks {
  registry: WebhookRegistry;
  log: DeliveryLog;
  allow: readonly string[];
  dispatcher: WebhookDispatcher;
}

export interface WebhookSetup extends ChangeSources {
  /** The registrations file; its folder also holds the delivery log. */
  file: string;
  allow: readonly string[];
  send?: SendOptions;
  /** When the delivery log is rotated, and how many rotated files are kept. */
  log?: DeliveryLogLimits;
  /** A token's principal as the tokens file holds it now; undefined once it is removed. */
  principalOf: (tokenId: string) => Principal | undefined;
  /** Where replicas claim a release's deliveries, so that one sends each. */
  claims: DeliveryClaims;
}

/** The registrations file when none is configured: beside the tokens file. */
export const defaultWebhooksFile = (tokensFile: string) => join(dirname(tokensFile), 'webhooks.json');

export function createWebhooks(setup: WebhookSetup): Webhooks {
  const registry = new WebhookRegistry(setup.file);
  const log = new DeliveryLog(join(dirname(setup.file), 'webhook-deliveries.jsonl'), setup.log);
  // A registration lives no longer than its token's right to follow: checked before every attempt.
  const active = (hook: { tokenId: string }) => canFollow(setup.principalOf(hook.tokenId));
  const sender = new WebhookSender(setup.allow, log, active, setup.send);
  const dispatcher = new WebhookDispatcher(registry, sender, setup, setup.claims);
  dispatcher.watchReleases();
  return { registry, log, allow: setup.allow, dispatcher };
}
