import { builder } from '../../builder.ts';
import type { Change, Diff, ValueChange } from '../../releases/diff.ts';
import type { ReleaseManifest, SnapshotRecord } from '../../releases/releases.ts';
import { claimValues } from '../../stores/graph-records.ts';
import { pageSize } from '../../stores/paging.ts';

/**
 * Releases and what changed between them (src/releases/): `releases` lists
 * them, `changes(from, to)` compares two, or one with the graph as it is now.
 */
type ReleaseClaim = SnapshotRecord['claims'][number];

const ReleaseSourceRef = builder.objectRef<ReleaseManifest['sources'][number]>('ReleaseSource').implement({
  description: 'A source as a release holds it.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'The source id.' }),
    hash: t.exposeString('hash', {
      description: 'The hash of its facts file when the release was recorded.',
    }),
  }),
});

const ReleaseRef = builder.objectRef<ReleaseManifest>('Release').implement({
  description: 'A named, dated copy of the graph (npm run kb:release), so an answer can be given "as of" it.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'Its name, e.g. "2026-12".' }),
    recordedAt: t.exposeString('recordedAt', { description: 'When it was recorded (ISO date-time).' }),
    version: t.exposeString('version', {
      description: "The graph's version then: a hash of every source's facts hash, as exports name it.",
    }),
    previous: t.exposeString('previous', { nullable: true, description: 'The release before it.' }),
    sources: t.field({ type: [ReleaseSourceRef], description: 'Its sources.', resolve: (r) => r.sources }),
    entityCount: t.int({ description: 'Entities it holds.', resolve: (r) => r.counts.entities }),
    relationCount: t.int({ description: 'Relations it holds.', resolve: (r) => r.counts.relations }),
    claimCount: t.int({
      description: 'Claims (a source stating a fact) it holds.',
      resolve: (r) => r.counts.claims,
    }),
  }),
});

const ReleaseClaimRef = builder.objectRef<ReleaseClaim>('ReleaseClaim').implement({
  description: "One source's claim about a fact, as a release holds it, with its citation.",
  fields: (t) => ({
    source: t.exposeString('source', { description: 'The source id (it may since have gone).' }),
    section: t.exposeString('section', { description: 'The section of the source.' }),
    quote: t.exposeString('quote', { description: 'The supporting words, verbatim.' }),
    values: t.field({
      type: 'JSON',
      description: 'The values it states, as the facts file writes them.',
      resolve: claimValues,
    }),
    firstSeen: t.string({
      nullable: true,
      description: 'The release it first appeared in; null when no release holds it yet.',
      resolve: (claim) => claim.firstSeen ?? null,
    }),
    lastSeen: t.string({
      nullable: true,
      description: 'The last release it appeared in; null when no release holds it yet.',
      resolve: (claim) => claim.lastSeen ?? null,
    }),
  }),
});

const ClaimChangeRef = builder.objectRef<Change['claimsChanged'][number]>('ClaimChange').implement({
  description: "A source's claim that says something else than before.",
  fields: (t) => ({
    source: t.exposeString('source', { description: 'The source id.' }),
    before: t.field({ type: ReleaseClaimRef, description: 'The claim then.', resolve: (c) => c.before }),
    after: t.field({ type: ReleaseClaimRef, description: 'The claim now.', resolve: (c) => c.after }),
  }),
});

const ValueChangeRef = builder.objectRef<ValueChange>('ValueChange').implement({
  description: 'A value shown that changed.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The property or qualifier, or "type".' }),
    before: t.field({ type: 'JSON', nullable: true, description: 'Null: none.', resolve: (v) => v.before }),
    after: t.field({ type: 'JSON', nullable: true, description: 'Null: none.', resolve: (v) => v.after }),
  }),
});

const ChangeKindEnum = builder.enumType('ChangeKind', {
  description: 'What happened to an entity or relation.',
  values: { ADDED: { value: 'added' }, REMOVED: { value: 'removed' }, CHANGED: { value: 'changed' } },
});

