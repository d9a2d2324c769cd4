// How bench/compare/run.ts sends a request: one at a time over a keep-alive connection (latency),
// or through a load's own agent (slices.ts, throughput); and percentiles of latency samples.
import { Agent, request as httpRequest } from 'node:http';
import type { Latency } from './report.ts';

/** A request body: GraphQL for the two APIs, the operation's name for the raw endpoint. */
export type Body = Record<string, unknown>;

/** One keep-alive connection per system, reused request after request. */
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** A request with no answer after this long fails the run (autocannon counted it as an error). */
const TIMEOUT_MS = 10_000;

/**
 * One request over HTTP (keep-alive), the body read in full. node:http, not `fetch`: on this machine
 * fetch took 0.3–0.8 ms of the client's own CPU per request, falling for seconds as its JIT warmed,
 * against 0.07 ms for node:http (a bare endpoint, the same body). Added to a cached answer of ~1 ms,
 * that overhead, and how far it had warmed, moved cached/raw between two runs by up to 34%.
 */
export function request(url: string, body: Body): Promise<void> {
  return send(url, JSON.stringify(body), agent);
}

/**
 * POSTs `payload` through `through` and reads the answer; rejects on a network error, a timeout or a
 * status outside 2xx. A kept-alive socket that the server closed as it was reused (ECONNRESET on a
 * reused socket) is tried once more on a new one, as Node's documentation advises: that is the
 * connection's age, not the system's answer.
 */
export function send(url: string, payload: string, through: Agent, retried = false): Promise<void> {
  return new Promise((resolve, reject) => {
    const sent = httpRequest(
      url,
      {
        method: 'POST',
        agent: through,
        timeout: TIMEOUT_MS,
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
    sent.on('timeout', () => sent.destroy(new Error(`${url}: no answer in ${TIMEOUT_MS} ms`)));
    sent.on('error', (error: NodeJS.ErrnoException) => {
      if (!retried && sent.reusedSocket && error.code === 'ECONNRESET')
        send(url, payload, through, true).then(resolve, reject);
      else reject(error);
    });
    sent.end(payload);
  });
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
