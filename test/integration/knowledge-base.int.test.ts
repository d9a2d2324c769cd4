import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { readSource } from '../../src/facts/source-files.ts';
import { testDatabase } from '../helpers/database.ts';
import { loadKnowledgeBase, RESOLUTION as SOURCE } from '../helpers/knowledge-base.ts';

// The resolution's facts among whatever else data/ holds: every query names the source.
let db: Database;

beforeAll(async () => {
  db = testDatabase();
  await loadKnowledgeBase(db);
});
afterAll(() => db.close());

/** A relationship's qualifiers shown, with this source's citation of it (src/loader/reconcile.ts). */
function withCitation(props: Record<string, unknown>): Record<string, unknown> {
  const sources = props.sources as string[];
  const claim = JSON.parse((props.claims as string[])[sources.indexOf(SOURCE)] ?? '{}');
  return {
    ...props,
    source: sources.includes(SOURCE) ? SOURCE : undefined,
    section: claim.section,
    quote: claim.quote,
  };
}

/** One relation this source states, with its provenance, read back from the graph. */
async function relation(type: string, from: string, to: string) {
  const rows = await db.read(
    {
      name: 'test.relation',
      cypher: `
        MATCH (a:Entity {id: $from})-[r]->(b:Entity {id: $to}) WHERE type(r) = $type AND $source IN r.sources
        RETURN properties(r) AS props`,
    },
    { type, from, to, source: SOURCE },
  );
  expect(rows, `${type} ${from} -> ${to}`).toHaveLength(1);
  return withCitation(rows[0]?.props as Record<string, unknown>);
}

/** What this source claims about an entity, as its CITED_IN edge holds it. */
async function claimsOf(id: string) {
  const [row] = await db.read(
    {
      name: 'test.claims',
      cypher: 'MATCH (:Entity {id: $id})-[c:CITED_IN]->(:Source {id: $source}) RETURN c.claims AS claims',
    },
    { id, source: SOURCE },
  );
  return JSON.parse(String(row?.claims)).props as Record<string, unknown>;
}

async function entity(id: string) {
  const rows = await db.read(
    {
      name: 'test.entity',
      cypher: 'MATCH (n:Entity {id: $id}) RETURN properties(n) AS props, labels(n) AS labels',
    },
    { id },
  );
  expect(rows, id).toHaveLength(1);
  return { ...(rows[0]?.props as Record<string, unknown>), labels: rows[0]?.labels };
}

