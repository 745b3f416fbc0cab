import { afterAll, describe, expect, it } from 'vitest';
import {
  PG_URL, call, createPgSchema, deployWorkflow, spawnFlowwerk, startProxy, tempDir, waitFor,
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
const dir = tempDir('store-outage');

afterAll(async () => {
  await server?.kill('SIGKILL');
  await proxy?.close();
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
    const viaProxy = new URL(PG_URL);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    server = await spawnFlowwerk({ name: 'main', args: ['start', '--port', '0', '--data-dir', dir.path], env: { FLOWWERK_DATABASE_URL: db.urlVia(viaProxy.toString()) } });
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
});
