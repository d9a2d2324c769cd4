import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { DomainError } from './errors.ts';
import { type ExportFile, exportFormats, zipOf } from './export/formats.ts';
import { atomFeed, feedFormats, isFeedFormat, jsonFeed } from './feeds/change-feed.ts';
import { BodyTooLargeError, readBody } from './request-body.ts';
import { serveExplorer } from './static.ts';
import type { App } from './yoga.ts';

const apiPaths = /^\/(graphql|health|ready)(\/|$)/;

/** Sent with every response; the explorer's files add their own content security policy. */
const securityHeaders = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

export interface ListenOptions {
  /** 0 picks a free port. */
  port: number;
  /** Default 127.0.0.1: only this machine. */
  host?: string;
  /** Where unexpected errors are reported; the request still gets its 500. */
  log?: (message: string) => void;
  /** An export whose reader takes nothing for this long is cut; default 30 s (EXPORT_STALL_SECONDS). */
  exportStallMs?: number;
}

/**
 * How often Node looks for requests past their timeouts. Its default, 30 s, let a stalled header
 * get its 408 after 35 s instead of 10; a pass over the open connections each second is cheap.
 */
const timeoutCheckMs = 1_000;

/** Listens for HTTP: the API, and the explorer page at `/`. */
export function listen(app: App, options: ListenOptions): Promise<Server> {
  const log = options.log ?? console.error;
  const server = createServer({ connectionsCheckingInterval: timeoutCheckMs }, (request, response) => {
    // The one error boundary: nothing a request does may escape it and stop the process.
    route(app, request, response, options.exportStallMs ?? 30_000).catch((error: unknown) => {
      // A client that hung up mid-request is not our failure; there is no one left to answer.
      if (clientGone(error)) return void response.destroy();
      log(`${request.method} ${request.url?.slice(0, 200)} failed: ${(error as Error)?.stack ?? error}`);
      if (!response.headersSent) sendText(response, 500, 'Internal server error');
      else response.destroy();
    });
  });
  // Slow clients must not hold sockets open forever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  return new Promise((resolveListen, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${options.port} is already in use. Set PORT to another.`)
          : error,
      );
    });
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolveListen(server));
  });
}

async function route(app: App, request: IncomingMessage, response: ServerResponse, exportStallMs: number) {
  for (const [name, value] of Object.entries(securityHeaders)) response.setHeader(name, value);
  const path = decodedPath(request.url);
  if (path === undefined) return sendText(response, 400, 'Malformed URL');
  if (apiPaths.test(path)) return serveApi(app, request, response);
  const format = /^\/export\/([^/]*)$/.exec(path)?.[1];
  if (format !== undefined && (request.method === 'GET' || request.method === 'HEAD')) {
    return serveExport(app, format, request, response, exportStallMs);
  }
  const feed = /^\/feeds\/changes\.(atom|json)$/.exec(path)?.[1];
  if (feed !== undefined && isFeedFormat(feed) && (request.method === 'GET' || request.method === 'HEAD')) {
    return serveFeed(app, feed, request, response);
  }
  const page = /^\/sources\/([a-z0-9-]+)\/pages\/(\d{1,6})\.png$/.exec(path);
  if (page && (request.method === 'GET' || request.method === 'HEAD')) {
    return servePage(app, page[1] as string, Number(page[2]), request, response);
  }
  if (request.method === 'GET' || request.method === 'HEAD') {
    return serveExplorer(path, response, request.method === 'HEAD');
  }
  response.setHeader('allow', 'GET, HEAD');
  sendText(response, 405, 'Method not allowed');
}

async function serveApi(app: App, request: IncomingMessage, response: ServerResponse) {
  const encoding = request.headers['content-encoding'];
  if (encoding && encoding !== 'identity') {
    return sendError(
      response,
      415,
      'BAD_USER_INPUT',
      `Content-Encoding ${encoding.slice(0, 40)} is not accepted`,
    );
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    try {
      // Read here, counted, then handed to Yoga as a parsed-body framework would. A token that may
      // curate may send more: a new source's text comes in one request.
      const limit = app.bodyLimit(request.headers.authorization);
      (request as IncomingMessage & { body?: Buffer }).body = await readBody(request, limit);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      response.setHeader('connection', 'close');
      sendError(response, 413, 'BAD_USER_INPUT', error.message);
      // Stop reading the rest of an oversized upload.
      response.once('finish', () => request.destroy());
      return;
    }
  }
  await app(request, response);
}

/** Exports read the whole graph: two at a time, so they cannot starve the API's sessions. */
const maxExports = 2;
let exportsRunning = 0;

/** The HTTP status of an export refused before its first byte; anything else is 503. */
const exportStatus: Partial<Record<string, number>> = {
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
};

