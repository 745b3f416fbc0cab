import { afterAll, describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from './cluster.js';
import { analyse, startProbe, type Probe } from './probe.js';
import { REDIS_URL } from './redis.js';
import { call, deployWorkflow, sleep, waitFor } from './services.js';

/**
 * Queue mode with 1 main and 2 workers as separate processes on the machine's Redis and PostgreSQL: 500 webhook
 * executions, one worker killed with SIGKILL in the middle. Every acknowledged execution completes; a node that
 * had completed (checkpointed) never runs again; a node in flight at the kill may run again, with the same
 * idempotency key.
 */

const TOTAL = 500;
const WORKER_CONCURRENCY = 8;
const NODES = ['first', 'second'];

let cluster: Cluster | undefined;
let probe: Probe | undefined;
afterAll(async () => {
  await cluster?.close();
  await probe?.close();
});

describe('queue mode: worker killed mid-load', () => {
  it('completes all 500 executions and re-runs only the nodes in flight, with the same idempotency key', { timeout: 150_000 }, async () => {
    probe = await startProbe(20);
    cluster = await createCluster('worker_kill', { redisUrl: REDIS_URL, env: { FLOWWERK_LEASE_MS: '4000', FLOWWERK_RECOVERY_INTERVAL_MS: '2000' } });
    const main = await cluster.main();
    const [victim, survivor] = await Promise.all([cluster.worker('worker-a', WORKER_CONCURRENCY), cluster.worker('worker-b', WORKER_CONCURRENCY)]);
    const base = main.url ?? '';
    await deployWorkflow(base, {
      id: 'fulfil',
      name: 'fulfil',
      nodes: [{ id: 'hook', type: 'webhook', params: { path: 'fulfil' } }, probe.node('first'), probe.node('second')],
      connections: [{ from: 'hook', to: 'first' }, { from: 'first', to: 'second' }],
    });

    const acknowledged = new Set<string>();
    const refused: string[] = [];
    let killedAt = 0;
    let exitedAt = 0;
    let next = 0;
    const sender = async (): Promise<void> => {
      while (next < TOTAL) {
        const n = next++;
        const res = await call(base, 'POST', '/webhook/fulfil', { n });
        if (res.status === 202 && typeof res.body === 'object' && res.body !== null && 'executionId' in res.body) acknowledged.add(String(res.body.executionId));
        else refused.push(`${res.status} ${res.text}`);
        // Kill worker a while both workers are busy.
        if (killedAt === 0 && probe !== undefined && probe.calls.length >= 200) {
          killedAt = Date.now();
          await victim.kill('SIGKILL');
          exitedAt = Date.now();
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, () => sender()));
    expect(refused).toEqual([]);
    expect(acknowledged.size).toBe(TOTAL);
    expect(killedAt).toBeGreaterThan(0);

    const db = cluster.db;
    const done = await waitFor(
      'all executions to succeed',
      async () => {
        const rows = await db.query<{ status: string; n: string }>("SELECT status, count(*) AS n FROM executions WHERE workflow_id = 'fulfil' GROUP BY status");
        const success = Number(rows.find((row) => row.status === 'success')?.n ?? 0);
        return success === TOTAL ? rows : undefined;
      },
      100_000,
      500,
    );
    expect(done).toEqual([{ status: 'success', n: String(TOTAL) }]);
    const ids = await db.query<{ id: string }>("SELECT id FROM executions WHERE workflow_id = 'fulfil'");
    expect(new Set(ids.map((row) => row.id))).toEqual(acknowledged);

    // Let any straggling duplicate call land before judging.
    await sleep(500);
    const result = analyse(probe.calls, acknowledged, NODES);
    expect(result.missing).toEqual([]);
    expect(result.keyMismatches).toEqual([]);
    for (const calls of result.repeated) {
      // The first run was in flight when the worker died (its request may reach the probe a little after the
      // exit); the re-run came only once the dead worker's lease (4 s, renewed every 1.3 s) had expired.
      expect(calls).toHaveLength(2);
      expect(calls[0]?.at ?? 0).toBeLessThanOrEqual(exitedAt + 1000);
      expect(calls[1]?.at ?? 0).toBeGreaterThan(killedAt + 1000);
    }
    expect(result.repeated.length).toBeLessThanOrEqual(WORKER_CONCURRENCY);
    expect(survivor.child.exitCode).toBeNull();
    console.log(
      `worker-kill: ${acknowledged.size} executions, ${probe.calls.length} node calls, ${result.repeated.length} in-flight node(s) re-run after kill -9 (same idempotency key), ` +
        `all done ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill`,
    );
  });
});
