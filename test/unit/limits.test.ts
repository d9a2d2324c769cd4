import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { textComplexity } from '../../src/complexity.ts';
import { readConfig } from '../../src/config.ts';
import { OperationBudget } from '../../src/db/budget.ts';
import { BodyTooLargeError, readBody } from '../../src/request-body.ts';
import { answerBytes } from '../../src/response-bytes.ts';
import { decodedPath } from '../../src/server.ts';
import { containedPath } from '../../src/static.ts';
import { operationSlot, WorkQueue } from '../../src/work-queue.ts';

const codeOf = (error: unknown) => (error as GraphQLError).extensions?.code;
const sleep = (ms: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

function upload(chunks: string[], headers: Record<string, string> = {}): IncomingMessage {
  return Object.assign(Readable.from(chunks.map((chunk) => Buffer.from(chunk))), { headers }) as never;
}

describe('URL paths', () => {
  it('decodes percent escapes, and gives undefined for malformed ones instead of throwing', () => {
    expect(decodedPath('/assets/a%20b.js?x=%')).toBe('/assets/a b.js');
    expect(decodedPath('/graphql')).toBe('/graphql');
    for (const bad of ['/%', '/health%', '/%E0%A4%A', '/%ZZ', 'http://x/', '*', undefined]) {
      expect(decodedPath(bad)).toBeUndefined();
    }
  });

  it('keeps static files inside their folder', () => {
    const root = '/srv/web';
    expect(containedPath(root, '/')).toBe('/srv/web/index.html');
    expect(containedPath(root, '/assets/app.js')).toBe('/srv/web/assets/app.js');
    // A plain prefix check would let /srv/web-secrets through.
    for (const outside of ['/../web-secrets/key', '/../../etc/passwd', '/assets/../../x', '/a\0b']) {
      expect(containedPath(root, outside)).toBeUndefined();
    }
  });
});

describe('request bodies', () => {
  it('counts bytes as they stream, whatever Content-Length says', async () => {
    const chunked = upload(['x'.repeat(600), 'y'.repeat(600)]);
    await expect(readBody(chunked, 1000)).rejects.toBeInstanceOf(BodyTooLargeError);
    const lying = upload(['x'.repeat(1200)], { 'content-length': '10' });
    await expect(readBody(lying, 1000)).rejects.toBeInstanceOf(BodyTooLargeError);
    const declared = upload([], { 'content-length': '5000' });
    await expect(readBody(declared, 1000)).rejects.toThrow('Request body over 1000 bytes');
  });

  it('counts bytes, not characters: 400 Thai characters are 1,200 bytes', async () => {
    await expect(readBody(upload(['ก'.repeat(400)]), 1000)).rejects.toBeInstanceOf(BodyTooLargeError);
    expect((await readBody(upload(['ก'.repeat(300)]), 1000)).length).toBe(900);
  });
});

describe('the operation budget', () => {
  it('lets an operation hold only so many sessions at once', async () => {
    const budget = new OperationBudget({ timeoutMs: 5_000, maxRows: 100, sessions: 2 });
    let active = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        const release = await budget.acquire();
        active += 1;
        most = Math.max(most, active);
        await sleep(10);
        active -= 1;
        release();
      }),
    );
    expect(most).toBe(2);
    expect(budget.count).toBe(6);
  });

  it('has one deadline for all round trips', async () => {
    const budget = new OperationBudget({ timeoutMs: 30, maxRows: 100, sessions: 1 });
    const first = await budget.acquire();
    const waiting = budget.acquire();
    await expect(waiting).rejects.toMatchObject({ extensions: { code: 'QUERY_TIMEOUT' } });
    first();
    await expect(budget.acquire()).rejects.toMatchObject({ extensions: { code: 'QUERY_TIMEOUT' } });
  });

  it('stops an operation that reads too many rows', () => {
    const budget = new OperationBudget({ timeoutMs: 1_000, maxRows: 100, sessions: 1 });
    budget.addRows(60);
    let error: unknown;
    try {
      budget.addRows(60);
    } catch (thrown) {
      error = thrown;
    }
    expect(codeOf(error)).toBe('QUERY_TOO_LARGE');
  });
});

