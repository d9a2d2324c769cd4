import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJsonl } from '../../src/export/jsonl.ts';
import { checkAllSources } from '../../src/kb/load-all.ts';
import { drain, listen } from '../../src/server.ts';
import { createApp } from '../../src/yoga.ts';
import { testDatabase } from '../helpers/database.ts';
import { loadKnowledgeBase } from '../helpers/knowledge-base.ts';

const db = testDatabase();
const source = 'cabinet-resolution-2024-07-09-adgmin4';
const facts = checkAllSources().find((item) => item.meta.id === source);

// biome-ignore lint/suspicious/noExplicitAny: export lines are read by path, as a notebook would
type Line = any;
async function lines(options: Parameters<typeof exportJsonl>[1] = {}): Promise<Line[]> {
  const out: Line[] = [];
  for await (const line of exportJsonl(db, options)) {
    expect(line.endsWith('\n')).toBe(true);
    out.push(JSON.parse(line));
  }
  return out;
}

let server: Server;
let base: string;
beforeAll(async () => {
  await loadKnowledgeBase(db);
  server = await listen(createApp(db, { graphiql: false, introspection: false, debugRoundTrips: false }), {
    port: 0,
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await drain(server, 500);
  await db.close();
});

describe('the jsonl export', () => {
  it('holds exactly the entities and relations a source states, after a line naming what it was taken from', async () => {
    const [head, ...rest] = await lines({ source });
    expect(head).toMatchObject({ kind: 'export', sources: [{ id: source }] });
    expect(head.version).toMatch(/^[0-9a-f]{32}$/);
    expect(head.sources[0].hash).toEqual(expect.any(String));
    const ids = (kind: string) =>
      rest
        .filter((line) => line.kind === kind)
        .map((line) => line.id)
        .sort();
    expect(ids('entity')).toEqual(facts?.entities.map((entity) => entity.id).sort());
    expect(ids('relation')).toEqual(facts?.relations.map((relation) => relation.id).sort());
  });

  it('carries every claim with its citation, and values as the facts file writes them', async () => {
    const all = await lines({ source });
    const approval = all.find((line) => line.id === 'ict-fund-approval-2024');
    expect(approval).toMatchObject({
      type: 'FundApproval',
      properties: { amount: '602444.70', currency: 'USD', year: 2024 },
      claims: [
        {
          source,
          section: '3-ICT',
          quote: 'ประจำปี 2567 จำนวน 15 โครงการ รวมเป็นเงินจำนวน 602,444.70 ดอลลาร์สหรัฐ',
          properties: { amount: '602444.70' },
        },
      ],
    });
    const stated = facts?.relations.find((relation) => relation.id === 'HOSTED_BY:adgsom-5:thailand');
    const hosted = all.find((line) => line.id === 'HOSTED_BY:adgsom-5:thailand');
    expect(hosted).toMatchObject({ kind: 'relation', type: 'HOSTED_BY', from: 'adgsom-5', to: 'thailand' });
    expect(hosted.claims).toEqual([
      expect.objectContaining({ source, section: stated?.cite.section, quote: stated?.cite.quote }),
    ]);
  });

  it('keeps only the types asked for, and refuses a type the ontology lacks', async () => {
    const countries = (await lines({ types: ['Country'] })).slice(1);
    expect(countries.length).toBeGreaterThan(0);
    for (const line of countries) {
      if (line.kind === 'entity') expect(line.type).toBe('Country');
      else expect(countries.map((other) => other.id)).toEqual(expect.arrayContaining([line.from, line.to]));
    }
    await expect(lines({ types: ['Planet'] })).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
    });
    await expect(lines({ source: 'no-such-source' })).rejects.toMatchObject({
      extensions: { code: 'NOT_FOUND' },
    });
  });
});

describe('GET /export/<format>', () => {
  it('streams the same lines to anyone, as a download', async () => {
    const response = await fetch(`${base}/export/jsonl?source=${source}&types=Country,Meeting,HOSTED_BY`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="policy-graph.jsonl"');
    const [head, ...rest] = (await response.text())
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    const direct = (await lines({ source, types: ['Country', 'Meeting', 'HOSTED_BY'] })).slice(1);
    expect(head).toMatchObject({
      kind: 'export',
      filters: { source, types: ['Country', 'Meeting', 'HOSTED_BY'] },
    });
    expect(rest).toEqual(direct);
    // Entities of the types asked for, and the relations of the type asked for between them.
    expect(new Set(rest.map((line) => line.type))).toEqual(new Set(['Country', 'Meeting', 'HOSTED_BY']));
    expect(rest.find((line) => line.id === 'HOSTED_BY:adgsom-5:thailand')).toBeDefined();
  });

  it('answers a bad format, type or source with a coded error before any line', async () => {
    const status = async (path: string) => {
      const response = await fetch(`${base}${path}`);
      return [
        response.status,
        ((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions
          .code,
      ];
    };
    expect(await status('/export/xlsx')).toEqual([404, 'NOT_FOUND']);
    expect(await status('/export/jsonl?types=Planet')).toEqual([400, 'BAD_USER_INPUT']);
    expect(await status('/export/jsonl?source=no-such-source')).toEqual([404, 'NOT_FOUND']);
  });
});