const ChangeRef = builder.objectRef<Change>('Change').implement({
  description: 'An entity or relation added, removed or changed, with the claims behind it.',
  fields: (t) => ({
    kind: t.exposeString('kind', { description: '"entity" or "relation".' }),
    change: t.field({
      type: ChangeKindEnum,
      description: 'Added, removed or changed.',
      resolve: (c) => c.change,
    }),
    id: t.exposeString('id', { description: 'The entity or relation id.' }),
    type: t.exposeString('type', { description: 'Its type, e.g. Country or HOSTED_BY.' }),
    fromId: t.string({ nullable: true, description: "A relation's start.", resolve: (c) => c.from ?? null }),
    toId: t.string({ nullable: true, description: "A relation's end.", resolve: (c) => c.to ?? null }),
    values: t.field({
      type: [ValueChangeRef],
      description: 'The values shown that changed (for an added or removed fact, all of them).',
      resolve: (c) => c.values,
    }),
    claimsAdded: t.field({
      type: [ReleaseClaimRef],
      description: 'Claims new to it.',
      resolve: (c) => c.claimsAdded,
    }),
    claimsRemoved: t.field({
      type: [ReleaseClaimRef],
      description: 'Claims gone.',
      resolve: (c) => c.claimsRemoved,
    }),
    claimsChanged: t.field({
      type: [ClaimChangeRef],
      description: 'Claims of the same source that now say something else.',
      resolve: (c) => c.claimsChanged,
    }),
  }),
});

const ChangeCountsRef = builder.objectRef<Diff['counts']['claims']>('ChangeCounts').implement({
  description: 'How many were added, removed and changed.',
  fields: (t) => ({
    added: t.exposeInt('added', { description: 'Added.' }),
    removed: t.exposeInt('removed', { description: 'Removed.' }),
    changed: t.exposeInt('changed', { description: 'Changed.' }),
  }),
});

const ChangesRef = builder.objectRef<Diff>('ReleaseChanges').implement({
  description: 'What changed from one release to another, or to the graph as it is now.',
  fields: (t) => ({
    from: t.field({ type: ReleaseRef, description: 'The earlier release.', resolve: (d) => d.from }),
    to: t.field({
      type: ReleaseRef,
      nullable: true,
      description: 'The later one; null: the graph now.',
      resolve: (d) => d.to,
    }),
    toVersion: t.exposeString('toVersion', { description: 'The version compared with.' }),
    entities: t.field({ type: ChangeCountsRef, description: 'Entities.', resolve: (d) => d.counts.entities }),
    relations: t.field({
      type: ChangeCountsRef,
      description: 'Relations.',
      resolve: (d) => d.counts.relations,
    }),
    claims: t.field({ type: ChangeCountsRef, description: 'Claims.', resolve: (d) => d.counts.claims }),
    total: t.int({ description: 'Entities and relations that changed.', resolve: (d) => d.changes.length }),
    changes: t.field({
      type: [ChangeRef],
      description:
        'The changes: entities by id, then relations by start, type and id; `first` of them from `offset`.',
      args: {
        first: t.arg.int({ defaultValue: 50, description: 'How many, up to 100.' }),
        offset: t.arg.int({ defaultValue: 0, description: 'How many to skip.' }),
      },
      resolve: (d, args) => {
        const offset = Math.max(0, args.offset ?? 0);
        return d.changes.slice(offset, offset + pageSize(args.first, 50));
      },
    }),
  }),
});

builder.queryFields((t) => ({
  releases: t.field({
    type: [ReleaseRef],
    description: 'Every release, newest first.',
    resolve: (_root, _args, ctx) => ctx.releases.list().reverse(),
  }),
  changes: t.field({
    type: ChangesRef,
    description:
      'Entities, relations and claims added, removed and changed from release `from` to release `to`, or to the graph now when `to` is left out; each with its citations.',
    args: {
      from: t.arg.string({ required: true, description: 'The earlier release.' }),
      to: t.arg.string({ required: false, description: 'The later release; left out, the graph now.' }),
    },
    // It reads both sides whole: one of the expensive operations, queued as they are.
    resolve: (_root, args, ctx) => ctx.queued(() => ctx.releases.diff(args.from, args.to ?? undefined)),
  }),
}));
