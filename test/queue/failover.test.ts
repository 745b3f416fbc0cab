import type { ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { workflowSchema } from '../../server/engine/workflow/schema.js';
import type { ExecutionDetail, StoredWorkflow } from '../../server/store/types.js';
import { sendJson, startHttpStandin, type HttpStandin } from '../standins/http-server.js';
import { eventually, startQueueCluster, type QueueCluster } from './harness.js';

/**
 * Queue-mode failure handling in one test process (main + workers on real Redis and PostgreSQL): a run whose worker
 * died resumes on another worker after its last checkpoint, a lease held elsewhere is waited out, a cancel reaches
 * the worker running the execution, and a draining worker hands its run to another one.
 */

let cluster: QueueCluster;
let standin: HttpStandin;
/** Responses of `/hang` calls that have not been answered yet. */
const hanging: ServerResponse[] = [];
let hangNext = 0;

beforeAll(async () => {
  standin = await startHttpStandin();
  standin.on('POST', '/a', (_req, res) => sendJson(res, 200, { a: true }));
  standin.on('POST', '/b', (_req, res) => sendJson(res, 200, { b: true }));
  // Hangs while `hangNext` > 0 (a stand-in for a slow provider), else answers at once.
  standin.on('POST', '/hang', (_req, res) => {
    if (hangNext > 0) {
      hangNext--;
      hanging.push(res);
      return;
    }
    sendJson(res, 200, { late: true });
  });
  cluster = await startQueueCluster({ workers: 1, env: { FLOWWERK_LEASE_MS: '3000' } });
});

afterEach(() => {
  standin.clear();
  hangNext = 0;
  for (const res of hanging.splice(0)) res.destroy();
});

afterAll(async () => {
  await cluster?.close();
  await standin?.close();
});

const calls = (path: string): number => standin.requests.filter((request) => request.path === path).length;

async function saveChain(id: string, steps: readonly string[]): Promise<StoredWorkflow> {
  const nodes = [{ id: 'start', type: 'manual' }, ...steps.map((step) => ({ id: step, type: 'httpRequest', params: { method: 'POST', url: `${standin.url}/${step}`, body: {} } }))];
  const ids = ['start', ...steps];
  const connections = ids.slice(1).map((to, index) => ({ from: ids[index] ?? '', to }));
  return cluster.main.services.store.workflows.create({ ...workflowSchema.parse({ id, name: id, nodes, connections }), id });
}

async function settled(executionId: string, status: string): Promise<ExecutionDetail> {
  return eventually(async () => {
    const current = await cluster.main.services.store.executions.get(executionId);
    return current?.status === status ? current : undefined;
  }, 30_000, `execution ${executionId} ${status}`);
}

describe('queue mode failover', () => {
  it('resumes a run whose worker died after its last checkpoint, on the next worker, once recovery finds it', async () => {
    const workflow = await saveChain('fo-dead', ['a', 'b']);
    const store = cluster.main.services.store;
    // The state a killed worker leaves: running, node `a` checkpointed, a lease that ran out, no job in Redis.
    const created = await store.executions.create({
      workflowId: workflow.id,
      workflowVersion: workflow.version,
      mode: 'manual',
      triggerNodeId: 'start',
      triggerItems: [{ json: {} }],
      nodes: [
        { nodeId: 'start', status: 'success', attempts: 1, startedAt: 1, finishedAt: 1, inputCount: 1, outputs: { main: [{ json: {} }] } },
        { nodeId: 'a', status: 'success', attempts: 1, startedAt: 1, finishedAt: 2, inputCount: 1, outputs: { main: [{ json: { a: 'checkpointed' } }] } },
      ],
    });
    if (created.status !== 'created') throw new Error('not created');
    const id = created.execution.id;
    expect(await store.executions.claim(id, { owner: 'killed-worker', until: Date.now() - 1, now: Date.now() - 5000 }, Date.now() - 5000)).toEqual({ status: 'claimed' });
    expect(await cluster.main.services.executions.reconcile(0)).toContain(id);
    const done = await settled(id, 'success');
    expect(done.order).toEqual(['start', 'a', 'b']);
    expect(done.nodes.a?.outputs.main?.[0]?.json).toEqual({ a: 'checkpointed' });
    expect(calls('/a')).toBe(0);
    expect(calls('/b')).toBe(1);
  });

  it('a re-delivered job whose lease another worker still holds waits for that lease instead of running twice', async () => {
    const workflow = await saveChain('fo-held', ['a']);
    const store = cluster.main.services.store;
    const created = await store.executions.create({ workflowId: workflow.id, workflowVersion: workflow.version, mode: 'manual', triggerNodeId: 'start', triggerItems: [{ json: {} }] });
    if (created.status !== 'created') throw new Error('not created');
    const id = created.execution.id;
    const heldUntil = Date.now() + 1500;
    await store.executions.claim(id, { owner: 'busy-worker', until: heldUntil, now: Date.now() }, Date.now());
    expect(await cluster.main.services.executions.reconcile(0)).toEqual([]);
    // Queue it anyway (a stalled job that BullMQ re-delivered): the worker sees the lease and comes back later.
    await cluster.main.services.executions.wakeDue();
    const queued = await cluster.main.services.executions.recover();
    expect(queued).not.toContain(id);
    // Force a job as BullMQ's stall check would.
    const { Queue } = await import('bullmq');
    const { Redis } = await import('ioredis');
    const redis = new Redis(process.env.FLOWWERK_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
    const bull = new Queue('executions', { connection: redis, prefix: cluster.names.prefix });
    try {
      await bull.add('run', { executionId: id }, { jobId: id, removeOnComplete: true, removeOnFail: true });
      await eventually(async () => ((await (await bull.getJob(id))?.getState()) === 'delayed' ? true : undefined), 10_000, 'job delayed for the held lease');
      expect(calls('/a')).toBe(0);
      const done = await settled(id, 'success');
      expect(done.startedAt).toBeLessThanOrEqual(heldUntil);
      expect(Date.now()).toBeGreaterThanOrEqual(heldUntil);
      expect(calls('/a')).toBe(1);
    } finally {
      await bull.close();
      redis.disconnect();
    }
  });

  it('a cancel on the main aborts the run in the worker', async () => {
    const workflow = await saveChain('fo-cancel', ['hang', 'b']);
    hangNext = 1;
    const accepted = await cluster.main.services.executions.accept({ workflow, mode: 'manual', triggerItems: [{ json: {} }] });
    if (accepted.status !== 'accepted') throw new Error(accepted.status);
    await eventually(() => (hanging.length === 1 ? true : undefined), 10_000, 'worker calling /hang');
    expect(await cluster.main.services.executions.cancel(accepted.executionId)).toEqual({ status: 'cancelled' });
    await eventually(() => (cluster.workers[0]?.services.executions.stats().running === 0 ? true : undefined), 10_000, 'worker run aborted');
    const final = await settled(accepted.executionId, 'cancelled');
    expect(final.nodes.b).toBeUndefined();
    expect(calls('/b')).toBe(0);
  });

  it('a draining worker hands its unfinished run to another worker, which resumes after the checkpoint', async () => {
    const workflow = await saveChain('fo-drain', ['a', 'hang', 'b']);
    hangNext = 1;
    const first = cluster.workers[0];
    if (first === undefined) throw new Error('no worker');
    const accepted = await cluster.main.services.executions.accept({ workflow, mode: 'manual', triggerItems: [{ json: {} }] });
    if (accepted.status !== 'accepted') throw new Error(accepted.status);
    await eventually(() => (hanging.length === 1 ? true : undefined), 10_000, 'first worker calling /hang');
    const second = await cluster.addWorker();
    await first.services.close(200);
    cluster.workers.splice(cluster.workers.indexOf(first), 1);
    const done = await settled(accepted.executionId, 'success');
    expect(done.order).toEqual(['start', 'a', 'hang', 'b']);
    expect(calls('/a')).toBe(1);
    expect(calls('/hang')).toBe(2);
    expect(calls('/b')).toBe(1);
    expect(second.logs()).toContain(accepted.executionId);
  });
});
