import { afterAll, describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from './cluster.js';
import { analyse, startProbe, type Probe } from './probe.js';
import { startPrivateRedis, type PrivateRedis } from './redis.js';
import { call, deployWorkflow, sleep, waitFor } from './services.js';

/**
 * Queue mode on a private redis-server (no persistence) that the test kills with SIGKILL and starts again, empty,
 * while webhooks keep coming. The store is the source of truth: every execution a webhook acknowledged (202)
 * completes, because the main re-queues what the store has accepted but no worker holds. Calls that were not
 * acknowledged stored nothing.
 */

const TOTAL = 300;
const NODES = ['first', 'second'];

let cluster: Cluster | undefined;
let probe: Probe | undefined;
let redis: PrivateRedis | undefined;
afterAll(async () => {
  await cluster?.close();
  await redis?.stop();
  await probe?.close();
});

describe('queue mode: Redis restarted during load', () => {
  it('loses no acknowledged execution', { timeout: 150_000 }, async () => {
    redis = await startPrivateRedis();
    probe = await startProbe(10);
    cluster = await createCluster('redis_restart', { redisUrl: redis.url, env: { FLOWWERK_LEASE_MS: '4000', FLOWWERK_RECOVERY_INTERVAL_MS: '1000' } });
    const main = await cluster.main();
    await Promise.all([cluster.worker('worker-a', 8), cluster.worker('worker-b', 8)]);
    const base = main.url ?? '';
    await deployWorkflow(base, {
      id: 'orders',
      name: 'orders',
      nodes: [{ id: 'hook', type: 'webhook', params: { path: 'orders' } }, probe.node('first'), probe.node('second')],
      connections: [{ from: 'hook', to: 'first' }, { from: 'first', to: 'second' }],
    });

    const acknowledged = new Set<string>();
    const refused = new Map<string, number>();
    let outage: { from: number; to: number } | undefined;
    let down = false;
    let acceptedWhileDown = 0;
    /** Acknowledged calls that were in flight at some point while Redis was down. */
    let acceptedAcrossOutage = 0;
    let downSince = Number.POSITIVE_INFINITY;
    let downUntil = Number.POSITIVE_INFINITY;
    let restarting: Promise<void> | undefined;
    let next = 0;
    const sender = async (): Promise<void> => {
      while (next < TOTAL) {
        const n = next++;
        try {
          const sentAt = Date.now();
          const res = await call(base, 'POST', '/webhook/orders', { n }, { timeoutMs: 20_000 });
          if (res.status === 202 && typeof res.body === 'object' && res.body !== null && 'executionId' in res.body) {
            acknowledged.add(String(res.body.executionId));
            if (down) acceptedWhileDown++;
            if (sentAt < downUntil && Date.now() > downSince) acceptedAcrossOutage++;
          } else refused.set(`${res.status}`, (refused.get(`${res.status}`) ?? 0) + 1);
        } catch {
          refused.set('network', (refused.get('network') ?? 0) + 1);
        }
        if (restarting === undefined && acknowledged.size >= 100) {
          // Kill Redis (losing every queued job), keep sending for 2 s, then start it again, empty.
          restarting = (async () => {
            const from = Date.now();
            await redis?.kill();
            down = true;
            downSince = Date.now();
            await sleep(2_000);
            down = false;
            downUntil = Date.now();
            await redis?.start();
            outage = { from, to: Date.now() };
          })();
        }
        await sleep(5);
      }
    };
    await Promise.all(Array.from({ length: 8 }, () => sender()));
    await restarting;
    expect(outage).toBeDefined();
    expect(acknowledged.size).toBeGreaterThanOrEqual(TOTAL - 100);
    // Calls kept coming while Redis was gone (stored, not queued: recovery queues them).
    expect(acceptedAcrossOutage + [...refused.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(0);

    const db = cluster.db;
    await waitFor(
      'every acknowledged execution to succeed',
      async () => {
        const rows = await db.query<{ id: string; status: string }>("SELECT id, status FROM executions WHERE workflow_id = 'orders'");
        const success = rows.filter((row) => row.status === 'success').map((row) => row.id);
        return [...acknowledged].every((id) => success.includes(id)) ? true : undefined;
      },
      100_000,
      500,
    );
    // Nothing else was stored: refused calls left no execution behind.
    const ids = await db.query<{ id: string; status: string }>("SELECT id, status FROM executions WHERE workflow_id = 'orders'");
    const stray = ids.filter((row) => !acknowledged.has(row.id));
    expect(stray).toEqual([]);

    await sleep(500);
    const result = analyse(probe.calls, acknowledged, NODES);
    expect(result.missing).toEqual([]);
    expect(result.keyMismatches).toEqual([]);
    const requeued = [...main.output().matchAll(/"count":(\d+),"msg":"re-queued orphaned executions"/g)].reduce((sum, match) => sum + Number(match[1]), 0);
    // The jobs Redis lost came back through the main's recovery sweep (the store is the source of truth).
    expect(requeued).toBeGreaterThan(0);
    console.log(
      `redis-restart: ${acknowledged.size} acknowledged, ${acceptedAcrossOutage} of them in flight while Redis was down (${acceptedWhileDown} answered during it), refused ${JSON.stringify(Object.fromEntries(refused))}; Redis down ` +
        `${(((outage?.to ?? 0) - (outage?.from ?? 0)) / 1000).toFixed(1)} s, ${result.repeated.length} node(s) run twice (same key), all acknowledged completed; recovery sweep re-queued ${requeued}`,
    );
  });
});
