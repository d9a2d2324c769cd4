import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readConfig } from '../../src/config.ts';
import { newSourceFiles } from '../../src/facts/new-source.ts';
import { dataDir } from '../../src/facts/source-files.ts';
import { createApp, productionOptions } from '../../src/yoga.ts';
import { testDatabase } from '../helpers/database.ts';
import { freePort } from '../helpers/free-port.ts';
import { loadKnowledgeBase } from '../helpers/knowledge-base.ts';
import { rawRequest } from '../helpers/raw-http.ts';

// Issue 32, bytes: answers, the response cache and the listener bounded in bytes and time. The
// server runs as a child process, as `npm start` runs it, over a copy of data/ with two sources
// added: a 7 MB text and a short one with characters beyond U+FFFF.
const db = testDatabase();
const root = mkdtempSync(join(tmpdir(), 'hostile-bytes-'));
const dir = join(root, 'data');
const big = 'hostile-bytes-seven-mb';
const astral = 'hostile-bytes-astral';
const astralText = 'ก😀ข 𝓐 text 🇹🇭 end\n';
let bigText = '';
let server: ChildProcess;
let base = '';
let port = 0;

const GiB = 1024 ** 3;
const sleep = (ms: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

interface Answer {
  status: number;
  bytes: number;
  body: {
    data?: Record<string, unknown> | null;
    errors?: Array<{ message: string; extensions: { code: string } }>;
  };
}

async function post(query: string): Promise<Answer> {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const text = await response.text();
  return { status: response.status, bytes: Buffer.byteLength(text), body: JSON.parse(text) };
}

const get = (query: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/graphql?query=${encodeURIComponent(query)}`, {
    headers: { 'x-graphql-yoga-csrf': '1', ...headers },
  });

/** The child's resident set, from /proc. */
function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) * 1024;
}

/** Runs `work` while sampling the server's RSS (every 20 ms) and timing `/health` (every 50 ms). */
async function watched<T>(work: () => Promise<T>) {
  const pid = server.pid as number;
  const before = rssOf(pid);
  let peakRss = before;
  const healthMs: number[] = [];
  let done = false;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, rssOf(pid));
  }, 20);
  const prober = (async () => {
    while (!done) {
      const started = performance.now();
      const response = await fetch(`${base}/health`);
      await response.arrayBuffer();
      expect(response.status).toBe(200);
      healthMs.push(performance.now() - started);
      await sleep(50);
    }
  })();
  const started = performance.now();
  try {
    const result = await work();
    return {
      result,
      seconds: (performance.now() - started) / 1000,
      before,
      peakRss,
      after: rssOf(pid),
      health: percentiles(healthMs),
    };
  } finally {
    done = true;
    clearInterval(sampler);
    await prober;
  }
}

function percentiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (share: number) => sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
  return { count: sorted.length, median: at(0.5), p95: at(0.95), max: at(1) };
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 ** 2)} MB`;

/** One line of measurements for the report, and the bounds they must keep. */
function checkRun(label: string, run: Awaited<ReturnType<typeof watched>>): void {
  const { health } = run;
  console.log(
    `${label} in ${run.seconds.toFixed(1)} s: RSS ${mb(run.before)} → peak ${mb(run.peakRss)}, ${mb(run.after)} after; /health median ${Math.round(health.median)} ms, p95 ${Math.round(health.p95)} ms, max ${Math.round(health.max)} ms (${health.count} checks)`,
  );
  expect(run.peakRss).toBeLessThan(GiB);
  // Latency is printed, not asserted tightly: the 200 ms target holds at p95 on a machine to itself
  // (113-242 ms measured, docs/reports/hardening.md), while other test runs on the same two cores put single
  // probes behind their time slices (p95 up to 1.2 s seen). The bound catches a frozen event loop.
  expect(health.max).toBeLessThan(5_000);
}

beforeAll(async () => {
  cpSync(dataDir, dir, { recursive: true });
  // A real source's text, repeated to 7 MB: Thai, as a curator's long document would be.
  const [first] = readdirSync(join(dataDir, 'sources')).filter((name) => name.endsWith('.txt'));
  const page = readFileSync(join(dataDir, 'sources', first as string), 'utf8');
  bigText = page.repeat(Math.ceil(7_000_000 / Buffer.byteLength(page)));
  const date = '2024-07-10';
  for (const [id, text] of [
    [big, bigText],
    [astral, astralText],
  ] as const) {
    for (const [path, content] of newSourceFiles({ id, titleEn: `Fixture ${id}`, date, text }, dir)) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
    }
  }
  port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEO4J_URI: inject('neo4jUri'),
      NEO4J_PASSWORD: process.env.NEO4J_TEST_PASSWORD ?? inject('neo4jPassword'),
      PORT: String(port),
      KB_DATA_DIR: dir,
      TOKENS_FILE: join(root, 'tokens.json'),
      RESPONSE_CACHE: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  server.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  await new Promise<void>((resolveReady, reject) => {
    server.stdout?.on('data', (chunk: Buffer) => {
      output += chunk;
      if (output.includes('Ready.')) resolveReady();
    });
    server.once('exit', (code) => reject(new Error(`The server exited (${code}):\n${output}`)));
  });
});

afterAll(async () => {
  if (server?.exitCode === null) {
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
  await loadKnowledgeBase(db);
  await db.close();
});

describe('a byte budget per answer', () => {
  // Aliases of a 7 MB text: fifteen of them, 8 at once, were 109 MB answers and 3.8 GB of RSS.
  const aliases = (count: number) =>
    `{ ${Array.from({ length: count }, (_, i) => `a${i}: entity(id: "${big}") { ...T }`).join(' ')} } fragment T on Source { text }`;

  it('refuses fifteen aliases of a whole text by their cost, before reading any', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(aliases(15))));
    for (const answer of answers) {
      expect(answer.body.errors?.map((error) => error.extensions.code)).toEqual(['QUERY_TOO_COMPLEX']);
      expect(answer.body.errors?.[0]?.message).toMatch(/estimated cost 24\d{4}, at most 50000/);
    }
  });

  it('answers RESPONSE_TOO_LARGE to three aliases of a 7 MB text, 8 at once, with RSS under 1 GB and /health fast', async () => {
    const run = await watched(async () => {
      const answers: Answer[] = [];
      for (let round = 0; round < 3; round += 1) {
        answers.push(...(await Promise.all(Array.from({ length: 8 }, () => post(aliases(3))))));
      }
      return answers;
    });
    for (const answer of run.result) {
      expect(answer.status).toBe(200);
      expect(answer.body.data ?? null).toBeNull();
      expect(answer.body.errors?.map((error) => error.extensions.code)).toEqual(['RESPONSE_TOO_LARGE']);
      expect(answer.bytes).toBeLessThan(1_000);
    }
    checkRun('byte attack: 24 answers', run);
  });

  it('still answers one whole 7 MB text, and any slice of it', async () => {
    const whole = await post(`{ entity(id: "${big}") { ... on Source { text } } }`);
    expect(whole.body.errors).toBeUndefined();
    const text = (whole.body.data?.entity as { text?: string } | undefined)?.text ?? '';
    expect(text.length).toBe(bigText.length);
    expect(text === bigText).toBe(true);
    const from = 1_234_567;
    const slice = await post(
      `{ entity(id: "${big}") { ... on Source { a: text(from: ${from}, length: 65536) b: text(from: ${bigText.length - 5}, length: 100) c: text(from: ${bigText.length + 10}) d: text(length: 12) } } }`,
    );
    expect(slice.body.errors).toBeUndefined();
    expect(slice.body.data?.entity).toEqual({
      a: bigText.slice(from, from + 65_536),
      b: bigText.slice(-5),
      c: '',
      d: bigText.slice(0, 12),
    });
  });

  it('cuts slices at UTF-16 offsets, as citations count them, in a text with characters beyond U+FFFF', async () => {
    const fields = [
      [0, 3],
      [1, 2],
      [3, 4],
      [7, 6],
      [astralText.length - 4, 10],
    ];
    const answer = await post(
      `{ entity(id: "${astral}") { ... on Source { whole: text ${fields.map(([from, length], i) => `s${i}: text(from: ${from}, length: ${length})`).join(' ')} } } }`,
    );
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.entity).toEqual({
      whole: astralText,
      ...Object.fromEntries(
        fields.map(([from = 0, length = 0], i) => [`s${i}`, astralText.slice(from, from + length)]),
      ),
    });
    expect(answer.body.data?.entity).toMatchObject({ s1: '😀' });
  });

  it('refuses a negative offset or length, and costs a slice by its length', async () => {
    for (const args of ['from: -1', 'length: -5']) {
      const answer = await post(`{ entity(id: "${astral}") { ... on Source { text(${args}) } } }`);
      expect(answer.body.errors?.[0]?.extensions.code, args).toBe('BAD_USER_INPUT');
    }
    // 60 million code units cost 58,594 (1 per 1,024), over the limit of 50,000.
    const huge = await post(`{ entity(id: "${big}") { ... on Source { text(length: 60000000) } } }`);
    expect(huge.body.errors?.[0]?.extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('counts what an answer repeats, and what analytics answer, not only what is read', async () => {
    const appWith = (maxResponseBytes: number) =>
      createApp(db, {
        ...productionOptions,
        limits: { ...readConfig({}).limits, maxResponseBytes },
      });
    const ask = async (app: ReturnType<typeof createApp>, query: string) => {
      const response = await app.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      return (await response.json()) as Answer['body'];
    };
    const one = '{ entity(id: "thailand") { properties } }';
    const size = JSON.stringify(await ask(appWith(16 * 1024 ** 2), one)).length;
    // Room for the entity read once and answered once, not fifteen times.
    const app = appWith(4 * size);
    expect(await ask(app, one)).toMatchObject({ data: { entity: { properties: { id: 'thailand' } } } });
    const repeated = `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: entity(id: "thailand") { properties }`).join(' ')} }`;
    const analytics = `{ centrality(measure: DEGREE, top: 100) { rank entity { properties } } }`;
    for (const query of [repeated, analytics]) {
      expect(await ask(app, query)).toEqual({
        data: null,
        errors: [
          {
            message: expect.stringContaining(`larger than ${4 * size} bytes`),
            extensions: { code: 'RESPONSE_TOO_LARGE' },
          },
        ],
      });
    }
  });
});

describe('the listener', () => {
  it('answers 408 to a stalled header within headersTimeout (10 s) and a little', async () => {
    const started = performance.now();
    const answer = await rawRequest(port, 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n', 20_000);
    const seconds = (performance.now() - started) / 1000;
    console.log(`stalled header: ${answer.status} after ${seconds.toFixed(1)} s`);
    expect(answer.status).toBe(408);
    expect(seconds).toBeGreaterThan(9.5);
    expect(seconds).toBeLessThan(12);
  }, 30_000);

  it('sends answers with an ETag with Cache-Control and Vary: Authorization, the 304 too', async () => {
    const query = '{ entity(id: "thailand") { id name } }';
    const first = await get(query);
    await first.text();
    const etag = first.headers.get('etag') ?? '';
    expect(etag).not.toBe('');
    const again = await get(query, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    for (const response of [first, again]) {
      expect(response.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
      expect(response.headers.get('vary')).toMatch(/\bAuthorization\b/);
    }
  });
});

describe('a response cache bounded in bytes', () => {
  // Four pages of 100 entities with their properties: about 140 KB of JSON, each query distinct.
  const page = (
    i: number,
  ) => `{ p${i}: entities(first: 100) { nodes { id name nameTh description properties } }
    b: entities(first: 100, orderBy: { field: ID }) { nodes { id name nameTh description properties } }
    c: entities(first: 100, orderBy: { field: ID, order: DESC }) { nodes { id name nameTh description properties } }
    d: entities(first: 100, types: ["Meeting", "Organization"]) { nodes { id name nameTh description properties } } }`;

  it('stays under 1 GB of RSS through 1,300 distinct ~140 KB answers, and evicts the oldest', async () => {
    const count = 1_300;
    const etags: string[] = [];
    let bytes = 0;
    const run = await watched(async () => {
      let next = 0;
      const worker = async () => {
        while (next < count) {
          const i = next++;
          const response = await get(page(i));
          const text = await response.text();
          expect(response.status).toBe(200);
          bytes += text.length;
          etags[i] = response.headers.get('etag') ?? '';
        }
      };
      await Promise.all(Array.from({ length: 4 }, worker));
    });
    const average = bytes / count;
    expect(average).toBeGreaterThan(100_000);
    checkRun(`cache fill: ${count} answers of ${Math.round(average / 1000)} KB`, run);
    // 64 MiB at two bytes a character holds about 230 of these: the first are gone, the last kept.
    expect((await get(page(0), { 'if-none-match': etags[0] ?? '' })).status).toBe(200);
    expect((await get(page(count - 1), { 'if-none-match': etags[count - 1] ?? '' })).status).toBe(304);
  }, 600_000);
});
