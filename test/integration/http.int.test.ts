import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenStore } from '../../src/auth/tokens.ts';
import { readConfig } from '../../src/config.ts';
import type { Database } from '../../src/db/database.ts';
import { drain, listen } from '../../src/server.ts';
import { type AppConfig, createApp, productionOptions, testOptions } from '../../src/yoga.ts';
import { testDatabase } from '../helpers/database.ts';
import { loadKnowledgeBase } from '../helpers/knowledge-base.ts';
import { get, rawRequest } from '../helpers/raw-http.ts';

let db: Database;
const servers: Server[] = [];
const logged: string[] = [];

async function serve(config: Partial<AppConfig> = {}): Promise<number> {
  const app = createApp(db, { ...testOptions, graphiql: true, ...config });
  const server = await listen(app, { port: 0, log: (line) => logged.push(line) });
  servers.push(server);
  return (server.address() as AddressInfo).port;
}

const post = (path: string, body: string, headers: string[] = []) =>
  `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${headers.map((h) => `${h}\r\n`).join('')}Connection: close\r\n\r\n${body}`;
const graphql = (port: number, query: string, headers: string[] = []) =>
  rawRequest(port, post('/graphql', JSON.stringify({ query }), headers), 20_000);

let port: number;

beforeAll(async () => {
  db = testDatabase();
  await loadKnowledgeBase(db);
  port = await serve();
});

afterAll(async () => {
  for (const server of servers) await drain(server, 500);
  await db?.close();
});

describe('malformed URLs', () => {
  it('answer 400 and the server keeps serving', async () => {
    for (const path of ['/%', '/health%', '/%E0%A4%A', '/graphql%zz', '/assets/%']) {
      expect((await rawRequest(port, get(path))).status, path).toBe(400);
    }
    expect((await rawRequest(port, get('/health'))).status).toBe(200);
  });
});

describe('static files', () => {
  it('never leave the explorer folder', async () => {
    for (const path of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/assets/../../package.json',
      '/..%2f..%2fpackage.json',
    ]) {
      const response = await rawRequest(port, get(path));
      expect(response.status, path).toBe(404);
      expect(response.body).not.toContain('"name": "policy-graph"');
    }
  });

  it('come with nosniff, a content security policy of our own assets, and no framing', async () => {
    const page = await rawRequest(port, get('/'));
    expect(page.status).toBe(200);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const api = await graphql(port, '{ __typename }');
    expect(api.headers['x-content-type-options']).toBe('nosniff');
  });

  it('include a favicon', async () => {
    const icon = await rawRequest(port, get('/favicon.ico'));
    expect(icon.status).toBe(200);
    expect(icon.headers['content-type']).toBe('image/x-icon');
  });

  it('refuse methods other than GET and HEAD', async () => {
    const response = await rawRequest(port, post('/index.html', '{}'));
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD');
  });
});

describe('request bodies', () => {
  it('over the limit answer 413, whether declared or chunked', async () => {
    const big = JSON.stringify({ query: `{ search(query: "${'x'.repeat(70_000)}") { score } }` });
    const declared = await rawRequest(port, post('/graphql', big));
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body).errors[0].extensions.code).toBe('BAD_USER_INPUT');

    const status = await new Promise<number>((resolveStatus) => {
      const upload = httpRequest(
        {
          port,
          host: '127.0.0.1',
          path: '/graphql',
          method: 'POST',
          headers: { 'content-type': 'application/json' },
        },
        (response) => {
          resolveStatus(response.statusCode ?? 0);
          response.resume();
        },
      );
      upload.on('error', () => {});
      // 24 MB in 64 KiB chunks, no Content-Length: the server must stop it early.
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let sent = 0;
      const pump = () => {
        while (sent < 384 && upload.write(chunk)) sent += 1;
        if (sent < 384) upload.once('drain', pump);
        else upload.end();
      };
      pump();
    });
    expect(status).toBe(413);
    expect((await rawRequest(port, get('/health'))).status).toBe(200);
  });

  it('may be larger with a token that may curate, and only then', async () => {
    const tokens = new TokenStore(join(mkdtempSync(join(tmpdir(), 'tokens-')), 'tokens.json'));
    const curate = `Authorization: Bearer ${tokens.create('curator', ['curate']).token}`;
    const limits = { ...readConfig({}).limits, maxBodyBytes: 64 * 1024, maxCurationBodyBytes: 256 * 1024 };
    const curationPort = await serve({ tokensFile: tokens.file, limits });
    const body = (bytes: number) =>
      JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(bytes) } });
    const status = async (bytes: number, headers: string[] = []) =>
      (await rawRequest(curationPort, post('/graphql', body(bytes), headers), 20_000)).status;
    expect(await status(100_000, [curate])).toBe(200);
    expect(await status(300_000, [curate])).toBe(413);
    expect(await status(100_000)).toBe(413);
    expect(await status(100_000, ['Authorization: Bearer pgt_not-a-token'])).toBe(413);
  });

  it('in an encoding we do not read answer 415', async () => {
    const response = await rawRequest(
      port,
      post('/graphql', '{"query":"{ __typename }"}', ['Content-Encoding: gzip']),
    );
    expect(response.status).toBe(415);
  });
});

