import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReleaseService } from '../../src/releases/release-service.ts';
import { createApp, testOptions } from '../../src/yoga.ts';
import { type Answer, apiFixture, curationFixture } from '../helpers/api.ts';
import { loadKnowledgeBase, RESOLUTION, resolutionDir } from '../helpers/knowledge-base.ts';
import { expectDatesAsRecomputed, keptDates, NOTE, PROJECT, writeLaterNote } from '../helpers/later-note.ts';

/**
 * Issue 38: values as of a day, below the root too. On a copy, the resolution (9 July 2024) says
 * the ASEAN Digital Awards 2025 project got 76,300 USD; a synthetic audit note of 1 September
 * (test/helpers/later-note.ts) says 80,000, for the project, its FUNDED_BY and its AWARDED_TO. As of 1 August only
 * the resolution's amounts exist: on the entity, on a project nested below its fund, on the
 * relations' qualifiers and in the money summed. The dates the loader keeps for such reads follow
 * the note when it comes, changes its date and goes.
 */
const BEFORE = '2024-08-01';
/** Recorded before the note was written: the resolution and the minutes. */
const RELEASE = 'before-note';

let api: Awaited<ReturnType<typeof apiFixture>>;
let dir: string;

const data = (query: string) => api.data(query);

beforeAll(async () => {
  api = await apiFixture();
  dir = resolutionDir('wg-as-minutes');
  await loadKnowledgeBase(api.db, dir);
  await new ReleaseService(api.db, dir).record(RELEASE);
  writeLaterNote(dir, '2024-09-01');
  await loadKnowledgeBase(api.db, dir);
});
afterAll(() => api.close());

