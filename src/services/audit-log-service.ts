import { mayReadRetracted, type Principal } from '../auth/tokens.ts';
import type { AuditEvent } from '../curation/audit-log.ts';
import { publicAudit, type Redacted } from '../curation/audit-view.ts';
import { userError } from '../errors.ts';

/** An event as a reader sees it (src/curation/audit-view.ts), with the event that reverted it if known. */
export type AuditEventView = Redacted<AuditEvent> & { undoneBy?: string | null };

/** Which events, newest first: `after` is the cursor (the seq) of the last event of the page before. */
export interface AuditQuery {
  first?: number | null;
  after?: string | null;
  /** Only writes by this token name; needs a token. */
  actor?: string | null;
  /** Only writes about this entity. */
  entity?: string | null;
}

export interface AuditPage {
  events: AuditEventView[];
  hasNextPage: boolean;
  /** The events matching the filters, on all pages. */
  totalCount: number;
}

/** An event's cursor: its position in the log. */
export const auditCursor = (event: Pick<AuditEvent, 'seq'>): string => String(event.seq);

/**
 * The audit log as one reader may see it, filtered and paged. Unless the reader may curate
 * (`mayReadRetracted`), events are redacted before they are filtered, so that `entity:` finds no
 * event whose fact is hidden, and `actor:` is refused: token names are not public, and a filter on
 * them would tell them one guess at a time.
 */
export class AuditLogService {
  constructor(
    /** Every event, oldest first. */
    private readonly log: () => readonly AuditEvent[],
    private readonly reader: Principal | null,
  ) {}

  page(query: AuditQuery): AuditPage {
    const first = query.first ?? 20;
    if (first < 0 || first > 100) throw userError('BAD_USER_INPUT', 'first must be between 0 and 100');
    if (query.actor && !this.reader)
      throw userError('UNAUTHENTICATED', 'auditLog(actor:) needs a token: token names are not public');
    if (query.actor && !mayReadRetracted(this.reader))
      throw userError(
        'FORBIDDEN',
        'auditLog(actor:) needs a curate or admin token: token names are not public',
      );
    const before = query.after ? Number(query.after) : Number.POSITIVE_INFINITY;
    if (Number.isNaN(before)) throw userError('BAD_USER_INPUT', 'after must be an endCursor from auditLog');
    const all = this.seen();
    const undoneBy = new Map(all.filter((e) => e.undoes).map((e) => [e.undoes as string, e.id]));
    const filtered = all
      .filter((e) => !query.actor || e.actor === query.actor)
      .filter((e) => !query.entity || e.entities.includes(query.entity))
      .reverse();
    const matching = filtered.filter((e) => e.seq < before);
    const events = matching.slice(0, first).map((e) => ({ ...e, undoneBy: undoneBy.get(e.id) ?? null }));
    return { events, hasNextPage: matching.length > first, totalCount: filtered.length };
  }

  /** Whole for a reader who may curate; redacted for anyone else. */
  private seen(): Redacted<AuditEvent>[] {
    const log = this.log();
    return mayReadRetracted(this.reader) ? [...log] : log.map(publicAudit(log));
  }
}
