import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { GraphVersion } from '../../src/response-cache.ts';

/** A database whose version reads wait until let go, each with one more audit event than the last. */
function heldDatabase() {
  const held: Array<() => void> = [];
  let reads = 0;
  const db = {
    read: async () => {
      reads += 1;
      const auditEvents = reads;
      await new Promise<void>((resolve) => held.push(resolve));
      return [{ sources: [['resolution', 'hash', '2024-07-09']], releases: [], auditEvents }];
    },
  } as unknown as Database;
  const letGo = async () => {
    for (const resolve of held.splice(0)) resolve();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { db, reads: () => reads, letGo };
}

describe('the graph version', () => {
  it('is read once for the requests that come while a read is in flight', async () => {
    const { db, reads, letGo } = heldDatabase();
    const version = new GraphVersion(db, 0);
    const asked = [version.current(), version.current(), version.newestSource()];
    await new Promise((resolve) => setImmediate(resolve));
    expect(reads()).toBe(1);
    await letGo();
    const [first, second, newest] = await Promise.all(asked);
    expect(second).toBe(first);
    expect(newest).toBe('2024-07-09');
    // Once it is done, a version at most 0 ms old is read again by the next request.
    const next = version.current();
    await letGo();
    expect(await next).not.toBe(first);
    expect(reads()).toBe(2);
  });

  it('is read again after a write, not taken from a read that began before it', async () => {
    const { db, reads, letGo } = heldDatabase();
    const version = new GraphVersion(db, 60_000);
    const before = version.current();
    await new Promise((resolve) => setImmediate(resolve));
    version.forget();
    const after = version.current();
    await new Promise((resolve) => setImmediate(resolve));
    expect(reads()).toBe(2);
    await letGo();
    expect(await after).not.toBe(await before);
    // The read after the write is the one kept.
    expect(await version.current()).toBe(await after);
    expect(reads()).toBe(2);
  });
});