describe('the byte budget', () => {
  it('stops an operation that reads more bytes than allowed, and its waiting reads with it', async () => {
    const budget = new OperationBudget({ timeoutMs: 1_000, maxRows: 100, sessions: 1, maxBytes: 1_000 });
    budget.addBytes(600);
    expect(() => budget.addBytes(600)).toThrow(
      expect.objectContaining({ message: expect.stringContaining('1000 bytes') }),
    );
    expect(budget.overBytes()).toBe(true);
    await expect(budget.acquire()).rejects.toMatchObject({ extensions: { code: 'RESPONSE_TOO_LARGE' } });
  });

  it('sizes an answer as its JSON about, counting each reference to a string, and stops past the limit', () => {
    const text = 'x'.repeat(10_000);
    const answer = { a: { text }, b: { text }, list: [1, null, true] };
    const size = answerBytes(answer, Number.POSITIVE_INFINITY);
    expect(size).toBeGreaterThanOrEqual(JSON.stringify(answer).length);
    expect(size).toBeLessThan(JSON.stringify(answer).length + 100);
    // Counting stops soon after the limit, whatever follows.
    expect(answerBytes({ a: text, rest: Array.from({ length: 1_000 }, () => text) }, 5_000)).toBeLessThan(
      30_000,
    );
  });

  it('costs a slice of text by its length, and a whole text as the whole byte budget', () => {
    const ctx = { limits: { maxResponseBytes: 16 * 1024 * 1024 } };
    expect(textComplexity({ length: 10 }, ctx)).toBe(2);
    expect(textComplexity({ length: 64 * 1024 }, ctx)).toBe(65);
    expect(textComplexity({}, ctx)).toBe(16_385);
  });
});

describe('the queue for expensive analytics', () => {
  it('lets a few operations run, a few wait, and answers SERVER_BUSY with Retry-After past that', async () => {
    const queue = new WorkQueue(1, 1);
    const first = await queue.acquire(1_000);
    const waiting = queue.acquire(1_000);
    await expect(queue.acquire(1_000)).rejects.toMatchObject({
      extensions: { code: 'SERVER_BUSY', http: { status: 503, headers: { 'retry-after': '5' } } },
    });
    first();
    const second = await waiting;
    second();
    (await queue.acquire(10))();
  });

  it('gives up on an operation that waits longer than its budget', async () => {
    const queue = new WorkQueue(1, 4);
    const held = await queue.acquire(1_000);
    await expect(queue.acquire(20)).rejects.toMatchObject({ extensions: { code: 'SERVER_BUSY' } });
    held();
    (await queue.acquire(20))();
  });

  it('runs the aliases of one operation in one slot, and frees it when the last is done', async () => {
    const queue = new WorkQueue(1, 0);
    const slot = operationSlot(queue, () => 1_000);
    let release = () => {};
    const aliases = Array.from({ length: 15 }, (_, i) =>
      slot(() => (i === 0 ? new Promise<number>((done) => (release = () => done(i))) : Promise.resolve(i))),
    );
    await sleep(10);
    // Another operation finds the only slot taken and no room to wait.
    await expect(operationSlot(queue, () => 1_000)(async () => 'other')).rejects.toMatchObject({
      extensions: { code: 'SERVER_BUSY' },
    });
    release();
    expect(await Promise.all(aliases)).toEqual(Array.from({ length: 15 }, (_, i) => i));
    await sleep(0);
    expect(await operationSlot(queue, () => 1_000)(async () => 'next')).toBe('next');
  });
});

describe('production mode', () => {
  it('turns development conveniences off unless they are asked for', () => {
    const production = readConfig({ NODE_ENV: 'production' });
    expect(production).toMatchObject({ graphiql: false, introspection: false, corsOrigins: [] });
    expect(readConfig({ NODE_ENV: 'production', GRAPHIQL: 'true' }).graphiql).toBe(true);
    expect(readConfig({})).toMatchObject({ graphiql: true, introspection: true, host: '127.0.0.1' });
    expect(readConfig({ CORS_ORIGINS: 'https://a.example, https://b.example' }).corsOrigins).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
  });

  it('refuses limits that are not whole numbers', () => {
    expect(() => readConfig({ MAX_BODY_BYTES: '1e3x' })).toThrow('MAX_BODY_BYTES must be a whole number');
    expect(() => readConfig({ QUERY_TIMEOUT_SECONDS: '0' })).toThrow('at least 1');
  });
});
