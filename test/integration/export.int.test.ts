import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { parse } from 'csv-parse/sync';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import yauzl from 'yauzl';
import { createDriver, Database } from '../../src/db/database.ts';
import { type LocalNeo4j, startLocalNeo4j } from '../../src/db/local-neo4j.ts';
import { loadCypherScript } from '../../src/export/cypher.ts';
import { openFiles } from '../../src/export/formats.ts';
import { jsonl } from '../../src/export/jsonl.ts';
import { checkAllSources } from '../../src/facts/check-sources.ts';
import { drain, listen } from '../../src/server.ts';
import { type ExportOptions, openGraphRecords } from '../../src/stores/graph-records.ts';
import { createApp, productionOptions } from '../../src/yoga.ts';
import { testDatabase } from '../helpers/database.ts';
import { freePort } from '../helpers/free-port.ts';
import { loadResolution, resolutionDir, RESOLUTION as source } from '../helpers/knowledge-base.ts';
import { collect, type RunningScript, runScript, startScript } from '../helpers/scripts.ts';

// The exports of the resolution alone: they are checked against its facts, value by value.
const db = testDatabase();
const facts = checkAllSources(resolutionDir()).find((item) => item.meta.id === source);

// biome-ignore lint/suspicious/noExplicitAny: export lines are read by path, as a notebook would
type Line = any;
async function lines(options: ExportOptions = {}): Promise<Line[]> {
  const out: Line[] = [];
  for await (const line of jsonl(await openGraphRecords(db, options))) {
    expect(line.endsWith('\n')).toBe(true);
    out.push(JSON.parse(line));
  }
  return out;
}

let server: Server;
let base: string;
beforeAll(async () => {
  await loadResolution(db);
  server = await listen(createApp(db, productionOptions), {
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

/** Each file of an export in a format, read whole. */
async function exportFiles(format: string, options: ExportOptions = {}): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const file of await openFiles(db, format, options))
    out[file.name] = (await buffer(file.open())).toString('utf8'); // keeps a byte-order mark
  return out;
}

/** The entities and relations of the jsonl export, as the other formats must hold them. */
async function recordIds(options: ExportOptions = {}) {
  const records = (await lines(options)).slice(1);
  const of = (kind: string) => records.filter((line) => line.kind === kind);
  return {
    entities: of('entity').map((line) => line.id as string),
    relations: of('relation').map((line) => line.id as string),
    claims: records.reduce((sum, line) => sum + line.claims.length, 0),
    records,
  };
}

const table = (csv: string): Array<Record<string, string>> =>
  parse(csv, { columns: true, bom: true, record_delimiter: '\r\n', relax_column_count: false });

describe('the csv export', () => {
  it('is three tables that read back with a CSV parser, with the counts of the graph and Thai intact', async () => {
    const files = await exportFiles('csv');
    expect(Object.keys(files)).toEqual(['export.json', 'nodes.csv', 'edges.csv', 'claims.csv']);
    const ids = await recordIds();
    expect(JSON.parse(files['export.json'] ?? '')).toMatchObject({
      kind: 'export',
      version: expect.any(String),
    });
    for (const name of ['nodes.csv', 'edges.csv', 'claims.csv']) {
      const csv = files[name] ?? '';
      expect(csv.startsWith('\uFEFF')).toBe(true); // a spreadsheet opened by double-click reads UTF-8
      expect(csv.endsWith('\r\n')).toBe(true);
    }
    const nodes = table(files['nodes.csv'] ?? '');
    const edges = table(files['edges.csv'] ?? '');
    const claims = table(files['claims.csv'] ?? '');
    expect(nodes.map((row) => row.id)).toEqual(ids.entities);
    expect(edges.map((row) => row.id)).toEqual(ids.relations);
    expect(claims).toHaveLength(ids.claims);

    expect(nodes.find((row) => row.id === 'thailand')).toMatchObject({
      type: 'Country',
      name: 'Thailand',
      nameTh: 'ประเทศไทย',
      aliases: 'ไทย; Kingdom of Thailand; TH',
      sources: expect.stringContaining(source),
    });
    expect(nodes.find((row) => row.id === 'ict-fund-approval-2024')).toMatchObject({ amount: '602444.70' });
    expect(edges.find((row) => row.id === 'HOSTED_BY:adgsom-5:thailand')).toMatchObject({
      type: 'HOSTED_BY',
      from: 'adgsom-5',
      to: 'thailand',
    });
    // A quote with commas comes back exactly, and the values as the facts file writes them.
    const approval = claims.find((row) => row.fact === 'ict-fund-approval-2024' && row.source === source);
    expect(approval).toMatchObject({
      kind: 'entity',
      section: '3-ICT',
      quote: 'ประจำปี 2567 จำนวน 15 โครงการ รวมเป็นเงินจำนวน 602,444.70 ดอลลาร์สหรัฐ',
    });
    expect(JSON.parse(approval?.values ?? '{}')).toMatchObject({ amount: '602444.70', currency: 'USD' });
  });

  it('npm run export -- --format csv --out DIR writes the files there, and wants --out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'export-csv-'));
    const run = (...args: string[]) => runScript('export.ts', ['--format', 'csv', ...args]);
    const written = run('--out', dir, '--source', source);
    expect(written.stderr).toBe('');
    expect(written.status).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['claims.csv', 'edges.csv', 'export.json', 'nodes.csv']);
    const nodes = table(readFileSync(join(dir, 'nodes.csv'), 'utf8'));
    expect(nodes.map((row) => row.id)).toEqual(
      expect.arrayContaining(facts?.entities.map((e) => e.id) ?? ['?']),
    );
    const bare = run('--source', source);
    expect(bare.status).toBe(2);
    expect(bare.stderr).toMatch(/--out names the directory/);
  });
});

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  text: string;
  children: XmlElement[];
}

