import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends `request` byte for byte (no URL normalisation, any framing) and reads until the server
 * closes or `timeoutMs` passes. Status 0 means no answer came.
 */
export function rawRequest(port: number, request: string | Buffer, timeoutMs = 2_000): Promise<RawResponse> {
  return new Promise((resolveResponse) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolveResponse(parse(Buffer.concat(chunks).toString('utf8')));
    };
    const timer = setTimeout(finish, timeoutMs);
    let received = 0;
    let bodyStart = -1;
    let length = Number.NaN;
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      received += chunk.length;
      if (bodyStart < 0) {
        const head = Buffer.concat(chunks);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        bodyStart = end + 4;
        length = Number(
          parse(head.subarray(0, bodyStart).toString('utf8')).headers['content-length'] ?? Number.NaN,
        );
      }
      // One response is enough: stop once its body is complete.
      if (received - bodyStart >= length) finish();
    });
    socket.on('error', finish);
    socket.on('close', finish);
    socket.write(request);
  });
}

function parse(text: string): RawResponse {
  const end = text.indexOf('\r\n\r\n');
  const head = end < 0 ? text : text.slice(0, end);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status, headers, body: end < 0 ? '' : text.slice(end + 4) };
}

export const get = (path: string, headers: string[] = []) =>
  `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers.map((h) => `${h}\r\n`).join('')}Connection: close\r\n\r\n`;
