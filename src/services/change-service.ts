import { mayReadRetracted, type Principal } from '../auth/tokens.ts';
import { auditItem } from '../changes/audit-items.ts';
import { type ChangeItem, newestFirst, parseChangeCursor } from '../changes/change-item.ts';
import type { ReleaseItemCache } from '../changes/release-cache.ts';
import type { AuditEvent } from '../curation/audit-log.ts';
import { publicAudit } from '../curation/audit-view.ts';
import { userError } from '../errors.ts';
import type { ReleaseService } from '../releases/release-service.ts';

/** Which changes: since a date or a release, about some entities, of some types, a page of them. */
export interface ChangeQuery {
  /** YYYY-MM-DD or an ISO date-time: items at or after it. */
  since?: string | null;
  /** A release's name: items after it was recorded. */
  sinceRelease?: string | null;
  /** Only items touching one of these entities; null or undefined: all. */
  entities?: readonly string[] | null;
  /** A saved search: only items touching the entities it finds (its first 20 full matches). */
  search?: string | null;
  /** Only items about facts of these entity or relation types. */
  types?: readonly string[] | null;
  first?: number | null;
  after?: string | null;
}

export interface ChangePage {
  items: ChangeItem[];
  hasNextPage: boolean;
  totalCount: number;
}

export const maxChangePage = 1000;

/**
 * What changed, newest first (docs/design/changes.md): the items of every release (what changed
 * from the release before it), then the curation writes made since the last release, which the
 * next release will hold. Curation items are the audit log as this reader may see it.
 */
export class ChangeService {
  constructor(
    private readonly releases: ReleaseService,
    private readonly cache: ReleaseItemCache,
    private readonly dataDir: string,
    /** Every audit event, oldest first. */
    private readonly log: () => readonly AuditEvent[],
    private readonly reader: Principal | null,
    /** The ids of the entities a search finds. */
    private readonly find: (search: string) => Promise<string[]>,
  ) {}

  async page(query: ChangeQuery): Promise<ChangePage> {
    const first = query.first ?? 50;
    if (first < 0 || first > maxChangePage)
      throw userError('BAD_USER_INPUT', `first must be between 0 and ${maxChangePage}`);
    const cursor = query.after ? parseChangeCursor(query.after) : null;
    if (query.after && !cursor)
      throw userError('BAD_USER_INPUT', 'after must be an endCursor of changesSince');
    const from = this.startOf(query);
    const entities = await this.entitiesOf(query);
    const types = query.types?.length ? new Set(query.types) : null;
    const matching = (await this.all())
      .filter((item) => from === null || item.at >= from)
      .filter((item) => !entities || item.entities.some((id) => entities.has(id)) || entities.has(item.fact))
      .filter((item) => !types || (item.type !== null && types.has(item.type)));
    const rest = cursor ? matching.filter((item) => newestFirst(item, { ...item, ...cursor }) > 0) : matching;
    return { items: rest.slice(0, first), hasNextPage: rest.length > first, totalCount: matching.length };
  }

  /** Every item, newest first. */
  async all(): Promise<ChangeItem[]> {
    const releases = this.releases.list();
    const perRelease = await Promise.all(releases.map((release) => this.cache.items(release, this.dataDir)));
    const last = releases.at(-1)?.recordedAt ?? '';
    const log = this.log();
    const seen = mayReadRetracted(this.reader) ? (event: AuditEvent) => event : publicAudit(log);
    const written = log
      .filter((event) => event.at > last)
      .map((event) => auditItem(seen(event)))
      .filter((item): item is ChangeItem => item !== null);
    return [...perRelease.flat(), ...written].sort(newestFirst);
  }

  /** The entities named and those the search finds; null: no filter. */
  private async entitiesOf(query: ChangeQuery): Promise<Set<string> | null> {
    if (!query.entities && !query.search) return null;
    const found = query.search ? await this.find(query.search) : [];
    return new Set([...(query.entities ?? []), ...found]);
  }

  /** The earliest time an item may have: null for all. Strictly after a release's recording. */
  private startOf(query: ChangeQuery): string | null {
    if (query.since && query.sinceRelease)
      throw userError('BAD_USER_INPUT', 'Give since or sinceRelease, not both');
    if (query.sinceRelease) {
      const release = this.releases.list().find((r) => r.id === query.sinceRelease);
      if (!release) throw userError('NOT_FOUND', `No release ${query.sinceRelease.slice(0, 64)}`);
      // Items of the release itself carry its recordedAt exactly: one millisecond on excludes them.
      return new Date(Date.parse(release.recordedAt) + 1).toISOString();
    }
    if (!query.since) return null;
    const time = Date.parse(query.since);
    if (Number.isNaN(time))
      throw userError('BAD_USER_INPUT', 'since must be a date (YYYY-MM-DD) or an ISO date-time');
    return new Date(time).toISOString();
  }
}
