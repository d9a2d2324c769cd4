import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonl } from '../../src/export/jsonl.ts';
import { checkAllSources } from '../../src/facts/check-sources.ts';
import type { Change } from '../../src/releases/diff.ts';
import { ReleaseService } from '../../src/releases/release-service.ts';
import { snapshotRecords } from '../../src/releases/releases.ts';
import { openGraphRecords } from '../../src/stores/graph-records.ts';
import { createApp, testOptions } from '../../src/yoga.ts';
import { testDatabase } from '../helpers/database.ts';
import { RESOLUTION as base, loadKnowledgeBase, resolutionDir } from '../helpers/knowledge-base.ts';
import { collect, runScript } from '../helpers/scripts.ts';

// Releases of the resolution alone, recorded into a directory of their own; then a fixture source
// joins it and leaves.
const db = testDatabase();
const dir = resolutionDir();
const releases = new ReleaseService(db, dir);
const fixture = join(import.meta.dirname, '../fixtures/kb-overlap');
const added = 'synthetic-kb-overlap';
/** Every entity and relation the fixture states (it cites entities of data/, so it is read with them). */
let fixtureIds: string[] = [];

// biome-ignore lint/suspicious/noExplicitAny: GraphQL answers are read by path
type Answer = { data?: Record<string, any>; errors?: Array<{ extensions: { code: string } }> };

const ids = (changes: Change[]) => changes.map((change) => change.id).sort();
const claimsOf = (changes: Change[], kind: 'claimsAdded' | 'claimsRemoved') =>
  changes.flatMap((change) => change[kind]);

beforeAll(async () => {
  const facts = checkAllSources(resolutionDir('kb-overlap')).find((source) => source.meta.id === added);
  fixtureIds = [...(facts?.entities ?? []), ...(facts?.relations ?? [])].map((fact) => fact.id).sort();
  await loadKnowledgeBase(db, dir);
});
afterAll(async () => {
  await loadKnowledgeBase(db); // the next file finds the knowledge base, without these releases
  await db.close();
});

