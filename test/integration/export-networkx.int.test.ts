import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drain, listen } from '../../src/server.ts';
import { createApp } from '../../src/yoga.ts';
import { testDatabase } from '../helpers/database.ts';
import { loadResolution, RESOLUTION as source } from '../helpers/knowledge-base.ts';

// The GraphML and GEXF exports as an analyst loads them: downloaded from /export, read by networkx,
// and counted against what the API counts for the same filter. networkx comes from the project's
// virtualenv (.ci/run makes it from tools/python-requirements.txt), or the python NETWORKX_PYTHON names.
const root = join(import.meta.dirname, '../..');
const python = process.env.NETWORKX_PYTHON ?? join(root, '.venv-tools/bin/python');
const reader = join(root, 'test/helpers/networkx-read.py');
const install = 'python3 -m venv .venv-tools && .venv-tools/bin/pip install -r tools/python-requirements.txt';
const available = existsSync(python);
if (!available && (process.env.CI || process.env.NETWORKX_PYTHON))
  throw new Error(`${python} is missing: .ci/run installs networkx (${install})`);
const skipped = available ? '' : ` (skipped: no ${python}; ${install})`;
if (!available) console.warn(`networkx export test${skipped}`);

interface Read {
  networkx: string;
  nodes: number;
  edges: number;
  directed: boolean;
  /** The class networkx chose, e.g. MultiDiGraph when two edges join the same pair. */
  graph: string;
  /** Per node asked for: each attribute as [its Python type, its value]. */
  nodeData: Record<string, Record<string, [string, unknown]>>;
}

const db = testDatabase();
const scratch = mkdtempSync(join(tmpdir(), 'export-networkx-'));
let server: Server;
let base: string;
beforeAll(async () => {
  await loadResolution(db);
  server = await listen(createApp(db, { graphiql: false, introspection: false, debugRoundTrips: false }), {
    port: 0,
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await drain(server, 500);
  await db.close();
  rmSync(scratch, { recursive: true, force: true });
});

async function gql(query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data ?? {};
}

/** The export downloaded from /export, then read by networkx; `ids` are nodes whose data to give. */
async function readWithNetworkx(format: string, query: string, ids: string[] = []): Promise<Read> {
  const response = await fetch(`${base}/export/${format}?${query}`);
  expect(response.status).toBe(200);
  const file = join(scratch, `${format}-${query.replace(/\W/g, '_')}.${format}`);
  writeFileSync(file, Buffer.from(await response.arrayBuffer()));
  const run = spawnSync(python, [reader, format, file, ...ids], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as Read;
}

const sourceCounts = `query ($id: ID!) {
  entity(id: $id) {
    ... on Source { entities(first: 1) { totalCount } }
    relations(first: 1) { totalCount }
  }
}`;

describe.skipIf(!available)(`networkx reads the graph exports${skipped}`, () => {
  it.each(['graphml', 'gexf'])(
    '%s of a source: as many nodes and edges as the API counts for it, amounts exact and as doubles',
    async (format) => {
      const { entity } = await gql(sourceCounts, { id: source });
      const { entities, relations } = entity as {
        entities: { totalCount: number };
        relations: { totalCount: number };
      };
      expect(relations.totalCount).toBeGreaterThan(0);
      const read = await readWithNetworkx(format, `source=${source}`, ['ict-fund-approval-2024', 'thailand']);
      expect(read).toMatchObject({ nodes: entities.totalCount, edges: relations.totalCount, directed: true });
      // The exact amount as the facts file writes it, a double beside it for tools that compute.
      expect(read.nodeData['ict-fund-approval-2024']).toMatchObject({
        amount: ['str', '602444.70'],
        amountDouble: ['float', 602444.7],
        year: ['int', 2024],
        type: ['str', 'FundApproval'],
      });
      expect(read.nodeData.thailand).toMatchObject({
        label: ['str', 'Thailand'],
        nameTh: ['str', 'ประเทศไทย'],
      });
    },
  );

  it.each(['graphml', 'gexf'])('%s of one type: as many nodes as the API lists of it', async (format) => {
    const { entities } = await gql('{ entities(types: ["Country"], first: 1) { totalCount } }');
    const { totalCount } = entities as { totalCount: number };
    expect(totalCount).toBeGreaterThan(1);
    const read = await readWithNetworkx(format, 'types=Country');
    expect(read.nodes).toBe(totalCount);
  });
});
