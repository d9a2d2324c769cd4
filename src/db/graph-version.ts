import { createHash } from 'node:crypto';
import type { Row } from './database.ts';

/**
 * The graph's version as the response cache keys on it (src/response-cache.ts): each source's id,
 * facts hash and date, the releases, and the number of audit events. Apart from the cache, so that
 * a store can read the version in the same query as what it keeps per version
 * (src/stores/day-counts.ts).
 */
// Releases count too: recording one changes no source, but changes `releases` and `changes`. So
// do the audit events (one node per curation write, made in its transaction): an undo puts every
// source's facts back as they were, and the version with them, but `auditLog` and `changesSince`
// have two more events to tell. A count, read from Neo4j's count store. The sources' dates come
// too: the newest is where a read as of a day becomes the read now (src/as-of-plugin.ts).
export const versionSubqueries = `
    CALL () { MATCH (s:Source) WITH s ORDER BY s.id RETURN collect([s.id, s.hash, toString(s.date)]) AS sources }
    CALL () { MATCH (r:Release) WITH r ORDER BY r.id RETURN collect(r.id) AS releases }
    CALL () { MATCH (e:AuditEvent) RETURN count(e) AS auditEvents }`;

export const versionQuery = {
  name: 'cache.version',
  cypher: `${versionSubqueries}
    RETURN sources, releases, auditEvents`,
};

/** The version of a row that holds the columns of versionSubqueries. */
export function versionOf(row: Row | undefined): string {
  const parts = row ? [{ sources: row.sources, releases: row.releases, auditEvents: row.auditEvents }] : [];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

/** The newest date of a source in such a row; null without dated sources. */
export function newestSourceOf(row: Row | undefined): string | null {
  const dates = ((row?.sources ?? []) as unknown[][]).map(([, , date]) => date);
  return (
    dates
      .filter((date): date is string => typeof date === 'string')
      .sort()
      .pop() ?? null
  );
}
