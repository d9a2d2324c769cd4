// How bench/compare/run.ts samples a system: one request over keep-alive HTTP, requests per second
// under autocannon, and percentiles of latency samples.
import { Agent, request as httpRequest } from 'node:http';
import autocannon from 'autocannon';
import type { Latency } from './report.ts';

/** A request body: GraphQL for the two APIs, the operation's name for the raw endpoint. */
export type Body = Record<string, unknown>;

/** One keep-alive connection per system, reused request after request. */
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/**
 * One request over HTTP (keep-alive), the body read in full. node:http, not `fetch`: on this machine
 * fetch took 0.3–0.8 ms of the client's own CPU per request, falling for seconds as its JIT warmed,
 * against 0.07 ms for node:http (a bare endpoint, the same body). Added to a cached answer of ~1 ms,
 * that overhead, and how far it had warmed, moved cached/raw between two runs by up to 34%.
 */
export function request(url: string, body: Body): Promise<void> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const sent = httpRequest(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (response) => {
        response.on('data', () => {});
        response.on('error', reject);
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve();
          else reject(new Error(`${url}: HTTP ${status}`));
        });
      },
    );
    sent.on('error', reject);
    sent.end(payload);
  });
}

/**
 * Requests per second at `connections` concurrent connections (autocannon), counted in a window of
 * `seconds` that opens `rampSeconds` after the start: by then every connection is open and has a
 * request in flight, so the window sees the steady state. Counted from the start instead, a run
 * shorter than a few request times (64 connections on a system that answers 200 a second need 0.3 s
 * to fill) measures the filling, not the system.
 */
export async function throughput(
  url: string,
  body: Body,
  connections: number,
  { seconds, rampSeconds }: { seconds: number; rampSeconds: number },
): Promise<number> {
  const opens = performance.now() + rampSeconds * 1000;
  const closes = opens + seconds * 1000;
  let counted = 0;
  const run = autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    connections,
    // A little past the window, so that autocannon stopping is outside it.
    duration: rampSeconds + seconds + 0.05,
    sampleInt: 50,
  });
  run.on('response', () => {
    const now = performance.now();
    if (now >= opens && now < closes) counted++;
  });
  const result = await run;
  if (result.non2xx || result.errors)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return counted / seconds;
}

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return Number((sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0).toFixed(2));
}

export const percentiles = (samples: readonly number[]): Latency => ({
  p50: percentile(samples, 0.5),
  p95: percentile(samples, 0.95),
  p99: percentile(samples, 0.99),
});