describe('the knowledge base, read back from Neo4j', () => {
  it('holds the ICT Fund with every figure, exact', async () => {
    expect(await entity('asean-ict-fund')).toMatchObject({
      foundedYear: 2006,
      contributions: '1000000.00',
      currency: 'USD',
    });
    expect(await entity('ict-fund-approval-2024')).toMatchObject({
      year: 2024,
      projectCount: 15,
      amount: '602444.70',
      amountCents: 60244470,
    });
    expect(await entity('ict-fund-thailand-allocation')).toMatchObject({
      projectCount: 24,
      amount: '889200.00',
      asOfYear: 2024,
    });
    expect(await entity('project-asean-digital-awards-2025')).toMatchObject({
      amount: '76300.00',
      year: 2024,
    });
    expect(await entity('project-child-online-protection')).toMatchObject({ amount: '18500.00', year: 2020 });
    expect(await entity('project-ict-startup-study')).toMatchObject({ amount: '44200.00', year: 2021 });
    const contribution = await relation('CONTRIBUTED_TO', 'asean', 'asean-ict-fund');
    expect(contribution).toMatchObject({ amount: '1000000.00', source: SOURCE, section: 'footnote 2' });
    expect(contribution.quote).toContain('1 ล้านดอลลาร์สหรัฐ');
    const awarded = await relation('AWARDED_TO', 'project-asean-digital-awards-2025', 'thailand');
    expect(awarded).toMatchObject({ amount: '76300.00', section: '3-ICT' });
    expect(awarded.quote).toContain('76,300 ดอลลาร์สหรัฐ');
  });

  it('holds every date as a date, converted from the Buddhist era', async () => {
    expect(await entity('adgmin-4')).toMatchObject({
      startDate: '2024-02-01',
      endDate: '2024-02-02',
      city: 'Singapore',
    });
    expect(await entity('adgmin-5')).toMatchObject({
      startDate: '2025-01-01',
      endDate: '2025-01-31',
      datePrecision: 'month',
      city: 'Bangkok',
    });
    expect(await entity('adgsom-5')).toMatchObject({ startDate: '2025-01-01', datePrecision: 'month' });
    // What this source claims (a meeting record may say it was held: docs/design/claims.md).
    expect(await claimsOf('wg-as-1')).toMatchObject({
      startDate: '2024-03-01',
      endDate: '2024-03-31',
      status: 'planned',
    });
    expect(await entity('cabinet-2024-01-30')).toMatchObject({ startDate: '2024-01-30' });
    expect(await entity('cabinet-2024-07-09')).toMatchObject({ startDate: '2024-07-09' });
    expect(await entity(SOURCE)).toMatchObject({ date: '2024-07-09', labels: ['Entity', 'Source'] });
    const [types] = await db.read({
      name: 'test.dateTypes',
      cypher:
        'MATCH (m:Meeting) WHERE m.startDate IS NOT NULL RETURN collect(DISTINCT valueType(m.startDate)) AS types',
    });
    expect(types?.types).toEqual(['DATE NOT NULL']);
    expect((await relation('APPROVED', 'cabinet-2024-01-30', 'doc-wg-as-framework')).date).toBe('2024-01-30');
  });

  it('knows who proposed the working group, its framework and where it first meets', async () => {
    const proposed = await relation('PROPOSED', 'thailand', 'wg-as');
    expect(proposed).toMatchObject({ section: '2.1.3', source: SOURCE });
    expect(proposed.quote).toContain('ข้อเสนอของไทย');
    expect((await relation('GOVERNED_BY', 'wg-as', 'doc-wg-as-framework')).section).toBe('footnote 1');
    expect((await relation('HOSTED_BY', 'wg-as-1', 'cambodia')).quote).toBe(
      '(ครั้งที่ 1) ในเดือนมีนาคม 2567 ณ กัมพูชา',
    );
  });

  it('holds the people and their roles, the chair and the host', async () => {
    expect(await relation('CHAIRED', 'josephine-teo', 'adgmin-4')).toMatchObject({
      role: 'Chair',
      section: '1',
    });
    expect(await relation('HOLDS_ROLE', 'srettha-thavisin', 'thai-cabinet')).toMatchObject({
      role: 'Prime Minister',
    });
    expect((await relation('HOSTED_BY', 'adgmin-4', 'singapore')).section).toBe('1');
  });

  it('holds all 12 outcome documents of footnote 1 and every amended paragraph', async () => {
    const rows = await db.read(
      {
        name: 'test.outcomes',
        cypher: `
        MATCH (:Meeting {id: 'adgmin-4'})-[r:PRODUCED]->(d) WHERE $source IN r.sources
        RETURN r.ordinal AS n ORDER BY n`,
      },
      { source: SOURCE },
    );
    expect(rows.map((row) => row.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const amendments = await db.read(
      {
        name: 'test.amendments',
        cypher: `
        MATCH (a:Amendment)-[r:AMENDS]->(doc) WHERE $source IN r.sources
        RETURN doc.id AS doc, r.paragraph AS paragraph ORDER BY doc, paragraph`,
      },
      { source: SOURCE },
    );
    expect(amendments.map((row) => `${row.doc}:${row.paragraph}`)).toEqual([
      'joint-media-statement:11',
      'joint-media-statement:14',
      'joint-media-statement:15',
      'joint-media-statement:18',
      'joint-media-statement:20',
      'joint-media-statement:22',
      'singapore-declaration:3',
      'singapore-declaration:6',
    ]);
  });

  it('holds the 2024 work plans with each dialogue partner and the ASEAN–ITU cooperation', async () => {
    const rows = await db.read(
      {
        name: 'test.workPlans',
        cypher: `
        MATCH (w:WorkPlan {year: 2024})<-[r:PARTY_TO]-(c:Country) WHERE $source IN r.sources
        RETURN c.id AS partner ORDER BY partner`,
      },
      { source: SOURCE },
    );
    expect(rows.map((row) => row.partner)).toEqual(['china', 'india', 'japan', 'south-korea']);
    expect(await entity('doc-asean-itu-cooperation')).toMatchObject({ startYear: 2024, endYear: 2026 });
  });

  it('holds every relation the facts file states (255 as curated), each with a quote, section and source', async () => {
    const [row] = await db.read(
      {
        name: 'test.provenance',
        cypher: `
        MATCH ()-[r]->() WHERE type(r) <> 'CITED_IN' AND $source IN r.sources
        RETURN collect(properties(r)) AS relations`,
      },
      { source: SOURCE },
    );
    const relations = ((row?.relations ?? []) as Array<Record<string, unknown>>).map(withCitation);
    const stated = readSource(SOURCE).facts.relations.map((fact) => fact.id);
    expect(stated.length).toBeGreaterThan(200);
    expect(relations.map((r) => r.id).sort()).toEqual(stated.sort());
    expect(relations.filter((r) => r.quote && r.section)).toHaveLength(stated.length);
  });
});
