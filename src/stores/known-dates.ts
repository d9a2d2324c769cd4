import type { Database } from '../db/database.ts';

/**
 * The newest date the graph knows, per graph version: a read as of that day or later is the read
 * without `asOf` (docs/design/as-of.md, "Every source known"), so src/as-of-plugin.ts sets no view
 * for it. Forgotten on every change src/db/graph-changes.ts reports (this server's curation writes,
 * and with Redis every replica's) and read again once older than `maxAgeMs`, as the response
 * cache's version is (writes that report nothing, `npm run kb:load`, are seen then).
 */
// Every kept date and source date, and whether anything a read as of a day tests lacks its date
// (an entity or relationship without `firstKnown` is hidden as of any day, shown now).
const newestQuery = {
  name: 'asOf.newestKnown',
  cypher: `
    CALL () { MATCH (s:Source) RETURN max(toString(s.date)) AS sources }
    CALL () {
      MATCH (n:Entity)
      RETURN max(coalesce(n.lastKnown, n.firstKnown)) AS entities, count(*) - count(n.firstKnown) AS undatedEntities
    }
    CALL () {
      MATCH (:Entity)-[r]->(:Entity) WHERE type(r) <> 'CITED_IN'
      RETURN max(coalesce(r.lastKnown, r.firstKnown)) AS relations, count(*) - count(r.firstKnown) AS undatedRelations
    }
    RETURN sources, entities, relations, undatedEntities + undatedRelations AS undated`,
};

export class KnownDates {
  private newest: Promise<string | null> | undefined;
  private readAt = 0;
  /** Bumped by every change: a read of the newest date that began before one does not count. */
  private generation = 0;

  /** `maxAgeMs` 0: never kept, and no shortcut (a query per read would cost what it saves). */
  constructor(
    private readonly db: Database,
    private readonly maxAgeMs: number,
  ) {}

  /** Whether every source, claim and kept date is on or before `day`: the graph then is the graph now. */
  async allKnownBy(day: string): Promise<boolean> {
    if (this.maxAgeMs <= 0) return false;
    const newest = await this.current();
    return newest !== null && day >= newest;
  }

  forget(): void {
    this.generation += 1;
    this.newest = undefined;
  }

  private current(): Promise<string | null> {
    if (this.newest && performance.now() - this.readAt < this.maxAgeMs) return this.newest;
    const generation = this.generation;
    const reading = this.read();
    if (generation === this.generation) {
      this.newest = reading;
      this.readAt = performance.now();
      // A failed read is not kept: the next read asks again.
      reading.catch(() => {
        if (this.newest === reading) this.newest = undefined;
      });
    }
    return reading;
  }

  /** The newest date, or null when some entity or relationship has none (no shortcut then). */
  private async read(): Promise<string | null> {
    const generation = this.generation;
    const [row] = await this.db.read(newestQuery);
    if (generation !== this.generation) return null; // changed meanwhile: not known
    if (!row || Number(row.undated) > 0) return null;
    const dates = [row.sources, row.entities, row.relations].filter(
      (d): d is string => typeof d === 'string',
    );
    return dates.length ? (dates.sort().at(-1) ?? null) : null;
  }
}
