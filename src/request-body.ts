import type { IncomingMessage } from 'node:http';

export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
  constructor(readonly limit: number) {
    super(`Request body over ${limit} bytes`);
  }
}

/**
 * Reads a request body into memory, counting bytes as they arrive, so neither a missing nor a
 * false Content-Length (chunked uploads) can get past `limit`.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(new BodyTooLargeError(limit));
  // Plain events, not `for await`: the async iterator costs a stream pipeline per request.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      request.off('data', onData).pause();
      reject(new BodyTooLargeError(limit));
    };
    request
      .on('data', onData)
      .once('end', () => resolve(Buffer.concat(chunks, size)))
      .once('error', reject)
      .once('close', () => {
        if (!request.complete) reject(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
      });
  });
}