describe('a value a later source changed', () => {
  it('reads as it was on the day, and as the note says now', async () => {
    const query = (asOf: string) =>
      `{ entity(id: "${PROJECT}"${asOf}) { properties conflicts sources { id } } }`;
    const then = await data(query(`, asOf: "${BEFORE}"`));
    expect(then.entity.properties.amount).toBe('76300.00');
    expect(then.entity.sources.map((s: Answer) => s.id)).toEqual([RESOLUTION]);
    const now = await data(query(''));
    expect(now.entity.properties.amount).toBe('80000.00');
  });

  it("reads as it was on the day below the root: a fund's projects", async () => {
    const query = (asOf: string) =>
      `{ entity(id: "asean-ict-fund"${asOf}) { ... on Fund { projects { id properties } } } }`;
    const amountOf = (answer: Answer) =>
      answer.entity.projects.find((p: Answer) => p.id === PROJECT)?.properties.amount;
    expect(amountOf(await data(query(`, asOf: "${BEFORE}"`)))).toBe('76300.00');
    expect(amountOf(await data(query('')))).toBe('80000.00');
  });

  it("reads a relation's qualifiers and provenance, and the entity at its end, as they were", async () => {
    const query = (asOf: string) => `{ entity(id: "thailand"${asOf}) {
      relations(types: ["AWARDED_TO"]) { nodes { from properties provenance { source { id } } node { id properties } } }
    } }`;
    const award = (answer: Answer) => answer.entity.relations.nodes.find((r: Answer) => r.from === PROJECT);
    const then = award(await data(query(`, asOf: "${BEFORE}"`)));
    expect(then.properties.amount).toBe('76300.00');
    expect(then.provenance.map((p: Answer) => p.source.id)).toEqual([RESOLUTION]);
    expect(then.node.properties.amount).toBe('76300.00');
    const now = award(await data(query('')));
    expect(now.properties.amount).toBe('80000.00');
    expect(now.provenance.map((p: Answer) => p.source.id).sort()).toEqual([RESOLUTION, NOTE].sort());
    // Values re-resolved for the day are plain JSON, as a read without asOf gives them: no driver
    // Integer ({low, high}) or date object in place of a number or a string.
    const kind = (value: unknown) =>
      Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
    expect(typeof then.properties.amountCents).toBe('number');
    for (const key of Object.keys(then.properties).filter((key) => key in now.properties))
      expect([key, kind(then.properties[key])]).toEqual([key, kind(now.properties[key])]);
  });

  it("reads the qualifiers of a path's and a neighbourhood's relations as they were", async () => {
    const query = (asOf: string) => `{
      shortestPath(from: "${PROJECT}", to: "thailand", types: ["AWARDED_TO"]${asOf}) {
        edges { properties provenance { source { id } } }
      }
      neighborhood(id: "${PROJECT}", depth: 1${asOf}) { edges { type to properties } }
    }`;
    const then = await data(query(`, asOf: "${BEFORE}"`));
    const now = await data(query(''));
    const award = (answer: Answer) =>
      answer.neighborhood.edges.find((edge: Answer) => edge.type === 'AWARDED_TO' && edge.to === 'thailand');
    expect(then.shortestPath.edges[0].properties.amount).toBe('76300.00');
    expect(then.shortestPath.edges[0].provenance.map((p: Answer) => p.source.id)).toEqual([RESOLUTION]);
    expect(award(then).properties.amount).toBe('76300.00');
    expect(now.shortestPath.edges[0].properties.amount).toBe('80000.00');
    expect(award(now).properties.amount).toBe('80000.00');
    // A selection without properties brings what provenance needs, and the claims of then.
    const provenance = await data(`{
      neighborhood(id: "${PROJECT}", depth: 1, asOf: "${BEFORE}") { edges { type to provenance { source { id } } } }
    }`);
    expect(award(provenance).provenance.map((p: Answer) => p.source.id)).toEqual([RESOLUTION]);
  });

  it('sums the money of the day', async () => {
    const query = (asOf: string) =>
      `{ fundingSummary(groupBy: RECIPIENT${asOf}) { key projectCount total { amount } projects { id } } }`;
    const thailand = (answer: Answer) => answer.fundingSummary.find((g: Answer) => g.key === 'thailand');
    const then = thailand(await data(query(`, asOf: "${BEFORE}"`)));
    const now = thailand(await data(query('')));
    expect(then.projects.map((p: Answer) => p.id)).toContain(PROJECT);
    expect(then.projectCount).toBe(now.projectCount);
    const cents = (amount: string) => Math.round(Number(amount) * 100);
    expect(cents(now.total.amount) - cents(then.total.amount)).toBe(370_000);
    // Without the projects asked, a changed project is read with its amount alone: the same sums.
    for (const groupBy of ['RECIPIENT', 'YEAR', 'FUND']) {
      const sums = (projects: string) =>
        `{ fundingSummary(groupBy: ${groupBy}, asOf: "${BEFORE}") { key projectCount total { amount currency }${projects} } }`;
      const withProjects = (await data(sums(' projects { id }'))).fundingSummary;
      const without = (await data(sums(''))).fundingSummary;
      expect(without).toEqual(withProjects.map(({ projects: _, ...group }: Answer) => group));
    }
  });

  it('groups the money by the year a project had on the day', async () => {
    const query = (asOf: string) =>
      `{ fundingSummary(groupBy: YEAR${asOf}) { key projects { id } total { amount } } }`;
    const yearOf = (answer: Answer) =>
      answer.fundingSummary.filter((g: Answer) => g.projects.some((p: Answer) => p.id === PROJECT));
    const [then] = yearOf(await data(query(`, asOf: "${BEFORE}"`)));
    expect(then.key).toBe('2024');
    const [now, ...more] = yearOf(await data(query('')));
    expect([now.key, more]).toEqual(['2025', []]);
  });

  it('counts what existed on the day', async () => {
    // One operation reads one moment: the day and now are asked apart.
    const then = (await data('{ entityCounts(asOf: "2024-03-31") { type count } }')).entityCounts;
    const now = (await data('{ entityCounts { type count } }')).entityCounts;
    const count = (rows: Answer[], type: string) => rows.find((row) => row.type === type)?.count;
    expect(count(then, 'Meeting')).toBe(1);
    expect(count(then, 'Country')).toBe(1);
    expect(count(then, 'Project')).toBeUndefined();
    expect(count(now, 'Project')).toBeGreaterThan(0);
    const projects = (asOf: string) => `{ entities(types: ["Project"]${asOf}) { totalCount } }`;
    const [before, today] = [await data(projects(`, asOf: "${BEFORE}"`)), await data(projects(''))];
    expect(before.entities.totalCount).toBe(today.entities.totalCount);
  });
});

