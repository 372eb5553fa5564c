// The http server on 127.0.0.1 that browser pages are loaded from (about:blank has no getUserMedia
// and no secure-context APIs; http://127.0.0.1 is a secure context in Chromium and Firefox).
import { createServer, type Server } from 'node:http';

export interface PageRoutes {
  [path: string]: { type: string; body: string | Uint8Array };
}

export const EMPTY_PAGE = '<!doctype html><meta charset="utf-8"><title>@rtc interop</title><body></body>';

/** Serves `html` at every path but the extra `routes`, on an ephemeral loopback port. */
export function servePage(html: string, routes: PageRoutes): Promise<Server> {
  const server = createServer((req, res) => {
    const route = req.url ? routes[req.url] : undefined;
    if (route) {
      res.writeHead(200, { 'content-type': route.type });
      res.end(route.body);
    } else {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
