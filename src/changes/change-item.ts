/**
 * One change a follower is told about: a claim (one source stating a fact) added, retracted,
 * changed, ranked, or newly in conflict, with its source and quote. Items come from two places
 * (docs/design/changes.md): the diffs between consecutive releases (src/changes/release-items.ts)
 * and, for the time since the last release, the curation audit log (src/changes/audit-items.ts).
 */
export const changeKinds = ['added', 'retracted', 'changed', 'ranked', 'conflict'] as const;
export type ChangeItemKind = (typeof changeKinds)[number];

export interface ChangeItem {
  /** Stable: `release:<release>:<fact>:<kind>:<source>[:<property>]` or `audit:<event id>`. */
  id: string;
  kind: ChangeItemKind;
  /** When it became known: the release's recordedAt, or the write's time (ISO date-time). */
  at: string;
  /** The release that holds it; null for a curation write since the last release. */
  release: string | null;
  /** The audit event of a curation write; null for a release's item. */
  auditEventId: string | null;
  /** The entity or relation the claim is about. */
  fact: string;
  /** "entity" or "relation". */
  factKind: 'entity' | 'relation';
  /** Its type, e.g. Country or HOSTED_BY; null where the write did not say. */
  type: string | null;
  /** The entities it touches: the entity, or a relation's two ends. */
  entities: string[];
  source: string;
  section: string | null;
  quote: string | null;
  /** For `conflict`, the property in conflict; for `ranked`, the property ranked (if one). */
  property: string | null;
  /** Why, as the curator wrote it (curation writes only). */
  reason: string | null;
}

/** Newest first, then by id: the one order every page and feed uses. */
export const newestFirst = (a: ChangeItem, b: ChangeItem): number =>
  b.at.localeCompare(a.at) || a.id.localeCompare(b.id);

/** An item's cursor: its time and id, so a page after it holds exactly the items after it in order. */
export const changeCursor = (item: Pick<ChangeItem, 'at' | 'id'>): string =>
  Buffer.from(`${item.at}\n${item.id}`).toString('base64url');

export function parseChangeCursor(cursor: string): { at: string; id: string } | null {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('\n');
  return at && id ? { at, id } : null;
}

/** A short line for a feed entry's title. */
export function changeTitle(item: ChangeItem): string {
  const [from, to] = item.entities;
  const what =
    item.factKind === 'relation' && from && to
      ? `${item.type ?? 'relation'} ${from} → ${to}`
      : `${item.type ?? item.factKind} ${item.fact}`;
  const by = `by ${item.source}`;
  switch (item.kind) {
    case 'added':
      return `Claim added: ${what} ${by}`;
    case 'retracted':
      return `Claim retracted: ${what} ${by}`;
    case 'changed':
      return `Claim changed: ${what} ${by}`;
    case 'ranked':
      return `Claim ranked: ${what} ${by}${item.property ? ` (${item.property})` : ''}`;
    case 'conflict':
      return `Sources now disagree on ${item.property ?? 'a value'} of ${what}`;
  }
}