describe('analytics as of a day', () => {
  it("show a common neighbour's values and its relationships' qualifiers and sources as they were", async () => {
    const query = (asOf: string) => `{ commonConnections(a: "asean-ict-fund", b: "thailand"${asOf}) {
      entity { id properties } edgesFromA { properties provenance { source { id } } }
      edgesFromB { properties provenance { source { id } } } } }`;
    const project = (answer: Answer) => answer.commonConnections.find((c: Answer) => c.entity.id === PROJECT);
    const sourcesOf = (edge: Answer) => edge.provenance.map((p: Answer) => p.source.id);
    const then = project(await data(query(`, asOf: "${BEFORE}"`)));
    expect(then.entity.properties.amount).toBe('76300.00');
    for (const edge of [...then.edgesFromA, ...then.edgesFromB]) {
      expect(edge.properties.amount).toBe('76300.00');
      expect(sourcesOf(edge)).toEqual([RESOLUTION]);
    }
    const now = project(await data(query('')));
    expect(now.entity.properties.amount).toBe('80000.00');
    expect(sourcesOf(now.edgesFromB[0])).toContain(NOTE);
  });

  it("show a similar entity's values as they were", async () => {
    const query = (asOf: string) =>
      `{ similarEntities(id: "asean-ict-fund", top: 50${asOf}) { entity { id properties } } }`;
    const amountOf = (answer: Answer) =>
      answer.similarEntities.find((s: Answer) => s.entity.id === PROJECT)?.entity.properties.amount;
    expect(amountOf(await data(query(`, asOf: "${BEFORE}"`)))).toBe('76300.00');
    expect(amountOf(await data(query('')))).toBe('80000.00');
  });
});

describe('a release, a set of sources', () => {
  it('reads the values and qualifiers its sources give, not the later note', async () => {
    // The app of the directory the release was recorded in.
    const app = createApp(api.db, { ...testOptions, dataDir: dir });
    const response = await app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `{ entity(id: "${PROJECT}", asOfRelease: "${RELEASE}") {
          properties sources { id }
          relations(types: ["AWARDED_TO"]) { nodes { to properties provenance { source { id } } } }
        } }`,
      }),
    });
    const { data, errors } = (await response.json()) as { data: Answer; errors?: unknown };
    expect(errors).toBeUndefined();
    expect(data.entity.properties.amount).toBe('76300.00');
    expect(data.entity.sources.map((s: Answer) => s.id)).toEqual([RESOLUTION]);
    const [award] = data.entity.relations.nodes;
    expect(award).toMatchObject({ to: 'thailand', properties: { amount: '76300.00' } });
    expect(award.provenance.map((p: Answer) => p.source.id)).toEqual([RESOLUTION]);
  });
});