/** The document as a tree, by a real XML parser: saxes throws on anything not well-formed. */
function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser();
  const root: XmlElement = { name: '', attributes: {}, text: '', children: [] };
  const open = [root];
  parser.on('opentag', (tag) => {
    const element = {
      name: tag.name,
      attributes: tag.attributes as Record<string, string>,
      text: '',
      children: [],
    };
    open.at(-1)?.children.push(element);
    open.push(element);
  });
  parser.on('text', (chunk) => {
    const element = open.at(-1);
    if (element) element.text += chunk;
  });
  parser.on('closetag', () => void open.pop());
  parser.write(xml).close();
  expect(root.children).toHaveLength(1);
  return root.children[0] as XmlElement;
}

const descendants = (element: XmlElement, name: string): XmlElement[] =>
  element.children.flatMap((child) => [...(child.name === name ? [child] : []), ...descendants(child, name)]);

const schemas = join(import.meta.dirname, '../schemas');
const schemaFile = (path: string) => ({
  fileName: path.split('/').at(-1) as string,
  contents: readFileSync(join(schemas, path), 'utf8'),
});

async function expectValid(fileName: string, xml: string, schema: string, preload: string[]) {
  const result = await validateXML({
    xml: [{ fileName, contents: xml }],
    schema: [schemaFile(schema)],
    preload: preload.map(schemaFile),
  });
  expect(result.errors.map((error) => error.message)).toEqual([]);
  expect(result.valid).toBe(true);
}