describe('GraphiQL', () => {
  it('loads nothing from another host', async () => {
    const page = await rawRequest(port, get('/graphql', ['Accept: text/html']), 10_000);
    expect(page.status).toBe(200);
    expect(page.body).toContain('YogaGraphiQL.renderYogaGraphiQL');
    expect(page.body).not.toMatch(/<(script|link)[^>]+(src|href)=["']?https?:/i);
  });
});

describe('production mode', () => {
  let production: number;
  beforeAll(async () => {
    const { graphiql, introspection, corsOrigins } = readConfig({ NODE_ENV: 'production' });
    production = await serve({ graphiql, introspection, corsOrigins });
  });

  it('serves no GraphiQL, no introspection and no field suggestions', async () => {
    const page = await rawRequest(production, get('/graphql', ['Accept: text/html']));
    expect(page.body).not.toContain('YogaGraphiQL');
    const schema = JSON.parse((await graphql(production, '{ __schema { types { name } } }')).body);
    expect(schema.errors[0].message).toMatch(/introspection/i);
    const typo = JSON.parse((await graphql(production, '{ entiti(id: "thailand") { id } }')).body);
    expect(typo.errors[0].message).not.toContain('Did you mean');
  });

  it('sends no CORS headers to a foreign origin', async () => {
    const preflight = await rawRequest(
      production,
      'OPTIONS /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://evil.example\r\nAccess-Control-Request-Method: POST\r\nConnection: close\r\n\r\n',
    );
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const answer = await graphql(production, '{ __typename }', ['Origin: https://evil.example']);
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows the origins it is given, without credentials', async () => {
    const listed = await serve({ ...productionOptions, corsOrigins: ['https://analyst.example'] });
    const answer = await graphql(listed, '{ __typename }', ['Origin: https://analyst.example']);
    expect(answer.headers['access-control-allow-origin']).toBe('https://analyst.example');
    expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
  });
});

describe('budgets', () => {
  const inner =
    'relations(first: 100) { nodes { type node { id relations(first: 100) { nodes { type node { id name } } } } } }';
  const expensive = `{ ${Array.from(
    { length: 15 },
    (_, i) =>
      `a${i}: paths(from: "thailand", to: "itu", maxHops: 6, limit: 100) { length nodes { id ${inner} } }`,
  ).join(' ')} }`;

  it('refuse the most expensive query by its estimated cost, before any work', async () => {
    const started = performance.now();
    const response = JSON.parse((await graphql(port, expensive)).body);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(response.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(response.errors[0].message).toMatch(/estimated cost \d+, at most 50000/);
  });

  it('stop an operation that reads more rows than allowed', async () => {
    const small = await serve({ limits: { ...readConfig({}).limits, maxRows: 3 } });
    const response = JSON.parse(
      (
        await graphql(
          small,
          '{ a: entity(id: "thailand") { id } b: entity(id: "itu") { id } c: countries { nodes { id } } d: meetings { nodes { id } } }',
        )
      ).body,
    );
    expect(response.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toContain(
      'QUERY_TOO_LARGE',
    );
  });

  it('answer SERVER_BUSY with Retry-After when the analytics queue is full, and cheap queries still pass', async () => {
    const busy = await serve({
      limits: { ...readConfig({}).limits, analyticsConcurrency: 1, analyticsQueue: 0 },
    });
    const path = '{ paths(from: "thailand", to: "itu", maxHops: 4, limit: 50) { length } }';
    const answers = await Promise.all(Array.from({ length: 6 }, () => graphql(busy, path)));
    const refused = answers.filter((answer) => answer.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]?.headers['retry-after']).toBe('5');
    expect(JSON.parse(refused[0]?.body ?? '{}').errors[0].extensions.code).toBe('SERVER_BUSY');
    expect(answers.some((answer) => answer.status === 200 && !JSON.parse(answer.body).errors)).toBe(true);
    expect(
      JSON.parse((await graphql(busy, '{ entity(id: "thailand") { name } }')).body).data.entity.name,
    ).toBe('Thailand');
  });
});

describe('error messages', () => {
  it('do not echo a huge id back', async () => {
    const id = 'x'.repeat(60_000);
    const response = JSON.parse((await graphql(port, `{ neighborhood(id: "${id}") { nodes { id } } }`)).body);
    expect(response.errors[0].extensions.code).toBe('NOT_FOUND');
    expect(response.errors[0].message.length).toBeLessThan(200);
  });

  it('name the argument that is out of range', async () => {
    const limit = JSON.parse(
      (await graphql(port, '{ paths(from: "thailand", to: "itu", limit: 500) { length } }')).body,
    );
    expect(limit.errors[0].message).toBe('limit must be between 0 and 100, got 500');
    const top = JSON.parse((await graphql(port, '{ centrality(measure: DEGREE, top: 500) { rank } }')).body);
    expect(top.errors[0].message).toBe('top must be between 0 and 100, got 500');
  });
});

describe('a fuzzer against the real server', () => {
  it('gets an answer or a closed socket for thousands of random requests, and the server stays up', async () => {
    let seed = 20261202;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    // Printable ASCII, percent signs, dots, slashes, backslashes, quotes and Thai, raw.
    const alphabet = [...'abc%./\\"?#~*:;=+&', '%E0', '%A4', '%zz', 'ก', 'ไทย', '..'];
    const junk = (length: number) => Array.from({ length }, () => pick(alphabet)).join('');
    const paths = [
      '/',
      '/graphql',
      '/health',
      '/ready',
      '/assets/',
      '/%',
      '/..',
      '/%2e%2e/',
      '/favicon.ico',
      '//',
      '/graphql?query=',
      '/index.html',
    ];
    const methods = ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'BREW'];
    const bodies = [
      '',
      '{',
      '{"query":"{ __typename }"}',
      '{"query":"{ search(query: \\"*\\\\\\\\ OR \\\\\\"\\") { score } }"}',
      '{"query":"{ entity(id: 1) { id } }"}',
      '{"query":"query { ...a } fragment a on Query { ...a }"}',
      '[]',
      'null',
      '{"query":"{ neighborhood(id: \\"thailand\\", depth: 99) { nodes { id } } }"}',
    ];
    const headerSets = [
      ['Content-Type: application/json'],
      ['Content-Type: text/plain'],
      ['Content-Type: application/json; charset=utf-16'],
      ['Content-Encoding: br'],
      ['Transfer-Encoding: chunked'],
      ['Content-Length: 999999999'],
      ['x-graphql-yoga-csrf: 1', 'Accept: text/html'],
      ['Origin: https://evil.example'],
      [],
    ];
    const requests = Array.from({ length: 3000 }, () => {
      const path = random() < 0.5 ? pick(paths) : `${pick(paths)}${junk(Math.floor(random() * 12))}`;
      const body = random() < 0.8 ? pick(bodies) : junk(Math.floor(random() * 200));
      const headers = pick(headerSets);
      const length = headers.some((h) => /^(content-length|transfer-encoding)/i.test(h))
        ? []
        : [`Content-Length: ${Buffer.byteLength(body)}`];
      return `${pick(methods)} ${path.replace(/\s/g, '')} HTTP/1.1\r\nHost: 127.0.0.1\r\n${[...headers, ...length].join('\r\n')}\r\nConnection: close\r\n\r\n${body}`;
    });
    const statuses = new Map<number, number>();
    for (let i = 0; i < requests.length; i += 25) {
      const batch = await Promise.all(requests.slice(i, i + 25).map((text) => rawRequest(port, text, 1_000)));
      for (const { status } of batch) statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    expect([...statuses.keys()].filter((status) => status >= 500 && status !== 503)).toEqual([]);
    expect(logged.filter((line) => line.includes('failed'))).toEqual([]);
    expect((await rawRequest(port, get('/health'))).status).toBe(200);
    const after = JSON.parse((await graphql(port, '{ entity(id: "thailand") { name } }')).body);
    expect(after.data.entity.name).toBe('Thailand');
  });
});
