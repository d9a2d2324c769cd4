import type { Database } from '../db/database.ts';

// The newest source: a claim's asOf is never later than its source's date (the validator refuses
// it), nor is a kept date (the date of a source). An entity without `firstKnown` (named by no
// source, or a graph loaded from an export) is hidden as of any day and shown now: no shortcut
// then. Relationships are written with their dates (src/loader/queries.ts createRelations).
const newestQuery = {
  name: 'asOf.newestKnown',
  cypher: `
    CALL () { MATCH (s:Source) RETURN max(toString(s.date)) AS newest }
    CALL () { MATCH (n:Entity) WHERE n.firstKnown IS NULL RETURN count(n) AS undated }
    RETURN newest, undated`,
};

/**
 * The newest date the graph knows, per graph version: a read as of that day or later is the read
 * without `asOf` (docs/design/as-of.md, "Every source known"), so src/as-of-plugin.ts sets no view
 * for it. Forgotten on every change src/db/graph-changes.ts reports (this server's curation writes,
 * and with Redis every replica's) and read again once older than `maxAgeMs`, as the response
 * cache's version is (writes that report nothing, `npm run kb:load`, are seen then).
 */
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

  /** Whether every source (and so every claim and kept date) is on or before `day`: the graph now. */
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

  /** The newest source date, or null when some entity has no date (no shortcut then). */
  private async read(): Promise<string | null> {
    const generation = this.generation;
    const [row] = await this.db.read(newestQuery);
    if (generation !== this.generation) return null; // changed meanwhile: not known
    if (!row || Number(row.undated) > 0 || typeof row.newest !== 'string') return null;
    return row.newest;
  }
}
