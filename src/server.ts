import { createServer, type Server } from 'node:http';
import { serveExplorer } from './static.ts';
import type { App } from './yoga.ts';

const apiPaths = /^\/(graphql|health|ready)(\/|\?|$)/;

/** Listens for HTTP on `port` (0 picks a free one): the API, and the explorer page at `/`. */
export function listen(app: App, port: number, host = '0.0.0.0'): Promise<Server> {
  const server = createServer((request, response) => {
    if (apiPaths.test(request.url ?? '/')) return app(request, response);
    if (request.method === 'GET' || request.method === 'HEAD') return serveExplorer(request, response);
    response.writeHead(405).end();
  });
  // Slow clients must not hold sockets open forever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  return new Promise((resolveListen, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${port} is already in use. Set PORT to another.`)
          : error,
      );
    });
    server.listen(port, host, () => resolveListen(server));
  });
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
