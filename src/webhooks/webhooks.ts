import { dirname, join } from 'node:path';
import type { ChangeItem } from '../changes/change-item.ts';
import type { ReleaseManifest } from '../releases/releases.ts';
import { DeliveryLog, type SendOptions, WebhookSender } from './delivery.ts';
import { WebhookDispatcher } from './dispatcher.ts';
import { WebhookRegistry } from './registry.ts';

/** What an app shares for webhooks: the registrations, the delivery log, where they may go, the dispatcher. */
export interface Webhooks {
  registry: WebhookRegistry;
  log: DeliveryLog;
  allow: readonly string[];
  dispatcher: WebhookDispatcher;
}

export interface WebhookSetup {
  /** The registrations file; its folder also holds the delivery log. */
  file: string;
  allow: readonly string[];
  send?: SendOptions;
  releases: () => ReleaseManifest[];
  releaseItems: (release: ReleaseManifest) => Promise<ChangeItem[]>;
}

/** The registrations file when none is configured: beside the tokens file. */
export const defaultWebhooksFile = (tokensFile: string) => join(dirname(tokensFile), 'webhooks.json');

export function createWebhooks(setup: WebhookSetup): Webhooks {
  const registry = new WebhookRegistry(setup.file);
  const log = new DeliveryLog(join(dirname(setup.file), 'webhook-deliveries.jsonl'));
  const sender = new WebhookSender(setup.allow, log, setup.send);
  const dispatcher = new WebhookDispatcher(registry, sender, setup.releases, setup.releaseItems);
  dispatcher.watchReleases();
  return { registry, log, allow: setup.allow, dispatcher };
}
