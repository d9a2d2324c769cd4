/**
 * The audit log as a reader without a curate or admin token sees it (`mayReadRetracted` false: no
 * token, a `follow` token, every webhook payload). What was retracted or undone may have been
 * taken out for a legal reason, so it must not stay readable through the log: such a reader sees
 * that a write happened, when, which action and why (`reason`), never what was written.
 *
 * The rule, one for the `auditLog` query and for the Cypher export of the `:AuditEvent` nodes:
 * - never the token's name or id (`actor`, `tokenId`) nor the neighbouring fact (`anchor`);
 * - a fact's lines (`before`, `after`) only where they are the lines it has now, which the graph
 *   shows anyway; the lines of a fact since retracted, undone or edited are gone;
 * - which fact (`fact`, `entities`) only while its source still states it;
 * - which source only while it exists (a `createSource` undone takes it away).
 * "Now" is what the last event about the fact wrote: the log is the record of curation.
 */

/** The fields of an event the rule reads and hides: the audit log's events and the `:AuditEvent` nodes. */
export interface AuditFields {
  fact?: string | null;
  source?: string | null;
  entities?: string[] | null;
  before?: string | null;
  after?: string | null;
  actor?: string | null;
  tokenId?: string | null;
  anchor?: string | null;
}

/** What it hides is null. */
export type Redacted<T extends AuditFields> = Omit<T, keyof AuditFields> & {
  [K in keyof AuditFields]-?: K extends 'entities' ? string[] : string | null;
};

/**
 * The redaction for a log: `events` oldest first (the last event about a fact says how it stands).
 * A `createSource` event's fact is the source id, so a source taken away reads as a fact gone.
 */
export function publicAudit(events: Iterable<Pick<AuditFields, 'fact' | 'after'>>) {
  const now = new Map<string, string | null>();
  for (const { fact, after } of events) if (fact) now.set(fact, after ?? null);
  const stated = (fact: string | null | undefined) => Boolean(fact && now.get(fact) !== null);
  return <T extends AuditFields>(event: T): Redacted<T> => {
    const current = event.fact ? now.get(event.fact) : null;
    const same = (lines: string | null | undefined) => (lines && lines === current ? lines : null);
    const shown = stated(event.fact);
    return {
      ...event,
      actor: null,
      tokenId: null,
      anchor: null,
      fact: shown ? (event.fact ?? null) : null,
      entities: shown ? (event.entities ?? []) : [],
      before: same(event.before),
      after: same(event.after),
      // A source no event created (it came from its files) exists as long as the log knows no end of it.
      source: event.source && (!now.has(event.source) || stated(event.source)) ? event.source : null,
    };
  };
}
