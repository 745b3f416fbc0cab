import type { ServerResponse } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { sendJson, startHttpStandin, type HttpStandin } from '../standins/http-server.js';
import {
  PG_URL, pgUrlVia, createPgSchema, deployWorkflow, call, spawnFlowwerk, startProxy, tempDir, waitFor,
  type CuttableProxy, type FlowwerkProcess, type PgSchema,
} from './services.js';

/**
 * One process on PostgreSQL (no queue mode): a run whose checkpoint fails because the database went away is not
 * left for the next restart: it resumes from its last checkpoint once the database answers again. The node that
 * was running when the write failed runs again with the same idempotency key.
 */

let db: PgSchema | undefined;
let proxy: CuttableProxy | undefined;
let server: FlowwerkProcess | undefined;
let standin: HttpStandin | undefined;
const held: ServerResponse[] = [];
const dir = tempDir('store-outage-resume');

afterAll(async () => {
  await server?.kill('SIGKILL');
  for (const res of held) res.destroy();
  await standin?.close();
  await proxy?.close();
  await db?.drop();
  dir.remove();
});


describe('PostgreSQL unreachable mid-run (one process)', () => {
  it('resumes the interrupted run from its checkpoint once the database is back, without a restart', { timeout: 90_000 }, async () => {
    standin = await startHttpStandin();
    let holdNext = true;
    standin.on('POST', '/reserve', (_req, res) => {
      if (holdNext) {
        holdNext = false;
        held.push(res);
        return;
      }
      sendJson(res, 200, { reserved: true });
    });
    standin.on('POST', '/notify', (_req, res) => sendJson(res, 200, { sent: true }));
    db = await createPgSchema('store_outage_resume');
    proxy = await startProxy('127.0.0.1', Number(new URL(PG_URL).port || 5432));
    server = await spawnFlowwerk({ name: 'main', args: ['start', '--port', '0', '--data-dir', dir.path], env: { FLOWWERK_DATABASE_URL: db.urlVia(pgUrlVia(proxy.port)) } });
    const base = server.url ?? '';
    const post = (id: string, path: string, body: Record<string, string>) => ({ id, type: 'httpRequest', params: { method: 'POST', url: `${standin?.url ?? ''}${path}`, body } });
    await deployWorkflow(base, {
      id: 'reserve',
      name: 'reserve',
      nodes: [{ id: 'hook', type: 'webhook', params: { path: 'reserve' } }, post('reserve', '/reserve', { order: '{{ $json.body.order }}' }), post('notify', '/notify', { reserved: 'yes' })],
      connections: [{ from: 'hook', to: 'reserve' }, { from: 'reserve', to: 'notify' }],
    });

    const accepted = await call(base, 'POST', '/webhook/reserve', { order: 'A-1' });
    expect(accepted.status, accepted.text).toBe(202);
    const executionId = typeof accepted.body === 'object' && accepted.body !== null && 'executionId' in accepted.body ? String(accepted.body.executionId) : '';
    await waitFor('the run to call /reserve', () => (held.length === 1 ? true : undefined), 20_000);

    // The database goes away while /reserve is in flight; its answer then cannot be checkpointed.
    await proxy.cut();
    sendJson(held[0] as ServerResponse, 200, { reserved: true });
    await waitFor('the failed checkpoint to be logged', () => (server?.output().includes('execution interrupted: checkpoint failed') ? true : undefined), 20_000);
    await proxy.restore();

    const done = await waitFor('the run to finish without a restart', async () => {
      const rows = await db?.query<{ status: string }>('SELECT status FROM executions WHERE id = $1', [executionId]);
      return rows?.[0]?.status === 'success' ? true : undefined;
    }, 40_000, 250).catch(async (error: unknown) => {
      const rows = await db?.query<{ error: string }>('SELECT error FROM executions WHERE id = $1', [executionId]);
      throw new Error(`${String(error)}\n${JSON.stringify(rows)}\n${server?.output().slice(-4000) ?? ''}`);
    });
    expect(done).toBe(true);
    expect(server.child.exitCode).toBeNull();
    const reserves = standin.requests.filter((request) => request.path === '/reserve');
    expect(reserves).toHaveLength(2);
    expect(new Set(reserves.map((request) => request.headers['idempotency-key']))).toEqual(new Set([`${executionId}:reserve:0`]));
    expect(standin.requests.filter((request) => request.path === '/notify')).toHaveLength(1);
  });
});
