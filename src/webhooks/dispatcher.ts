import { auditItem } from '../changes/audit-items.ts';
import type { ChangeItem } from '../changes/change-item.ts';
import type { AuditEvent } from '../curation/audit-log.ts';
import { publicAudit } from '../curation/audit-view.ts';
import type { ReleaseManifest } from '../releases/releases.ts';
import type { DeliveryClaims } from './claims.ts';
import type { WebhookSender } from './delivery.ts';
import type { Webhook, WebhookRegistry } from './registry.ts';

/** Where the dispatcher learns what changed. */
export interface ChangeSources {
  releases: () => ReleaseManifest[];
  releaseItems: (release: ReleaseManifest) => Promise<ChangeItem[]>;
  /** Every audit event, oldest first: a write is told as a reader without a token sees it. */
  auditLog: () => readonly AuditEvent[];
  /** The entities a followed search finds now (its full matches, as at registration). */
  findEntities: (search: string) => Promise<string[]>;
}

/**
 * Tells followers what changed: every curation write and every new release that touches what a
 * registration follows (an entity, or the entities its search finds) is POSTed to it, with the
 * items of src/changes/ (a claim added, retracted, changed, ranked or newly in conflict, cited).
 * A write calls `curationWrite` after it commits; the work is queued (setImmediate), so a write
 * neither waits for nor fails with a delivery. Releases are recorded by `kb:release`, another
 * process, so the release directory is looked at every `pollMs` for manifests not seen before;
 * every replica looks, and only the one that claims a delivery (src/webhooks/claims.ts) sends it.
 * A followed search is run again for each write and release, after it: an entity that matches it
 * now is followed, one that no longer does is not (nor told of the write that took it out).
 * A payload is the public view of a write (src/curation/audit-view.ts), whoever follows: a `follow`
 * token may not read what was retracted, so a retraction is told to nobody (as in the public feed).
 */
export class WebhookDispatcher {
  private known: Set<string>;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly registry: WebhookRegistry,
    readonly sender: WebhookSender,
    private readonly sources: ChangeSources,
    private readonly claims: DeliveryClaims,
  ) {
    this.known = new Set(this.safeReleases().map((release) => release.id));
  }

  /** After a write: the followers of what it touched are told, later. */
  curationWrite(event: AuditEvent): void {
    setImmediate(() => {
      const told = async () => {
        const item = auditItem(publicAudit(this.sources.auditLog())(event));
        if (item) await this.dispatch('curation', [item], { auditEventId: event.id });
      };
      // Never more than a lost notification: the write is made, and the feeds have it.
      told().catch(() => undefined);
    });
  }

  /** Looks for new releases every `pollMs`; stops with `stop`. */
  watchReleases(pollMs = 1000): void {
    this.timer ??= setInterval(() => void this.newReleases().catch(() => undefined), pollMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async newReleases(): Promise<void> {
    for (const release of this.safeReleases()) {
      if (this.known.has(release.id)) continue;
      this.known.add(release.id);
      try {
        const items = await this.sources.releaseItems(release);
        await this.dispatch('release', items, { release: release.id }, release.id);
      } catch (error) {
        // Neo4j away (the claim, a followed search): the next poll tries again; the claim keeps
        // a delivery from being sent twice.
        this.known.delete(release.id);
        throw error;
      }
    }
  }

  private safeReleases(): ReleaseManifest[] {
    try {
      return this.sources.releases();
    } catch {
      return []; // a manifest half written by kb:release: the next look finds it whole
    }
  }

  /** Sends each follower its items; of a release, only the deliveries this replica claims. */
  private async dispatch(event: string, items: ChangeItem[], about: object, release?: string) {
    const found = new Map<string, Promise<Set<string>>>();
    const due: Array<{ hook: Webhook; touching: ChangeItem[] }> = [];
    for (const hook of this.registry.list()) {
      const followed = await this.followedBy(hook, found);
      const touching = items.filter((item) => follows(followed, item));
      if (touching.length) due.push({ hook, touching });
    }
    const ids = due.map(({ hook }) => hook.id);
    const mine = release === undefined ? new Set(ids) : await this.claims.claim(release, ids);
    for (const { hook, touching } of due)
      if (mine.has(hook.id)) this.sender.send(hook, event, { ...about, items: touching });
  }

  /** The entities a hook follows now: its entity, or what its search finds (once per dispatch). */
  private followedBy(hook: Webhook, found: Map<string, Promise<Set<string>>>): Promise<Set<string>> {
    if (hook.search === null) return Promise.resolve(new Set(hook.entities));
    let entities = found.get(hook.search);
    if (!entities) {
      entities = this.sources.findEntities(hook.search).then(
        (ids) => new Set(ids),
        () => new Set(hook.entities), // the search failed (Neo4j away): what it found at registration
      );
      found.set(hook.search, entities);
    }
    return entities;
  }
}

const follows = (entities: Set<string>, item: ChangeItem) =>
  entities.has(item.fact) || item.entities.some((id) => entities.has(id));