describe('releases and their diffs', () => {
  it('records a release: manifest, snapshot, a :Release node, and exports name it', async () => {
    expect(fixtureIds.length).toBeGreaterThan(2);
    const release = await releases.record('r1');
    expect(release).toMatchObject({
      id: 'r1',
      previous: null,
      sources: [{ id: base, hash: expect.any(String) }],
    });
    const manifest = JSON.parse(readFileSync(join(dir, 'releases/r1.json'), 'utf8'));
    expect(manifest).toEqual(release);
    expect(existsSync(join(dir, 'releases/r1.jsonl.partial'))).toBe(false);
    const [node] = await db.read({
      name: 'test.release',
      cypher: 'MATCH (r:Release {id: "r1"}) RETURN r.version AS version, r.entities AS entities',
    });
    expect(node).toEqual({ version: release.version, entities: release.counts.entities });
    const [header] = await collect(jsonl(await openGraphRecords(db)));
    expect(JSON.parse(header ?? '{}')).toMatchObject({ release: 'r1', version: release.version });
    // Every claim first and last appeared in this release.
    const approval = (await collect(snapshotRecords('r1', dir))).find(
      (r) => r.id === 'ict-fund-approval-2024',
    );
    expect(approval?.claims).toEqual([
      expect.objectContaining({ source: base, section: '3-ICT', firstSeen: 'r1', lastSeen: 'r1' }),
    ]);
    await expect(releases.record('r1')).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
    });
    await expect(releases.record('../r')).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('after a source is added, the diff lists exactly what it states, each with its citation', async () => {
    cpSync(fixture, dir, { recursive: true });
    await loadKnowledgeBase(db, dir);
    const since = await releases.diff('r1');
    expect(since.to).toBeNull();
    expect(ids(since.changes)).toEqual(fixtureIds);
    expect(claimsOf(since.changes, 'claimsRemoved')).toEqual([]);
    expect(since.changes.flatMap((change) => change.claimsChanged)).toEqual([]);
    const claims = claimsOf(since.changes, 'claimsAdded');
    expect(new Set(claims.map((claim) => claim.source))).toEqual(new Set([added]));
    expect(claims.every((claim) => claim.quote.length > 0 && claim.section.length > 0)).toBe(true);
    // A new entity is added; one the base source also names is changed, by the new claim.
    const change = (id: string) => since.changes.find((c) => c.id === id);
    expect(change('fx-border-talks')).toMatchObject({ change: 'added', type: 'Meeting' });
    expect(change('thailand')).toMatchObject({
      change: 'changed',
      claimsAdded: [{ source: added, section: '1' }],
    });

    const release = await releases.record('r2');
    expect(release.previous).toBe('r1');
    const between = await releases.diff('r1', 'r2');
    expect(ids(between.changes)).toEqual(fixtureIds);
    expect(between.counts.claims).toEqual({ added: claims.length, removed: 0, changed: 0 });
    // Claims of the base source keep their first appearance; the new ones start here.
    const thailand = (await collect(snapshotRecords('r2', dir))).find((r) => r.id === 'thailand');
    expect(thailand?.claims).toEqual([
      expect.objectContaining({ source: base, firstSeen: 'r1', lastSeen: 'r2' }),
      expect.objectContaining({ source: added, firstSeen: 'r2', lastSeen: 'r2' }),
    ]);
    expect((await releases.diff('r2')).changes).toEqual([]);
  });

  it('after the source is removed, the next diff lists exactly its removals', async () => {
    for (const file of [
      'facts/synthetic-kb-overlap.yaml',
      'sources/synthetic-kb-overlap.meta.yaml',
      'sources/synthetic-kb-overlap.txt',
    ])
      rmSync(join(dir, file));
    await loadKnowledgeBase(db, dir);
    await releases.record('r3');
    const diff = await releases.diff('r2', 'r3');
    expect(ids(diff.changes)).toEqual(fixtureIds);
    expect(claimsOf(diff.changes, 'claimsAdded')).toEqual([]);
    const removed = claimsOf(diff.changes, 'claimsRemoved');
    expect(new Set(removed.map((claim) => claim.source))).toEqual(new Set([added]));
    expect(removed.every((claim) => claim.lastSeen === 'r2')).toBe(true);
    expect(diff.changes.find((c) => c.id === 'fx-border-talks')).toMatchObject({ change: 'removed' });
    expect((await releases.diff('r1', 'r3')).changes).toEqual([]);
  });

  it('GraphQL releases and changes(from, to) answer the same, and name a missing release', async () => {
    const app = createApp(db, { ...testOptions, dataDir: dir });
    const gql = async (query: string) => {
      const response = await app.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      return (await response.json()) as Answer;
    };
    const { data, errors } = await gql(`{
      releases { id previous entityCount sources { id } }
      changes(from: "r1", to: "r2") {
        from { id } to { id } entities { added changed removed } total
        changes(first: 100) { id change kind fromId toId claimsAdded { source section quote firstSeen lastSeen } claimsRemoved { source } }
      }
    }`);
    expect(errors).toBeUndefined();
    expect(data?.releases.map((release: { id: string }) => release.id)).toEqual(['r3', 'r2', 'r1']);
    expect(data?.releases[1].sources.map((source: { id: string }) => source.id).sort()).toEqual(
      [base, added].sort(),
    );
    const { changes } = data ?? {};
    expect(changes).toMatchObject({
      from: { id: 'r1' },
      to: { id: 'r2' },
      entities: { added: 1, removed: 0 },
    });
    expect(changes.changes.map((change: { id: string }) => change.id).sort()).toEqual(fixtureIds);
    const talks = changes.changes.find((change: { id: string }) => change.id === 'fx-border-talks');
    expect(talks).toMatchObject({
      change: 'ADDED',
      kind: 'entity',
      claimsAdded: [
        {
          source: added,
          section: '1',
          quote: 'the Synthetic Border Digital Talks in Trat',
          firstSeen: 'r2',
          lastSeen: 'r2',
        },
      ],
      claimsRemoved: [],
    });
    const since = await gql('{ changes(from: "r3") { to { id } total } }');
    expect(since.data?.changes).toEqual({ to: null, total: 0 });
    const missing = await gql('{ changes(from: "nope") { total } }');
    expect(missing.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });

  it('npm run kb:diff prints the changes in words, or as JSON', () => {
    const run = (...args: string[]) => runScript('kb-diff.ts', args, { KB_DATA_DIR: dir });
    const text = run('r1', 'r2');
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('From release r1');
    expect(text.stdout).toContain('+ entity fx-border-talks (Meeting)');
    expect(text.stdout).toContain(`+ claim ${added} §1: "the Synthetic Border Digital Talks in Trat"`);
    const json = JSON.parse(run('r2', 'r3', '--json').stdout);
    expect(json.changes.map((change: { id: string }) => change.id).sort()).toEqual(fixtureIds);
    const missing = run('nope');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('No release nope');
  });
});
