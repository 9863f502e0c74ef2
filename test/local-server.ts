/**
 * A tiny HTTP server on 127.0.0.1 for network tests: routes by path, records every request it receives, and
 * closes every connection on close() so a stalled route cannot keep the test process alive.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
}

export type Route = (req: IncomingMessage, res: ServerResponse) => void;

export interface LocalServer {
  readonly port: number;
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  readonly requests: SeenRequest[];
  route(path: string, handler: Route): void;
  hits(path: string): number;
  close(): Promise<void>;
}

export async function startServer(routes: Record<string, Route> = {}): Promise<LocalServer> {
  const table = new Map(Object.entries(routes));
  const requests: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    requests.push({ method: req.method ?? 'GET', path, headers: req.headers });
    const handler = table.get(path);
    if (!handler) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    requests,
    route: (path, handler) => void table.set(path, handler),
    hits: (path) => requests.filter((r) => r.path === path).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A route that answers with a fixed status, headers and body. */
export function fixed(body: string | Buffer, headers: Record<string, string> = {}, status = 200): Route {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
    res.end(body);
  };
}
