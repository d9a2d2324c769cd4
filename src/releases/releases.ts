import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Database } from '../db/database.ts';
import { notFound, userError } from '../errors.ts';
import { type ExportRecord, openGraphRecords, orderKey, recordsOf } from '../stores/graph-records.ts';

/**
 * Releases: named, dated copies of the graph, so a journalist can say "as of release X" and anyone
 * can see what changed between two. `data/releases/NAME.json` is the manifest (the sources with
 * their facts hashes, the counts); `NAME.jsonl` the snapshot, the jsonl export of the graph as it
 * was, each claim with the releases it first and last appeared in (FollowTheMoney's first_seen and
 * last_seen). Both are files under data/, reviewable like the facts; the graph holds a :Release
 * node per manifest, and `kb:load` keeps those in step with the files.
 */
export interface ReleaseManifest {
  id: string;
  recordedAt: string;
  /** The graph's version (a hash of its sources' facts hashes), as exports name it. */
  version: string;
  /** The release before this one, whose snapshot gave the first appearances. */
  previous: string | null;
  sources: Array<{ id: string; hash: string }>;
  counts: { sources: number; entities: number; relations: number; claims: number };
}

/** A claim in a snapshot: the release it first appeared in, and the last (this one, when taken). */
interface Seen {
  firstSeen: string;
  lastSeen: string;
}

export type SnapshotRecord = ExportRecord & { claims: Array<ExportRecord['claims'][number] & Partial<Seen>> };

const namePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const releasesDir = (dir: string) => join(dir, 'releases');

/** Every release recorded under the data directory, oldest first. */
export function listReleases(dir: string): ReleaseManifest[] {
  const releases = releasesDir(dir);
  if (!existsSync(releases)) return [];
  return readdirSync(releases)
    .filter((file) => file.endsWith('.json'))
    .map((file) => {
      try {
        return JSON.parse(readFileSync(join(releases, file), 'utf8')) as ReleaseManifest;
      } catch (error) {
        throw new Error(`Release manifest ${file} is not JSON: ${(error as Error).message}`);
      }
    })
    .sort((a, b) => a.recordedAt.localeCompare(b.recordedAt) || a.id.localeCompare(b.id));
}

export function findRelease(id: string, dir: string): ReleaseManifest {
  const release = listReleases(dir).find((manifest) => manifest.id === id);
  if (!release) throw notFound(`No release ${id.slice(0, 64)}`);
  return release;
}

/** A release's snapshot, record by record, in the order it was written (`orderKey`). */
export async function* snapshotRecords(id: string, dir: string): AsyncGenerator<SnapshotRecord> {
  const lines = createInterface({ input: createReadStream(join(releasesDir(dir), `${id}.jsonl`), 'utf8') });
  for await (const line of lines) {
    const record = JSON.parse(line) as SnapshotRecord | { kind: 'export' };
    if (record.kind !== 'export') yield record;
  }
}

/**
 * Walks two record streams in their shared order (`orderKey`), pairing the records with the same
 * key: a merge join, so neither side is held in memory.
 */
export async function* pairs<A extends ExportRecord, B extends ExportRecord>(
  left: AsyncIterable<A>,
  right: AsyncIterable<B>,
): AsyncGenerator<[A | undefined, B | undefined]> {
  const a = left[Symbol.asyncIterator]();
  const b = right[Symbol.asyncIterator]();
  try {
    let x = await a.next();
    let y = await b.next();
    let last = '';
    while (!x.done || !y.done) {
      const kx = x.done ? undefined : orderKey(x.value);
      const ky = y.done ? undefined : orderKey(y.value);
      const key = ky === undefined || (kx !== undefined && kx < ky) ? kx : ky;
      if (key === undefined || key < last) throw new Error('records out of order');
      last = key;
      const both: [A | undefined, B | undefined] = [
        kx === key ? x.value : undefined,
        ky === key ? y.value : undefined,
      ];
      yield both;
      if (kx === key) x = await a.next();
      if (ky === key) y = await b.next();
    }
  } finally {
    // On a throw or a consumer that stops early: a Database.stream input closes its session.
    await Promise.allSettled([a.return?.(), b.return?.()]);
  }
}

