import type { Database } from '../db/database.ts';
import { versionOf, versionSubqueries } from '../db/graph-version.ts';

/**
 * Counts as of a day without reading every entity's `firstKnown` (docs/design/as-of.md): how many
 * entities there are of each set of labels for each first-known day, read once per version of the
 * graph and summed for the day asked. The table is read in one query with the version it belongs
 * to, and used only while that is the response cache's current version (the key an answer is kept
 * under), so it is exactly as fresh as the cache; without a version there is no table, and the
 * stores count in Cypher. Like the version, it is read once for every request, so on no request's
 * budget: one request's rows and deadline do not decide the others'.
 */

/** Entities of one set of labels (as labels(n) gives them) first known on one day. */
export interface DayCount {
  labels: string[];
  day: string | null;
  count: number;
}

/** The response cache's version of the graph (src/response-cache.ts GraphVersion). */
export interface CurrentVersion {
  current(): Promise<string>;
  /** Read the version again on the next request: it is known to be old. */
  forget(): void;
}

/** What a store asks: the table of the current version, or null (then it counts in Cypher). */
export interface DayCountsSource {
  table(): Promise<DayCount[] | null>;
}

const dayCountsQuery = {
  name: 'asOf.dayCounts',
  cypher: `${versionSubqueries}
    CALL () {
      MATCH (n:Entity)
      WITH labels(n) AS labels, n.firstKnown AS day, count(*) AS count
      RETURN collect([labels, day, count]) AS counts
    }
    RETURN sources, releases, auditEvents, counts`,
};

type Kept = { version: string; table: Promise<DayCount[]> };

/** One per app: the table of the last version read. */
export class DayCounts implements DayCountsSource {
  private kept: Kept | undefined;

  constructor(
    private readonly db: Database,
    private readonly version: CurrentVersion,
  ) {}

  async table(): Promise<DayCount[] | null> {
    let current: string;
    try {
      current = await this.version.current();
    } catch {
      return null;
    }
    if (this.kept?.version !== current) this.kept = { version: current, table: this.read(current) };
    const kept = this.kept;
    try {
      return await kept.table;
    } catch {
      if (this.kept === kept) this.kept = undefined;
      return null;
    }
  }

  /**
   * The table, if the graph it was read from is `version`. Else it rejects, keeps the table for the
   * version it was read from, and has the version, now known to be old (a `kb:load` by another
   * process reports nothing), read again by the next request, not once `RESPONSE_CACHE_VERSION_MS` old.
   */
  private async read(version: string): Promise<DayCount[]> {
    const [row] = await this.db.read(dayCountsQuery);
    const counts = (row?.counts ?? []) as Array<[string[], string | null, number]>;
    const table = counts.map(([labels, day, count]) => ({ labels, day, count }));
    const read = versionOf(row);
    if (read !== version) {
      // Kept for the newer version, which the next request finds when it reads the version again.
      this.kept = { version: read, table: Promise.resolve(table) };
      this.version.forget();
      throw new Error('the graph changed since its version was read');
    }
    return table;
  }
}

/**
 * One operation's view of the table: read once, so that every count in the operation (entityCounts
 * and the totals of its lists) is of one version of the graph.
 */
export function oneTablePerOperation(source: DayCountsSource): DayCountsSource {
  let table: Promise<DayCount[] | null> | undefined;
  return { table: () => (table ??= source.table()) };
}

/** Visible on `day` by the rule of visibleEntity: first known on or before it. */
const knownBy = (row: DayCount, day: string) => row.day !== null && row.day <= day;

/** entityCounts as of `day`: as entities.countsByType counts, by each entity's first label but Entity. */
export function countsByTypeOn(table: DayCount[], day: string): Array<{ type: string; count: number }> {
  const counts = new Map<string | null, number>();
  for (const row of table) {
    if (!knownBy(row, day)) continue;
    const type = row.labels.find((label) => label !== 'Entity') ?? null;
    counts.set(type, (counts.get(type) ?? 0) + row.count);
  }
  // ORDER BY type: strings in code point order, null last.
  return [...counts]
    .sort(([a], [b]) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1))
    .map(([type, count]) => ({ type: type as string, count }));
}

/**
 * The number of entities a list without filters counts as of `day`: of the types given (any of
 * their labels, as `:A|B` matches), or of every type but Source.
 */
export function totalOn(table: DayCount[], day: string, types: readonly string[] | null | undefined): number {
  const counted = types?.length
    ? (labels: string[]) => labels.some((label) => types.includes(label))
    : (labels: string[]) => !labels.includes('Source');
  return table.reduce((sum, row) => (knownBy(row, day) && counted(row.labels) ? sum + row.count : sum), 0);
}
