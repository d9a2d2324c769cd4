import { auditItem } from '../changes/audit-items.ts';
import type { ChangeItem } from '../changes/change-item.ts';
import type { AuditEvent } from '../curation/audit-log.ts';
import { publicAudit } from '../curation/audit-view.ts';
import type { ReleaseManifest } from '../releases/releases.ts';
import type { WebhookSender } from './delivery.ts';
import type { Webhook, WebhookRegistry } from './registry.ts';

/** Where the dispatcher learns what changed. */
export interface ChangeSources {
  releases: () => ReleaseManifest[];
  releaseItems: (release: ReleaseManifest) => Promise<ChangeItem[]>;
  /** Every audit event, oldest first: a write is told as a reader without a token sees it. */
  auditLog: () => readonly AuditEvent[];
}

/**
 * Tells followers what changed: every curation write and every new release that touches what a
 * registration follows (an entity, or the entities its search found) is POSTed to it, with the
 * items of src/changes/ (a claim added, retracted, changed, ranked or newly in conflict, cited).
 * A write calls `curationWrite` after it commits; the work is queued (setImmediate), so a write
 * neither waits for nor fails with a delivery. Releases are recorded by `kb:release`, another
 * process, so the release directory is looked at every `pollMs` for manifests not seen before.
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
  ) {
    this.known = new Set(this.safeReleases().map((release) => release.id));
  }

  /** After a write: the followers of what it touched are told, later. */
  curationWrite(event: AuditEvent): void {
    setImmediate(() => {
      try {
        const item = auditItem(publicAudit(this.sources.auditLog())(event));
        if (item) this.dispatch('curation', [item], { auditEventId: event.id });
      } catch {
        // Never more than a lost notification: the write is made, and the feeds have it.
      }
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
      this.dispatch('release', await this.sources.releaseItems(release), { release: release.id });
    }
  }

  private safeReleases(): ReleaseManifest[] {
    try {
      return this.sources.releases();
    } catch {
      return []; // a manifest half written by kb:release: the next look finds it whole
    }
  }

  private dispatch(event: string, items: ChangeItem[], about: Record<string, unknown>): void {
    for (const hook of this.registry.list()) {
      const touching = items.filter((item) => follows(hook, item));
      if (touching.length) this.sender.send(hook, event, { ...about, items: touching });
    }
  }
}

const follows = (hook: Webhook, item: ChangeItem) =>
  hook.entities.includes(item.fact) || item.entities.some((id) => hook.entities.includes(id));