/** What a claim says, for telling a changed claim from the same one. */
export const claimContent = (claim: object) => {
  const { firstSeen: _first, lastSeen: _last, ...content } = claim as Partial<Seen>;
  return JSON.stringify(content);
};

/**
 * Records a release of the graph as it is: its snapshot and manifest under data/releases, and its
 * :Release node. A claim unchanged since the previous release keeps its first appearance.
 */
export async function recordRelease(db: Database, id: string, dir: string): Promise<ReleaseManifest> {
  if (!namePattern.test(id))
    throw userError(
      'BAD_USER_INPUT',
      'A release name is 1 to 64 letters, digits, dots, dashes or underscores',
    );
  const existing = listReleases(dir);
  if (existing.some((release) => release.id === id))
    throw userError('BAD_USER_INPUT', `Release ${id} exists`);
  const previous = existing.at(-1)?.id ?? null;
  const graph = await openGraphRecords(db);
  const counts = { sources: graph.header.sources.length, entities: 0, relations: 0, claims: 0 };

  async function* snapshot(): AsyncGenerator<string> {
    yield `${JSON.stringify({ ...graph.header, release: id })}\n`;
    const before = previous ? snapshotRecords(previous, dir) : (async function* () {})();
    for await (const [old, record] of pairs(before, recordsOf(graph))) {
      if (!record) continue;
      counts[record.kind === 'entity' ? 'entities' : 'relations'] += 1;
      counts.claims += record.claims.length;
      const seen = new Map(old?.claims.map((claim) => [claimContent(claim), claim.firstSeen]));
      const claims = record.claims.map((claim) => ({
        ...claim,
        firstSeen: seen.get(claimContent(claim)) ?? id,
        lastSeen: id,
      }));
      yield `${JSON.stringify({ ...record, claims })}\n`;
    }
  }

  const releases = releasesDir(dir);
  mkdirSync(releases, { recursive: true });
  // Written aside and renamed, the manifest last: a release cut short leaves nothing behind.
  const file = (extension: string) => join(releases, `${id}.${extension}`);
  const partial = `${file('jsonl')}.partial`;
  try {
    await pipeline(Readable.from(snapshot()), createWriteStream(partial));
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  const manifest: ReleaseManifest = {
    id,
    recordedAt: new Date().toISOString(),
    version: graph.header.version,
    previous,
    sources: graph.header.sources.map(({ id: source, hash }) => ({ id: source, hash })),
    counts,
  };
  renameSync(partial, file('jsonl'));
  writeFileSync(`${file('json')}.partial`, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(`${file('json')}.partial`, file('json'));
  await syncReleases(db, dir);
  return manifest;
}

const syncCypher = `
  UNWIND $releases AS release
  MERGE (r:Release {id: release.id})
  SET r.recordedAt = datetime(release.recordedAt), r.version = release.version,
      r.previous = release.previous, r.sources = release.sources,
      r.entities = release.counts.entities, r.relations = release.counts.relations,
      r.claims = release.counts.claims
  WITH collect(release.id) AS kept
  MATCH (r:Release) WHERE NOT r.id IN kept
  DETACH DELETE r`;

/** The graph's :Release nodes, one per manifest under data/releases (`id hash` per source). */
export async function syncReleases(db: Database, dir: string): Promise<void> {
  const releases = listReleases(dir).map((release) => ({
    ...release,
    sources: release.sources.map((source) => `${source.id} ${source.hash}`),
  }));
  await db.write(
    { name: 'kb.releases', cypher: releases.length ? syncCypher : 'MATCH (r:Release) DETACH DELETE r' },
    { releases },
  );
}
