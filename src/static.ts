import { createReadStream, type Stats, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';

export const webDir = resolve(fileURLToPath(new URL('../dist/web', import.meta.url)));

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.json': 'application/json',
};

/**
 * Our own assets only; images may be data: or blob: URLs (the PNG export draws one). Inline styles
 * are allowed, because Cytoscape injects a style element and positions elements with style
 * attributes; styles cannot run code. Scripts come from our own files only.
 */
export const explorerCsp = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The file under `root` that a decoded URL path names, or undefined when it would leave `root`. */
export function containedPath(root: string, path: string): string | undefined {
  if (path.includes('\0')) return undefined;
  const file = resolve(join(root, path === '/' ? 'index.html' : path));
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return undefined;
  return file;
}

/** Serves the built explorer (dist/web); `/` is its page. Nothing outside that folder is reachable. */
export async function serveExplorer(path: string, response: ServerResponse, head: boolean): Promise<void> {
  const file = containedPath(webDir, path);
  const stats = file ? statOrUndefined(file) : undefined;
  if (!file || !stats?.isFile()) {
    const missing = !statOrUndefined(join(webDir, 'index.html'));
    response.writeHead(missing ? 503 : 404, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(missing ? 'The explorer is not built: run `npm run build:web`.' : 'Not found');
    return;
  }
  response.writeHead(200, {
    'content-type': types[extname(file)] ?? 'application/octet-stream',
    'content-length': stats.size,
    'cache-control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    'content-security-policy': explorerCsp,
  });
  if (head) response.end();
  else await pipeline(createReadStream(file), response);
}

/** A path that cannot name a file (ENOTDIR, ENAMETOOLONG…) is as missing as one that does not exist. */
function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}
