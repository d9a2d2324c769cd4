import type { Database } from '../db/database.ts';
import { type Diff, diffReleases } from './diff.ts';
import { listReleases, type ReleaseManifest, recordRelease } from './releases.ts';

/**
 * Releases as the API and the scripts see them (src/schema/types/releases.ts, scripts/kb-release.ts,
 * scripts/kb-diff.ts): those recorded under one data directory, what changed between two, and
 * recording a new one. The graph is read through its store (src/stores/graph-records.ts).
 */
export class ReleaseService {
  constructor(
    private readonly db: Database,
    private readonly dataDir: string,
  ) {}

  /** Every release, oldest first. */
  list(): ReleaseManifest[] {
    return listReleases(this.dataDir);
  }

  /** What changed from release `from` to release `to`, or to the graph now when `to` is left out. */
  diff(from: string, to?: string): Promise<Diff> {
    return diffReleases(this.db, from, to, this.dataDir);
  }

  /** Records the graph as it is as release `id`: its snapshot, manifest and :Release node. */
  record(id: string): Promise<ReleaseManifest> {
    return recordRelease(this.db, id, this.dataDir);
  }
}
