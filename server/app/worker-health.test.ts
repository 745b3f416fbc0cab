import { afterEach, describe, expect, it } from 'vitest';
import { startWorkerHealth, type WorkerHealth } from './worker-health.js';

describe('worker /healthz', () => {
  let health: WorkerHealth | undefined;
  afterEach(async () => health?.close());

  const sources = (store: () => Promise<void>, queue: () => Promise<void>) => ({
    store: { ping: store },
    executions: { ping: queue, stats: () => ({ running: 2, backlog: 5 }) },
  });

  it('answers 200 with the load while store and queue answer', async () => {
    health = await startWorkerHealth(sources(async () => {}, async () => {}), '127.0.0.1', 0);
    const res = await fetch(`${health.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', role: 'worker', running: 2, backlog: 5 });
  });

  it('answers 503 naming what is down, and 404 for anything else', async () => {
    health = await startWorkerHealth(sources(async () => { throw new Error('connection refused'); }, async () => {}), '127.0.0.1', 0);
    const res = await fetch(`${health.url}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'unavailable', down: ['store'], error: { code: 'UNHEALTHY', message: 'store not answering' } });
    const other = await fetch(`${health.url}/metrics`);
    expect(other.status).toBe(404);
    expect((await fetch(`${health.url}/healthz`, { method: 'POST' })).status).toBe(404);
  });
});
