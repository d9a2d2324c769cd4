import { resolveClaims } from '../model/claims.ts';
import {
  claimContent,
  pairs,
  type ReleaseManifest,
  type SnapshotRecord,
  snapshotRecords,
} from '../releases/releases.ts';
import { claimValues } from '../stores/graph-records.ts';
import type { ChangeItem, ChangeItemKind } from './change-item.ts';

/**
 * The items of one release: what changed from the release before it (or, for the first, from an
 * empty graph), claim by claim. Both snapshots are walked in their shared order, a merge join, so
 * neither is held whole. A claim whose ranks alone changed is `ranked`; one that says something
 * else is `changed`; a property whose live values disagree now and did not before is `conflict`.
 */
type Claim = SnapshotRecord['claims'][number];

const none = async function* (): AsyncGenerator<SnapshotRecord> {};

export async function releaseItems(release: ReleaseManifest, dir: string): Promise<ChangeItem[]> {
  const before = release.previous ? snapshotRecords(release.previous, dir) : none();
  const items: ChangeItem[] = [];
  for await (const [old, now] of pairs(before, snapshotRecords(release.id, dir)))
    items.push(...recordItems(release, old, now));
  return items;
}

/** The properties in conflict in a record, by the rule the graph shows them with (src/model/claims.ts). */
function conflictsOf(record: SnapshotRecord | undefined): Set<string> {
  if (!record || record.claims.length < 2) return new Set();
  const sets = record.claims.map((claim) => ({
    source: claim.source,
    sourceDate: '',
    section: claim.section,
    quote: claim.quote,
    props: claimValues(claim),
    ranks: claim.ranks as Parameters<typeof resolveClaims>[0][number]['ranks'],
  }));
  return new Set(resolveClaims(sets).conflicts);
}

const ranksOnly = (a: Claim, b: Claim) =>
  claimContent({ ...a, ranks: {} }) === claimContent({ ...b, ranks: {} });

function recordItems(
  release: ReleaseManifest,
  old: SnapshotRecord | undefined,
  now: SnapshotRecord | undefined,
): ChangeItem[] {
  const record = (now ?? old) as SnapshotRecord;
  const item = (kind: ChangeItemKind, claim: Claim, property: string | null = null): ChangeItem => ({
    id: `release:${release.id}:${record.id}:${kind}:${claim.source}${property ? `:${property}` : ''}`,
    kind,
    at: release.recordedAt,
    release: release.id,
    auditEventId: null,
    fact: record.id,
    factKind: record.kind,
    type: record.type,
    entities: record.kind === 'relation' ? [record.from, record.to] : [record.id],
    source: claim.source,
    section: claim.section,
    quote: claim.quote,
    property,
    reason: null,
  });
  const was = new Map(old?.claims.map((claim) => [claim.source, claim]));
  const is = new Map(now?.claims.map((claim) => [claim.source, claim]));
  const items: ChangeItem[] = [];
  for (const [source, claim] of is) {
    const before = was.get(source);
    if (!before) items.push(item('added', claim));
    else if (claimContent(before) !== claimContent(claim))
      items.push(item(ranksOnly(before, claim) ? 'ranked' : 'changed', claim));
  }
  for (const [source, claim] of was) if (!is.has(source)) items.push(item('retracted', claim));
  const earlier = conflictsOf(old);
  for (const property of conflictsOf(now)) {
    if (earlier.has(property)) continue;
    // Cited by the claim that brought it, else the first that states the property.
    const claims = now?.claims ?? [];
    const cause =
      claims.find(
        (claim) => items.some((i) => i.source === claim.source) && property in claimValues(claim),
      ) ?? claims.find((claim) => property in claimValues(claim));
    if (cause) items.push(item('conflict', cause, property));
  }
  return items;
}
