import { afterAll, describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from './cluster.js';
import { analyse, startProbe, type Probe } from './probe.js';
import { REDIS_URL } from './redis.js';
import {
  PG_URL, pgUrlVia, call, sleep, createPgSchema, deployWorkflow, spawnFlowwerk, startProxy, tempDir, waitFor,
  type CuttableProxy, type FlowwerkProcess, type PgSchema,
} from './services.js';

/**
 * PostgreSQL unreachable while the server runs: the server reaches PostgreSQL through a TCP proxy the test cuts
 * (the machine's PostgreSQL keeps running). Webhooks then answer 503 with a JSON error and store nothing (no
 * execution row, no dedupe key); /healthz answers 503 naming the store; after the cut is healed everything
 * works again without a restart.
 */

let db: PgSchema | undefined;
let proxy: CuttableProxy | undefined;
let server: FlowwerkProcess | undefined;
let queueProxy: CuttableProxy | undefined;
let cluster: Cluster | undefined;
let probe: Probe | undefined;
const dir = tempDir('store-outage');

afterAll(async () => {
  await server?.kill('SIGKILL');
  await cluster?.close();
  await proxy?.close();
  await queueProxy?.close();
  await probe?.close();
  await db?.drop();
  dir.remove();
});


const executionIdOf = (body: unknown): string => (typeof body === 'object' && body !== null && 'executionId' in body ? String(body.executionId) : '');
const errorCodeOf = (body: unknown): string | undefined =>
  typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'object' && body.error !== null && 'code' in body.error ? String(body.error.code) : undefined;

describe('PostgreSQL unreachable', () => {
  it('webhooks answer 503 and store nothing; healthz names the store; service resumes when it is back', { timeout: 120_000 }, async () => {
    db = await createPgSchema('store_outage');
    proxy = await startProxy('127.0.0.1', Number(new URL(PG_URL).port || 5432));
    server = await spawnFlowwerk({ name: 'main', args: ['start', '--port', '0', '--data-dir', dir.path], env: { FLOWWERK_DATABASE_URL: db.urlVia(pgUrlVia(proxy.port)) } });
    const base = server.url ?? '';
    await deployWorkflow(base, {
      id: 'orders',
      name: 'orders',
      nodes: [
        { id: 'hook', type: 'webhook', params: { path: 'orders', eventIdHeader: 'X-Event-Id' } },
        { id: 'total', type: 'set', params: { fields: { seen: '{{ $json.body.tag }}' } } },
      ],
      connections: [{ from: 'hook', to: 'total' }],
    });
    await deployWorkflow(base, {
      id: 'answer',
      name: 'answer',
      nodes: [
        { id: 'hook', type: 'webhook', params: { path: 'answer', responseMode: 'lastNode' } },
        { id: 'reply', type: 'set', params: { fields: { ok: true } } },
      ],
      connections: [{ from: 'hook', to: 'reply' }],
    });

    const acknowledged: string[] = [];
    const accept = async (tag: string): Promise<void> => {
      const res = await call(base, 'POST', '/webhook/orders', { tag }, { headers: { 'X-Event-Id': tag } });
      expect(res.status, res.text).toBe(202);
      acknowledged.push(executionIdOf(res.body));
    };
    for (let n = 0; n < 10; n++) await accept(`before-${n}`);
    const allDone = async (): Promise<true | undefined> => {
      const rows = await db?.query<{ id: string; status: string }>('SELECT id, status FROM executions WHERE workflow_id = $1', ['orders']);
      return rows !== undefined && rows.length === acknowledged.length && rows.every((row) => row.status === 'success') ? true : undefined;
    };
    await waitFor('executions before the cut to finish', allDone, 30_000);

    await proxy.cut();
    for (let n = 0; n < 8; n++) {
      const res = await call(base, 'POST', '/webhook/orders', { tag: `down-${n}` }, { headers: { 'X-Event-Id': `down-${n}` } });
      expect(res.status, res.text).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect(errorCodeOf(res.body)).toBe('STORE_UNAVAILABLE');
      expect(res.headers.get('retry-after')).toBe('5');
    }
    const answered = await call(base, 'POST', '/webhook/answer', { tag: 'down-answer' });
    expect(answered.status, answered.text).toBe(503);
    expect(errorCodeOf(answered.body)).toBe('STORE_UNAVAILABLE');
    const health = await call(base, 'GET', '/healthz');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'unavailable', down: ['store'] });
    expect(server.child.exitCode).toBeNull();

    await proxy.restore();
    await waitFor('healthz ok after the database is back', async () => ((await call(base, 'GET', '/healthz')).status === 200 ? true : undefined), 30_000, 250);
    // The event ids refused during the cut were not recorded: resending them starts runs, not duplicates.
    for (let n = 0; n < 8; n++) await accept(`down-${n}`);
    for (let n = 0; n < 5; n++) await accept(`after-${n}`);
    const lastNode = await call(base, 'POST', '/webhook/answer', { tag: 'after-answer' });
    expect(lastNode.status, lastNode.text).toBe(200);
    expect(lastNode.body).toMatchObject({ ok: true });
    await waitFor('executions after the cut to finish', allDone, 30_000);

    // Nothing half-written: one execution per acknowledged call, each with its node runs; dedupe keys only for them.
    const rows = await db.query<{ id: string; trigger_items: string }>('SELECT id, trigger_items FROM executions WHERE workflow_id = $1', ['orders']);
    expect(rows.map((row) => row.id).sort()).toEqual([...acknowledged].sort());
    const tags = rows.map((row) => /"tag":"([^"]+)"/.exec(row.trigger_items)?.[1] ?? '').sort();
    expect(tags).toEqual([...Array.from({ length: 10 }, (_, n) => `before-${n}`), ...Array.from({ length: 8 }, (_, n) => `down-${n}`), ...Array.from({ length: 5 }, (_, n) => `after-${n}`)].sort());
    const answerRows = await db.query<{ trigger_items: string }>('SELECT trigger_items FROM executions WHERE workflow_id = $1', ['answer']);
    expect(answerRows.map((row) => /"tag":"([^"]+)"/.exec(row.trigger_items)?.[1])).toEqual(['after-answer']);
    const orphans = await db.query('SELECT execution_id FROM execution_nodes WHERE execution_id NOT IN (SELECT id FROM executions)');
    expect(orphans).toEqual([]);
    const keys = await db.query<{ execution_id: string }>('SELECT execution_id FROM dedupe_keys');
    expect(keys.map((key) => key.execution_id).sort()).toEqual([...acknowledged].sort());
  });

  it('queue mode: senders retrying with an event id get every order run exactly once across the cut', { timeout: 120_000 }, async () => {
    queueProxy = await startProxy('127.0.0.1', Number(new URL(PG_URL).port || 5432));
    probe = await startProbe(10);
    cluster = await createCluster('store_outage_q', { redisUrl: REDIS_URL, databaseUrl: pgUrlVia(queueProxy.port), env: { FLOWWERK_LEASE_MS: '3000', FLOWWERK_RECOVERY_INTERVAL_MS: '1000' } });
    const main = await cluster.main();
    await cluster.worker('worker', 8);
    const base = main.url ?? '';
    await deployWorkflow(base, {
      id: 'orders',
      name: 'orders',
      nodes: [{ id: 'hook', type: 'webhook', params: { path: 'orders', eventIdHeader: 'X-Event-Id' } }, probe.node('first'), probe.node('second')],
      connections: [{ from: 'hook', to: 'first' }, { from: 'first', to: 'second' }],
    });

    // Each order is sent until it is accepted (202) or recognised as already accepted (200 duplicate), like a shop
    // retrying its webhook; the database connection is cut for 2 s in the middle.
    const TOTAL = 200;
    const accepted = new Map<number, string>();
    const refused = new Map<string, number>();
    let duplicates = 0;
    let cut: Promise<void> | undefined;
    let next = 0;
    const sender = async (): Promise<void> => {
      while (next < TOTAL) {
        const n = next++;
        for (let attempt = 0; !accepted.has(n); attempt++) {
          if (attempt > 500) throw new Error(`order ${n} never accepted`);
          const res = await call(base, 'POST', '/webhook/orders', { n }, { headers: { 'X-Event-Id': `order-${n}` }, timeoutMs: 20_000 }).catch(() => undefined);
          if (res?.status === 202 || (res?.status === 200 && typeof res.body === 'object' && res.body !== null && 'duplicate' in res.body)) {
            accepted.set(n, executionIdOf(res.body));
            if (res.status === 200) duplicates++;
          } else {
            const key = res === undefined ? 'network' : `${res.status} ${errorCodeOf(res.body) ?? ''}`;
            refused.set(key, (refused.get(key) ?? 0) + 1);
            await sleep(20);
          }
        }
        if (cut === undefined && accepted.size >= 60) {
          cut = (async () => {
            await queueProxy?.cut();
            await sleep(2_000);
            await queueProxy?.restore();
          })();
        }
        await sleep(5);
      }
    };
    await Promise.all(Array.from({ length: 8 }, () => sender()));
    await cut;
    expect(cut).toBeDefined();
    expect(accepted.size).toBe(TOTAL);
    // The cut refused calls, each with a JSON 503.
    expect(refused.size).toBeGreaterThan(0);
    for (const key of refused.keys()) expect(key).toBe('503 STORE_UNAVAILABLE');

    const own = cluster;
    const ids = new Set(accepted.values());
    await waitFor(
      'every accepted execution to succeed',
      async () => {
        const rows = await own.db.query<{ id: string; status: string }>("SELECT id, status FROM executions WHERE workflow_id = 'orders'");
        const success = new Set(rows.filter((row) => row.status === 'success').map((row) => row.id));
        return [...ids].every((id) => success.has(id)) ? true : undefined;
      },
      90_000,
      500,
    );
    // Exactly one execution per order, and it is the one the sender was given.
    const rows = await own.db.query<{ id: string; trigger_items: string }>("SELECT id, trigger_items FROM executions WHERE workflow_id = 'orders'");
    const byOrder = new Map<number, string[]>();
    for (const row of rows) {
      const n = Number(/"n":(\d+)/.exec(row.trigger_items)?.[1] ?? -1);
      byOrder.set(n, [...(byOrder.get(n) ?? []), row.id]);
    }
    expect([...byOrder.entries()].filter(([, list]) => list.length !== 1)).toEqual([]);
    expect(new Set(rows.map((row) => row.id))).toEqual(ids);
    await sleep(500);
    const result = analyse(probe.calls, ids, ['first', 'second']);
    expect(result.missing).toEqual([]);
    expect(result.keyMismatches).toEqual([]);
    console.log(
      `store-outage (queue mode): ${TOTAL} orders, refused ${JSON.stringify(Object.fromEntries(refused))} during a 2 s cut, ${duplicates} retr${duplicates === 1 ? 'y' : 'ies'} ` +
        `answered as duplicate (stored although refused), ${result.repeated.length} node(s) run twice (same key), one execution per order`,
    );
  });
});
