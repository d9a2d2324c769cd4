import type { ReleaseManifest } from '../releases/releases.ts';
import type { ChangeItem } from './change-item.ts';
import { releaseItems } from './release-items.ts';

/**
 * The items of each release, computed once per process: a release's snapshot, and the one before
 * it, never change once recorded, so the key is the release with its version and predecessor.
 * Shared by every request of an app (src/context.ts AppServices).
 */
export class ReleaseItemCache {
  private readonly cache = new Map<string, Promise<ChangeItem[]>>();

  items(release: ReleaseManifest, dir: string): Promise<ChangeItem[]> {
    const key = `${dir}\n${release.id}\n${release.version}\n${release.previous ?? ''}`;
    let items = this.cache.get(key);
    if (!items) {
      items = releaseItems(release, dir);
      // A failed read is not kept: the next request tries again.
      items.catch(() => this.cache.delete(key));
      this.cache.set(key, items);
    }
    return items;
  }
}
