import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { downParts, type HealthSources } from '../http/health.js';

export interface WorkerHealth {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The worker's only HTTP: `GET /healthz` → 200 `{ status: "ok", role: "worker", running, backlog }` while the
 * store and Redis answer, else 503 `{ status: "unavailable", down: [...] }`; anything else 404. For liveness and
 * readiness probes of orchestrators (FLOWWERK_WORKER_HEALTH_PORT).
 */
export async function startWorkerHealth(
  sources: HealthSources & { readonly executions: { stats(): { readonly running: number; readonly backlog: number } } },
  host: string,
  port: number,
): Promise<WorkerHealth> {
  const server: Server = createServer((req, res) => {
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/healthz') {
      send(404, { error: { code: 'NOT_FOUND', message: 'a worker only answers GET /healthz' } });
      return;
    }
    downParts(sources).then(
      (down) => {
        const { running, backlog } = sources.executions.stats();
        if (down.length === 0) send(200, { status: 'ok', role: 'worker', running, backlog });
        else send(503, { status: 'unavailable', role: 'worker', down, error: { code: 'UNHEALTHY', message: `${down.join(' and ')} not answering` } });
      },
      (error: unknown) => send(500, { error: { code: 'INTERNAL', message: String(error) } }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${bound}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