describe('the graphml and gexf exports', () => {
  it('graphml is valid GraphML, with a node per entity, an edge per relation, and their citations', async () => {
    const xml = Object.values(await exportFiles('graphml'))[0] ?? '';
    await expectValid('policy-graph.graphml', xml, 'graphml-1.0/graphml.xsd', [
      'graphml-1.0/graphml-structure.xsd',
      'graphml-1.0/xlink.xsd',
    ]);
    const ids = await recordIds();
    const root = parseXml(xml);
    const nodes = descendants(root, 'node');
    const edges = descendants(root, 'edge');
    expect(nodes.map((node) => node.attributes.id)).toEqual(ids.entities);
    const nodeIds = new Set(ids.entities);
    for (const edge of edges) {
      expect(nodeIds.has(edge.attributes.source ?? '')).toBe(true);
      expect(nodeIds.has(edge.attributes.target ?? '')).toBe(true);
    }
    // Each value's key is declared, for the kind of element that holds it.
    const keys = new Map(descendants(root, 'key').map((key) => [key.attributes.id, key.attributes]));
    const data = (element: XmlElement) => {
      const values: Record<string, string> = {};
      for (const datum of element.children.filter((child) => child.name === 'data')) {
        const key = keys.get(datum.attributes.key);
        expect(key?.for).toBe(element.name);
        values[key?.['attr.name'] ?? '?'] = datum.text;
      }
      return values;
    };
    expect(edges.map((edge) => data(edge).relation)).toEqual(ids.relations);
    const graph = descendants(root, 'graph')[0] as XmlElement;
    expect(data(graph)).toMatchObject({ version: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const thailand = nodes.find((node) => node.attributes.id === 'thailand') as XmlElement;
    expect(data(thailand)).toMatchObject({
      label: 'Thailand',
      type: 'Country',
      name: 'Thailand',
      nameTh: 'ประเทศไทย',
      source: expect.stringContaining(source),
    });
    const approval = nodes.find((node) => node.attributes.id === 'ict-fund-approval-2024') as XmlElement;
    expect(data(approval)).toMatchObject({
      amount: '602444.70', // exact, a string; its double beside it for tools that compute
      amountDouble: '602444.7',
      quote: 'ประจำปี 2567 จำนวน 15 โครงการ รวมเป็นเงินจำนวน 602,444.70 ดอลลาร์สหรัฐ',
      section: '3-ICT',
    });
    const hosted = edges.find((edge) => data(edge).relation === 'HOSTED_BY:adgsom-5:thailand') as XmlElement;
    expect(hosted.attributes).toMatchObject({ source: 'adgsom-5', target: 'thailand' });
    expect(data(hosted)).toMatchObject({ type: 'HOSTED_BY', source });
  });

  it('gexf is valid GEXF 1.3, with a node per entity, an edge per relation, and their citations', async () => {
    const xml = Object.values(await exportFiles('gexf'))[0] ?? '';
    await expectValid('policy-graph.gexf', xml, 'gexf-1.3/gexf.xsd', [
      'gexf-1.3/dynamics.xsd',
      'gexf-1.3/viz.xsd',
    ]);
    const ids = await recordIds();
    const root = parseXml(xml);
    const nodes = descendants(root, 'node');
    const edges = descendants(root, 'edge');
    expect(nodes.map((node) => node.attributes.id)).toEqual(ids.entities);
    expect(edges.map((edge) => edge.attributes.id)).toEqual(ids.relations);
    const declared = (owner: string) =>
      new Set(
        descendants(root, 'attributes')
          .filter((attributes) => attributes.attributes.class === owner)
          .flatMap((attributes) => attributes.children.map((attribute) => attribute.attributes.id)),
      );
    const values = (element: XmlElement, owner: string) => {
      const known = declared(owner);
      const out: Record<string, string> = {};
      for (const value of descendants(element, 'attvalue')) {
        expect(known.has(value.attributes.for)).toBe(true);
        out[value.attributes.for ?? '?'] = value.attributes.value ?? '';
      }
      return out;
    };
    const thailand = nodes.find((node) => node.attributes.id === 'thailand') as XmlElement;
    expect(thailand.attributes.label).toBe('Thailand');
    expect(values(thailand, 'node')).toMatchObject({ type: 'Country', nameTh: 'ประเทศไทย' });
    const approval = nodes.find((node) => node.attributes.id === 'ict-fund-approval-2024') as XmlElement;
    expect(values(approval, 'node')).toMatchObject({
      amount: '602444.70',
      amountDouble: '602444.7',
      section: '3-ICT',
      source,
    });
    const hosted = edges.find((edge) => edge.attributes.id === 'HOSTED_BY:adgsom-5:thailand') as XmlElement;
    expect(hosted.attributes).toMatchObject({ source: 'adgsom-5', target: 'thailand', label: 'HOSTED_BY' });
    expect(descendants(root, 'description')[0]?.text).toContain(source);
  });
});

/** The entries of a zip, by name, read with a real unzipper. */
function unzip(zip: Buffer): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (error, archive) => {
      if (error) return reject(error);
      const entries: Record<string, string> = {};
      archive.on('error', reject);
      archive.on('end', () => resolve(entries));
      archive.on('entry', (entry: yauzl.Entry) =>
        archive.openReadStream(entry, (failed, stream) => {
          if (failed) return reject(failed);
          buffer(stream).then((bytes) => {
            entries[entry.fileName] = bytes.toString('utf8');
            archive.readEntry();
          }, reject);
        }),
      );
      archive.readEntry();
    });
  });
}

