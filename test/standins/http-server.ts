/**
 * A local HTTP stand-in for tests: a node:http server on 127.0.0.1 and a random port that records every request
 * and answers through routes. Provider stand-ins (DHL, Shopify, ...) build on it by registering routes.
 *
 * - `on(method, path, handler)`: `path` is exact (`/orders`), has `:name` segments (`/orders/:id`, captured in
 *   `request.params`), or is `*`. `method` may be `*`. Later registrations win over earlier ones, so a test can
 *   override a provider's default route.
 * - Unmatched requests answer 404 `{ "error": "no route" }` and are recorded too.
 * - `requests` holds every request in arrival order with its full body; `clear()` empties it.
 * - `close()` ends open connections and stops the server.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  /** Path and query as sent. */
  readonly url: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** All values of repeated query keys (`?a=1&a=2`). */
  readonly queryAll: URLSearchParams;
  readonly params: Readonly<Record<string, string>>;
  /** Lower-cased names, as node:http gives them. */
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  text(): string;
  /** The body parsed as JSON; throws when it is not JSON. */
  json(): unknown;
}

export type StandinHandler = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

export interface HttpStandin {
  /** `http://127.0.0.1:PORT` without a trailing slash. */
  readonly url: string;
  readonly port: number;
  readonly requests: readonly RecordedRequest[];
  on(method: string, path: string, handler: StandinHandler): HttpStandin;
  clear(): void;
  close(): Promise<void>;
}

interface Route {
  readonly method: string;
  readonly segments: readonly string[] | '*';
  readonly handler: StandinHandler;
}

export async function startHttpStandin(): Promise<HttpStandin> {
  const routes: Route[] = [];
  const requests: RecordedRequest[] = [];

  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const target = new URL(incoming.url ?? '/', 'http://127.0.0.1');
      const method = incoming.method ?? 'GET';
      const match = findRoute(routes, method, target.pathname);
      const body = Buffer.concat(chunks);
      const recorded: RecordedRequest = {
        method,
        url: incoming.url ?? '/',
        path: target.pathname,
        query: Object.fromEntries(target.searchParams),
        queryAll: target.searchParams,
        params: match?.params ?? {},
        headers: incoming.headers,
        body,
        text: () => body.toString('utf8'),
        json: () => JSON.parse(body.toString('utf8')),
      };
      requests.push(recorded);
      if (match === undefined) {
        sendJson(response, 404, { error: 'no route' });
        return;
      }
      Promise.resolve()
        .then(() => match.route.handler(recorded, response))
        .catch((error: unknown) => {
          if (!response.headersSent) sendJson(response, 500, { error: String(error) });
          else response.destroy();
        });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('stand-in server has no TCP address');
  const port = (address satisfies AddressInfo).port;

  const standin: HttpStandin = {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    on(method, path, handler) {
      routes.push({ method: method.toUpperCase(), segments: path === '*' ? '*' : splitPath(path), handler });
      return standin;
    },
    clear() {
      requests.length = 0;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return standin;
}

function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function findRoute(routes: readonly Route[], method: string, pathname: string):
  { route: Route; params: Record<string, string> } | undefined {
  const segments = splitPath(pathname);
  for (let index = routes.length - 1; index >= 0; index--) {
    const route = routes[index];
    if (route === undefined || (route.method !== '*' && route.method !== method)) continue;
    if (route.segments === '*') return { route, params: {} };
    const params = matchSegments(route.segments, segments);
    if (params !== undefined) return { route, params };
  }
  return undefined;
}

function matchSegments(pattern: readonly string[], actual: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of pattern.entries()) {
    const value = actual[index] ?? '';
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(value);
    else if (part !== value) return undefined;
  }
  return params;
}

/** Answers with a JSON body. */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

/** Answers with a text or binary body. */
export function sendBody(
  response: ServerResponse, status: number, body: string | Uint8Array, headers: Record<string, string> = {},
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  response.writeHead(status, { 'content-length': bytes.byteLength, ...headers });
  response.end(bytes);
}
