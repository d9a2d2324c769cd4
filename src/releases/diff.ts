import type { Database } from '../db/database.ts';
import { type ExportRecord, openGraphRecords, recordsOf } from '../stores/graph-records.ts';
import {
  claimContent,
  findRelease,
  pairs,
  type ReleaseManifest,
  type SnapshotRecord,
  snapshotRecords,
} from './releases.ts';

/**
 * What changed between two releases, or between a release and the graph as it is now: entities
 * and relations added, removed and changed, each with the claims behind the change and their
 * citations. Computed by walking both snapshots in their shared order (src/releases/releases.ts).
 */
type Claim = SnapshotRecord['claims'][number];

export interface ValueChange {
  name: string;
  before: unknown;
  after: unknown;
}

export interface Change {
  kind: 'entity' | 'relation';
  change: 'added' | 'removed' | 'changed';
  id: string;
  type: string;
  /** A relation's ends. */
  from?: string;
  to?: string;
  /** The values shown, before and after (null where there was none). */
  values: ValueChange[];
  claimsAdded: Claim[];
  claimsRemoved: Claim[];
  claimsChanged: Array<{ source: string; before: Claim; after: Claim }>;
}

export interface Diff {
  from: ReleaseManifest;
  /** Null: the graph as it is now. */
  to: ReleaseManifest | null;
  toVersion: string;
  counts: Record<'entities' | 'relations' | 'claims', Record<'added' | 'removed' | 'changed', number>>;
  changes: Change[];
}

const valuesOf = (record: ExportRecord | undefined): Record<string, unknown> =>
  !record ? {} : record.kind === 'entity' ? record.properties : record.qualifiers;

function valueChanges(before: ExportRecord | undefined, after: ExportRecord | undefined): ValueChange[] {
  const old: Record<string, unknown> = { ...valuesOf(before), ...(before ? { type: before.type } : {}) };
  const now: Record<string, unknown> = { ...valuesOf(after), ...(after ? { type: after.type } : {}) };
  return [...new Set([...Object.keys(old), ...Object.keys(now)])]
    .sort()
    .filter((name) => JSON.stringify(old[name] ?? null) !== JSON.stringify(now[name] ?? null))
    .map((name) => ({ name, before: old[name] ?? null, after: now[name] ?? null }));
}

/** The change between two versions of one record, or null when they say the same. */
export function changeOf(
  before: SnapshotRecord | undefined,
  after: SnapshotRecord | undefined,
): Change | null {
  const record = (after ?? before) as SnapshotRecord;
  const old = new Map(before?.claims.map((claim) => [claim.source, claim]));
  const now = new Map(after?.claims.map((claim) => [claim.source, claim]));
  const claimsChanged = [...now]
    .filter(
      ([source, claim]) => old.has(source) && claimContent(old.get(source) as Claim) !== claimContent(claim),
    )
    .map(([source, claim]) => ({ source, before: old.get(source) as Claim, after: claim }));
  const change: Change = {
    kind: record.kind,
    change: !before ? 'added' : !after ? 'removed' : 'changed',
    id: record.id,
    type: record.type,
    ...(record.kind === 'relation' ? { from: record.from, to: record.to } : {}),
    values: valueChanges(before, after),
    claimsAdded: [...now.values()].filter((claim) => !old.has(claim.source)),
    claimsRemoved: [...old.values()].filter((claim) => !now.has(claim.source)),
    claimsChanged,
  };
  const same =
    change.change === 'changed' &&
    !change.values.length &&
    !change.claimsAdded.length &&
    !change.claimsRemoved.length &&
    !claimsChanged.length;
  return same ? null : change;
}

/** The records of a release, or of the graph now (with no release, its claims have no first seen). */
async function side(db: Database, release: string | undefined, dir: string) {
  if (release) {
    const manifest = findRelease(release, dir);
    return { manifest, version: manifest.version, records: snapshotRecords(release, dir) };
  }
  const graph = await openGraphRecords(db);
  return { manifest: null, version: graph.header.version, records: recordsOf(graph) };
}

export async function diffReleases(
  db: Database,
  from: string,
  to: string | undefined,
  dir: string,
): Promise<Diff> {
  const before = await side(db, from, dir);
  const after = await side(db, to, dir);
  const zero = () => ({ added: 0, removed: 0, changed: 0 });
  const counts = { entities: zero(), relations: zero(), claims: zero() };
  const changes: Change[] = [];
  for await (const [old, now] of pairs(before.records, after.records)) {
    const change = changeOf(old as SnapshotRecord | undefined, now as SnapshotRecord | undefined);
    if (!change) continue;
    changes.push(change);
    counts[change.kind === 'entity' ? 'entities' : 'relations'][change.change] += 1;
    counts.claims.added += change.claimsAdded.length;
    counts.claims.removed += change.claimsRemoved.length;
    counts.claims.changed += change.claimsChanged.length;
  }
  return {
    from: before.manifest as ReleaseManifest,
    to: after.manifest,
    toVersion: after.version,
    counts,
    changes,
  };
}