describe('GET /export/<format> for every format', () => {
  it('serves csv as a zip of the header and the three tables', async () => {
    const response = await fetch(`${base}/export/csv?source=${source}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="policy-graph-csv.zip"');
    const entries = await unzip(Buffer.from(await response.arrayBuffer()));
    expect(Object.keys(entries)).toEqual(['export.json', 'nodes.csv', 'edges.csv', 'claims.csv']);
    const ids = await recordIds({ source });
    expect(JSON.parse(entries['export.json'] ?? '')).toMatchObject({
      filters: { source },
      sources: [{ id: source }],
    });
    expect(table(entries['nodes.csv'] ?? '').map((row) => row.id)).toEqual(ids.entities);
    expect(table(entries['edges.csv'] ?? '').map((row) => row.id)).toEqual(ids.relations);
    expect(table(entries['claims.csv'] ?? '')).toHaveLength(ids.claims);
  });

  it.each([
    ['graphml', 'application/graphml+xml; charset=utf-8', 'node'],
    ['gexf', 'application/gexf+xml; charset=utf-8', 'node'],
  ])('serves %s as one file', async (format, type, element) => {
    const response = await fetch(`${base}/export/${format}?source=${source}&types=Country`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="policy-graph.${format}"`);
    const ids = await recordIds({ source, types: ['Country'] });
    const nodes = descendants(parseXml(await response.text()), element);
    expect(nodes.map((node) => node.attributes.id)).toEqual(ids.entities);
  });
});

