import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const webDir = resolve(fileURLToPath(new URL('../dist/web', import.meta.url)));

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/** Serves the built explorer (dist/web); `/` is its page. Nothing outside that folder is reachable. */
export function serveExplorer(request: IncomingMessage, response: ServerResponse): void {
  const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
  const file = normalize(join(webDir, path === '/' ? 'index.html' : path));
  if (!file.startsWith(webDir) || !existsSync(file) || !statSync(file).isFile()) {
    const missing = !existsSync(join(webDir, 'index.html'));
    response.writeHead(missing ? 503 : 404, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(missing ? 'The explorer is not built: run `npm run build:web`.' : 'Not found');
    return;
  }
  const immutable = path.startsWith('/assets/');
  response.writeHead(200, {
    'content-type': types[extname(file)] ?? 'application/octet-stream',
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  createReadStream(file).pipe(response);
}