describe('a day on or after everything the graph knows', () => {
  it('reads the graph now, without a condition, and an earlier day as it was', async () => {
    // The response cache's version (and with it the newest source date) kept a minute; no answer kept.
    const kept = { enabled: true, maxBytes: 1, maxEntryBytes: 0, ttlSeconds: 1, versionMaxAgeMs: 60_000 };
    const responseCache = { ...kept, redisUrl: undefined };
    // The queries the app sends, by text: as of such a day, those of the read now.
    const sent: string[] = [];
    const db = Object.create(api.db) as typeof api.db;
    db.read = (query, ...rest) => {
      if (query.name !== 'cache.version') sent.push(query.cypher);
      return api.db.read(query, ...rest);
    };
    const app = createApp(db, { ...testOptions, dataDir: dir, responseCache });
    const ask = async (query: string) => {
      sent.length = 0;
      const response = await app.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      const { data, errors } = (await response.json()) as { data: Answer; errors?: unknown };
      expect(errors).toBeUndefined();
      return {
        data,
        sent: [...sent],
      };
    };
    const reads = [
      (a: string) =>
        `{ entity(id: "${PROJECT}"${a}) { properties conflicts relations { nodes { to shown properties } } } }`,
      (a: string) => `{ entities(types: ["Project"], first: 5${a}) { totalCount nodes { id properties } } }`,
      (a: string) => `{ fundingSummary(groupBy: RECIPIENT${a}) { key projectCount total { amount } } }`,
      (a: string) => `{ neighborhood(id: "thailand", depth: 1, limit: 50${a}) { nodes { id } } }`,
      (a: string) =>
        a ? `{ entityCounts(${a.slice(2)}) { type count } }` : '{ entityCounts { type count } }',
    ];
    for (const read of reads) {
      const now = await ask(read(''));
      expect(await ask(read(', asOf: "2024-09-01"'))).toEqual(now);
      expect(await ask(read(', asOf: "2030-01-01"'))).toEqual(now);
    }
    const then = await ask(`{ entity(id: "${PROJECT}", asOf: "${BEFORE}") { properties } }`);
    expect(then.data.entity.properties.amount).toBe('76300.00');
    expect(then.sent.join()).toContain('$asOfDay');
  });
});

describe('a dispute a later source began', () => {
  it('is none on an earlier day, and the value then is shown', async () => {
    const host = 'synthetic-later-host';
    const quote = 'Thailand hosted the 1st WG-AS meeting.';
    const files = [`sources/${host}.txt`, `sources/${host}.meta.yaml`, `facts/${host}.yaml`];
    writeFileSync(join(dir, files[0] as string), `Synthetic host note (test fixture).\n\n1. ${quote}\n`);
    writeFileSync(
      join(dir, files[1] as string),
      'titleEn: "Synthetic host note (test fixture, not a real document)"\ndate: "2024-10-01"\nissuer: Synthetic auditor\nlanguage: en\n',
    );
    writeFileSync(
      join(dir, files[2] as string),
      `source: ${host}\nentities: []\nrelations:\n  - { type: HOSTED_BY, from: wg-as-1, to: thailand, rank: preferred, section: "1", quote: "${quote}" }\n`,
    );
    await loadKnowledgeBase(api.db, dir);
    try {
      const query = (asOf: string) =>
        `{ entity(id: "wg-as-1"${asOf}) { conflicts relations(types: ["HOSTED_BY"]) { nodes { to shown } }
          ... on Meeting { hostCountry { id } } } }`;
      const shown = (answer: Answer) =>
        Object.fromEntries(answer.entity.relations.nodes.map((r: Answer) => [r.to, r.shown]));
      const now = await data(query(''));
      expect(now.entity.conflicts).toContain('HOSTED_BY');
      expect(shown(now)).toEqual({ cambodia: false, thailand: true });
      const then = await data(query(', asOf: "2024-09-15"'));
      expect(then.entity.conflicts).not.toContain('HOSTED_BY');
      expect(shown(then)).toEqual({ cambodia: true });
      // The typed field follows the relation that won on the day, not the one shown now.
      expect(now.entity.hostCountry).toEqual({ id: 'thailand' });
      expect(then.entity.hostCountry).toEqual({ id: 'cambodia' });
      const listed = await data(
        `{ entities(types: ["Meeting"], where: { nameContains: "WG-AS" }, asOf: "2024-09-15") { nodes { id ... on Meeting { hostCountry { id name } } } } }`,
      );
      const meeting = listed.entities.nodes.find((node: Answer) => node.id === 'wg-as-1');
      expect(meeting.hostCountry.id).toBe('cambodia');
      // Nor do neighbours share the host then: adgmin-5 (hosted by Thailand) is similar only now.
      const similar = async (asOf: string) =>
        (
          await data(
            `{ similarEntities(id: "wg-as-1", types: ["HOSTED_BY"], top: 50${asOf}) { entity { id } } }`,
          )
        ).similarEntities.map((s: Answer) => s.entity.id);
      expect(await similar('')).toContain('adgmin-5');
      expect(await similar(', asOf: "2024-09-15"')).not.toContain('adgmin-5');
    } finally {
      for (const file of files) rmSync(join(dir, file));
      await loadKnowledgeBase(api.db, dir);
    }
  });
});