describe('the cypher export', () => {
  // An empty throwaway Neo4j, started and loaded with the script by `npm run cypher:load` in the
  // hook: on a loaded machine the start takes minutes, and the load over a minute (each statement
  // is planned cold). One Neo4j for the export and for the command: each costs a JVM start.
  const scratchDir = mkdtempSync(join(tmpdir(), 'policy-graph-copy-'));
  const file = join(scratchDir, 'graph.cypher');
  let scratch: LocalNeo4j;
  let copy: Database;
  let env: NodeJS.ProcessEnv;
  let script = '';
  let firstLoad: { exit: Awaited<RunningScript['exited']>; output: string };
  beforeAll(async () => {
    scratch = await startLocalNeo4j({
      dataDir: join(scratchDir, 'neo4j'),
      port: await freePort(),
      heap: '512m',
      pageCache: '128m',
    });
    copy = new Database(
      createDriver({ neo4jUser: scratch.user, neo4jPassword: scratch.password }, scratch.uri),
      'neo4j',
      60,
    );
    script = Object.values(await exportFiles('cypher'))[0] ?? '';
    writeFileSync(file, script);
    env = {
      ...process.env,
      NEO4J_URI: scratch.uri,
      NEO4J_USER: scratch.user,
      NEO4J_PASSWORD: scratch.password,
    };
    const first = startScript('cypher-load.ts', [file], env);
    firstLoad = { exit: await first.exited, output: first.output() };
  });
  afterAll(async () => {
    await copy?.close();
    await scratch?.stop();
    rmSync(scratchDir, { recursive: true, force: true });
  });

  const read = (database: Database, cypher: string) => database.read({ name: 'test.compare', cypher });

  it('recreates the graph in an empty throwaway Neo4j: the same counts and schema', async () => {
    expect(script).toMatch(/^\/\/ policy-graph: release .*, version [0-9a-f]{32}/);
    expect(firstLoad.exit, firstLoad.output).toEqual({ code: 0, signal: null });
    expect(firstLoad.output).toMatch(/^cypher:load: \d+ statements run from .*graph\.cypher$/m);
    expect(Number(/(\d+) statements run/.exec(firstLoad.output)?.[1])).toBeGreaterThan(0);
    const same = async (cypher: string) => {
      const original = await read(db, cypher);
      expect(original.length).toBeGreaterThan(0);
      expect(await read(copy, cypher)).toEqual(original);
    };
    await same('MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS nodes ORDER BY label');
    await same('MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS relationships ORDER BY type');
    await same('SHOW INDEXES YIELD name, type, labelsOrTypes, properties RETURN * ORDER BY name');
    await same('SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties RETURN * ORDER BY name');
    // No temporary key is left behind.
    expect(await read(copy, 'MATCH (n) WHERE n.__export IS NOT NULL OR n:__Export RETURN n LIMIT 1')).toEqual(
      [],
    );
  });

  it('holds every record of the graph in the copy, values and citations', async () => {
    const records = async (database: Database) =>
      (await collect(jsonl(await openGraphRecords(database)))).slice(1).map((line) => JSON.parse(line));
    const original = await records(db);
    expect(original.length).toBeGreaterThan(300);
    expect(await records(copy)).toEqual(original);
  });

  it("answers the analysts' questions the same from the copy: search (full-text index), paths, money", async () => {
    const ask = (database: Database) => {
      const app = createApp(database, productionOptions);
      return async (query: string) => {
        const response = await app.fetch('http://test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
        });
        return response.json();
      };
    };
    const [askOriginal, askCopy] = [ask(db), ask(copy)];
    const examples = join(import.meta.dirname, '../../schema/examples');
    for (const file of readdirSync(examples).filter((name) => name.endsWith('.graphql'))) {
      const query = readFileSync(join(examples, file), 'utf8');
      const answer = await askOriginal(query);
      expect(answer, file).toHaveProperty('data');
      expect(await askCopy(query), file).toEqual(answer);
    }
  });

  it('cypher:load loads it from its command line, and refuses a second time', async () => {
    // Thailand and its relations, as the source states them, are in the copy as in the graph.
    const thailand = {
      name: 'test.thailand',
      cypher: `MATCH (n:Entity {id: 'thailand'})-[r]-(m)
        RETURN n.name AS name, n.aliases AS aliases, type(r) AS type, m.id AS other, r.id AS id
        ORDER BY type, other, id`,
    };
    const original = await db.read(thailand);
    expect(original).toContainEqual(
      expect.objectContaining({ name: 'Thailand', type: 'PART_OF', other: 'mdes' }),
    );
    expect(await copy.read(thailand)).toEqual(original);

    const second = startScript('cypher-load.ts', [file], env);
    expect(await second.exited).toEqual({ code: 1, signal: null });
    expect(second.output()).toMatch(
      /cypher:load: The database holds \d+ nodes; a graph script loads into an empty one/,
    );
  });

  it('takes no filters, and will not load into a database that holds a graph', async () => {
    await expect(openFiles(db, 'cypher', { source })).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
    });
    await expect(loadCypherScript(db, ['RETURN 1;'])).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });
});