const retryAfterOf = (error: DomainError): string =>
  (error.extensions.http as { headers?: Record<string, string> } | undefined)?.headers?.['retry-after'] ??
  '10';

/**
 * `GET /export/<format>?types=T,…&source=ID`: public, streamed as Neo4j gives the rows; a format
 * of several files (csv) comes as a zip. With a token it holds what was retracted or undone too.
 */
async function serveExport(
  app: App,
  name: string,
  request: IncomingMessage,
  response: ServerResponse,
  stallMs: number,
) {
  if (exportsRunning >= maxExports) {
    response.setHeader('retry-after', '10');
    return sendError(response, 503, 'SERVER_BUSY', 'Too many exports at once. Retry in a moment.');
  }
  const query = new URL(request.url ?? '/', 'http://export').searchParams;
  exportsRunning += 1;
  try {
    // Opening checks the format and the filters and reads the header before the status: a bad
    // filter or a database down is an error response, not a stream cut short.
    let files: ExportFile[];
    try {
      const filters = { types: query.get('types')?.split(','), source: query.get('source') ?? undefined };
      files = await app.exportFiles(name, filters, request.headers.authorization);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const code = error.extensions.code;
      const status = exportStatus[code] ?? 503;
      if (status === 503) response.setHeader('retry-after', retryAfterOf(error));
      return sendError(response, status, code, error.message);
    }
    const [only] = files.length === 1 ? files : [];
    response.writeHead(200, {
      'content-type': only
        ? (exportFormats[name]?.contentType ?? 'application/octet-stream')
        : 'application/zip',
      'content-disposition': `attachment; filename="${only ? only.name : `policy-graph-${name}.zip`}"`,
    });
    if (request.method === 'HEAD') return void response.end();
    // A reader that stops reading would hold the slot and a Neo4j transaction for as long as it
    // likes: once the socket has moved no byte for `stallMs` it is destroyed, which ends the
    // pipeline, and the export's streams close their sessions.
    response.setTimeout(stallMs);
    await pipeline(only ? only.open() : zipOf(files), response);
  } finally {
    exportsRunning -= 1;
  }
}

/** `GET /feeds/changes.atom|json?entity=ID&q=SEARCH&since=DATE&sinceRelease=NAME&types=T,…&first=N`. */
async function serveFeed(
  app: App,
  format: 'atom' | 'json',
  request: IncomingMessage,
  response: ServerResponse,
) {
  const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
  let feed: Awaited<ReturnType<App['changeFeed']>>;
  try {
    feed = await app.changeFeed(url.searchParams, request.headers.authorization);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const code = String(error.extensions.code);
    const status = exportStatus[code] ?? 503;
    return sendError(response, status, code, error.message);
  }
  const info = { title: feed.title, selfUrl: url.href, homeUrl: `${url.origin}/` };
  const body = format === 'atom' ? atomFeed(feed.items, info) : jsonFeed(feed.items, info);
  response.setHeader('cache-control', 'no-cache');
  send(response, 200, feedFormats[format], request.method === 'HEAD' ? '' : body);
}

/** `GET /sources/<id>/pages/<n>.png`: a page of an imported original, for the reader. */
async function servePage(
  app: App,
  source: string,
  number: number,
  request: IncomingMessage,
  response: ServerResponse,
) {
  let png: Buffer | undefined;
  try {
    png = await app.pageImage(source, number);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    response.setHeader('retry-after', '5');
    return sendError(response, 503, error.extensions.code, error.message);
  }
  if (!png) return sendError(response, 404, 'NOT_FOUND', `Source ${source} has no page ${number} to show`);
  response.writeHead(200, {
    'content-type': 'image/png',
    'content-length': png.length,
    'cache-control': 'public, max-age=300',
  });
  response.end(request.method === 'HEAD' ? undefined : png);
}

function clientGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE';
}

/** The URL's path, percent-decoded, or undefined when it is malformed. */
export function decodedPath(url: string | undefined): string | undefined {
  if (!url?.startsWith('/')) return undefined;
  const raw = url.split(/[?#]/, 1)[0] as string;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

function sendText(response: ServerResponse, status: number, text: string): void {
  send(response, status, 'text/plain; charset=utf-8', text);
}

function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  send(
    response,
    status,
    'application/json; charset=utf-8',
    JSON.stringify({ errors: [{ message, extensions: { code } }] }),
  );
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) }).end(body);
}

/** Stops accepting connections and waits for requests in flight, up to `graceMs`. */
export function drain(server: Server, graceMs = 10_000): Promise<void> {
  return new Promise((resolveDrain) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearTimeout(force);
      resolveDrain();
    });
    server.closeIdleConnections();
  });
}