describe('the dates kept for reads as of a day', () => {
  it('follow the note when it comes, moves to another day and goes', async () => {
    expect(await keptDates(api.db)).toEqual({
      project: ['2024-07-09', '2024-09-01'],
      relation: ['2024-07-09', '2024-09-01'],
      dates: ['2024-07-09', '2024-09-01'],
    });
    await expectDatesAsRecomputed(api.db);
    writeLaterNote(dir, '2024-06-01');
    await loadKnowledgeBase(api.db, dir);
    expect(await keptDates(api.db)).toMatchObject({
      project: ['2024-06-01', '2024-07-09'],
      relation: ['2024-06-01', '2024-07-09'],
    });
    // Thailand, which the note names but claims nothing of, is known from the note's new day.
    await expectDatesAsRecomputed(api.db);
    // Known from the note's day, with the note's amount until the resolution's.
    const { entity } = await data(`{ entity(id: "${PROJECT}", asOf: "2024-06-15") { properties } }`);
    expect(entity.properties.amount).toBe('80000.00');
    for (const file of [`sources/${NOTE}.txt`, `sources/${NOTE}.meta.yaml`, `facts/${NOTE}.yaml`])
      rmSync(join(dir, file));
    await loadKnowledgeBase(api.db, dir);
    expect(await keptDates(api.db)).toEqual({
      project: ['2024-07-09', '2024-07-09'],
      relation: ['2024-07-09', '2024-07-09'],
      dates: ['2024-07-09'],
    });
    await expectDatesAsRecomputed(api.db);
    const missing = await api.gql(`{ entity(id: "${PROJECT}", asOf: "2024-06-15") { id } }`);
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('a claim a curator retracts', () => {
  it('takes its date off the entity, then off the relation', async () => {
    const curation = await curationFixture(api.db, 'as-of-retract');
    writeLaterNote(curation.dir, '2024-09-01');
    await loadKnowledgeBase(api.db, curation.dir);
    const token = curation.tokens.create('curator-asof', ['curate']).token;
    const retract = async (fact: string) => {
      const answer = await curation.gql(
        'mutation($id: ID!) { retractFact(id: $id, reason: "test") { fact } }',
        { id: `${NOTE}#${fact}` },
        token,
      );
      expect(answer.errors).toBeUndefined();
    };
    const resolution = ((await keptDates(api.db)) as Answer).project[0];
    expect(await keptDates(api.db)).toMatchObject({ project: [resolution, '2024-09-01'] });
    await retract(PROJECT);
    // Still named by the note's relations, which claim no value of it.
    expect(await keptDates(api.db)).toMatchObject({
      project: [resolution, resolution],
      relation: [resolution, '2024-09-01'],
    });
    await retract(`AWARDED_TO:${PROJECT}:thailand`);
    expect(await keptDates(api.db)).toMatchObject({
      relation: [resolution, resolution],
      dates: [resolution],
    });
    await expectDatesAsRecomputed(api.db);
  });
});
