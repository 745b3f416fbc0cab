import { Queue as BullQueue } from 'bullmq';
import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SharedTriggerManager } from '../../server/app/shared-triggers.js';
import { API_KEY, REDIS_URL, eventually, startQueueCluster, type QueueCluster } from './harness.js';

/**
 * Queue mode in one test process: a main (HTTP app, stores and queues) and a worker (runs from Redis) sharing
 * real Redis (unique prefix) and PostgreSQL (unique schema). The main has no job processor, so every run below
 * happens in the worker; answers come back over Redis.
 */

let cluster: QueueCluster;
let redis: Redis;
let bull: BullQueue;

beforeAll(async () => {
  cluster = await startQueueCluster({ workers: 1, parkAfterMs: 300, env: { FLOWWERK_WEBHOOK_TIMEOUT_MS: '20000' } });
  redis = new Redis(REDIS_URL);
  bull = new BullQueue('executions', { connection: redis, prefix: cluster.names.prefix });
});

afterAll(async () => {
  await bull?.close();
  redis?.disconnect();
  await cluster?.close();
});

async function activeWorkflow(workflow: Record<string, unknown>): Promise<void> {
  const created = await request(cluster.main.app).post('/api/v1/workflows').set('X-API-Key', API_KEY).send(workflow);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const activated = await request(cluster.main.app).post(`/api/v1/workflows/${String(workflow.id)}/activate`).set('X-API-Key', API_KEY);
  expect(activated.status, JSON.stringify(activated.body)).toBe(200);
}

function ranInWorker(executionId: string): boolean {
  const ended = (logs: string): boolean => logs.split('\n').some((line) => line.includes(executionId) && line.includes('"execution ended"'));
  return ended(cluster.workers[0]?.logs() ?? '') && !ended(cluster.main.logs());
}

describe('queue mode: main stores and queues, the worker runs', () => {
  it('answers a lastNode webhook with the end node output computed in the worker', async () => {
    await activeWorkflow({
      id: 'q-last',
      nodes: [
        { id: 'hook', type: 'webhook', params: { path: 'q-last', method: 'POST', responseMode: 'lastNode' } },
        { id: 'total', type: 'set', params: { fields: { total: '{{ $json.body.qty * $json.body.price }}' } } },
      ],
      connections: [{ from: 'hook', to: 'total' }],
    });
    const res = await request(cluster.main.app).post('/webhook/q-last').send({ qty: 3, price: 7 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ total: 21 });
    const executionId = String(res.headers['x-execution-id']);
    expect(await cluster.main.services.store.executions.get(executionId)).toMatchObject({ status: 'success', mode: 'webhook' });
    await eventually(() => (ranInWorker(executionId) ? true : undefined), 5000, 'worker log line');
    // The finished job is gone from Redis (the store keeps the history).
    expect(await bull.getJob(executionId)).toBeUndefined();
  });

  it('answers a respondNode webhook with the respond node of a run in the worker', async () => {
    await activeWorkflow({
      id: 'q-respond',
      nodes: [
        { id: 'hook', type: 'webhook', params: { path: 'q-respond', responseMode: 'respondNode' } },
        { id: 'answer', type: 'respond', params: { status: 201, body: { ok: '{{ $json.body.n }}' }, headers: { 'X-Custom': 'yes' } } },
        { id: 'after', type: 'set', params: { fields: { later: true } } },
      ],
      connections: [{ from: 'hook', to: 'answer' }, { from: 'answer', to: 'after' }],
    });
    const res = await request(cluster.main.app).post('/webhook/q-respond').send({ n: 7 });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ ok: 7 });
    expect(res.headers['x-custom']).toBe('yes');
    const executionId = String(res.headers['x-execution-id']);
    expect(await cluster.main.services.executions.whenSettled(executionId)).toBe('success');
  });

  it('parks a long wait as a delayed BullMQ job (no sleeping worker) and resumes it after the wait', async () => {
    await activeWorkflow({
      id: 'q-wait',
      nodes: [
        { id: 'hook', type: 'webhook', params: { path: 'q-wait', responseMode: 'lastNode' } },
        { id: 'pause', type: 'wait', params: { seconds: 2 } },
        { id: 'done', type: 'set', params: { fields: { done: true } } },
      ],
      connections: [{ from: 'hook', to: 'pause' }, { from: 'pause', to: 'done' }],
    });
    const res = await request(cluster.main.app).post('/webhook/q-wait').send({});
    // The run parked: the caller gets 202 with the id.
    expect(res.status).toBe(202);
    const executionId = String(res.body.executionId);
    const parked = await cluster.main.services.store.executions.get(executionId);
    expect(parked?.status).toBe('waiting');
    expect(await (await bull.getJob(executionId))?.getState()).toBe('delayed');
    expect(cluster.workers[0]?.services.executions.stats().running).toBe(0);
    const done = await eventually(async () => {
      const current = await cluster.main.services.store.executions.get(executionId);
      return current?.status === 'success' ? current : undefined;
    });
    expect(done?.order).toEqual(['hook', 'pause', 'done']);
    expect(done?.nodes.done?.outputs.main?.[0]?.json).toMatchObject({ done: true });
  });

  it('runs wait-mode sub-workflows and error workflows in the worker', async () => {
    await activeWorkflow({ id: 'q-child', nodes: [{ id: 'start', type: 'manual' }, { id: 'inner', type: 'set', params: { fields: { inner: true } } }], connections: [{ from: 'start', to: 'inner' }] });
    await activeWorkflow({
      id: 'q-handler',
      nodes: [{ id: 'caught', type: 'errorTrigger' }, { id: 'note', type: 'set', params: { fields: { failedNode: '{{ $json.error.node }}' } } }],
      connections: [{ from: 'caught', to: 'note' }],
    });
    await activeWorkflow({
      id: 'q-parent',
      settings: { errorWorkflow: 'q-handler' },
      nodes: [
        { id: 'hook', type: 'webhook', params: { path: 'q-parent', responseMode: 'lastNode' } },
        { id: 'call', type: 'executeWorkflow', params: { workflowId: 'q-child', mode: 'wait' } },
        { id: 'check', type: 'stopAndError', params: { message: 'stop after the child' } },
      ],
      connections: [{ from: 'hook', to: 'call' }, { from: 'call', to: 'check' }],
    });
    const res = await request(cluster.main.app).post('/webhook/q-parent').send({ x: 1 });
    expect(res.status).toBe(500);
    const parentId = String(res.headers['x-execution-id']);
    const store = cluster.main.services.store;
    const parent = await store.executions.get(parentId);
    expect(parent?.nodes.call?.outputs.main?.[0]?.json).toMatchObject({ inner: true });
    const children = (await store.executions.list({ workflowId: 'q-child' })).data;
    expect(children).toMatchObject([{ mode: 'subworkflow', parentExecutionId: parentId, status: 'success' }]);
    const handled = await eventually(async () => {
      const runs = (await store.executions.list({ workflowId: 'q-handler' })).data;
      return runs[0]?.status === 'success' ? runs[0] : undefined;
    });
    expect(handled).toMatchObject({ mode: 'error', parentExecutionId: parentId });
    expect((await store.executions.get(handled.id))?.nodes.note?.outputs.main?.[0]?.json).toMatchObject({ failedNode: 'check' });
  });

  it('heals a trigger table that missed a change message: resync reloads what differs from the store', async () => {
    await activeWorkflow({ id: 'q-resync', nodes: [{ id: 'hook', type: 'webhook', params: { path: 'q-resync', responseMode: 'onReceived' } }], connections: [] });
    expect((await request(cluster.main.app).post('/webhook/q-resync').send({})).status).toBe(202);
    // Changed behind this process's back (as another main would, with the message lost).
    await cluster.main.services.store.workflows.setActive('q-resync', false);
    const triggers = cluster.main.services.triggers;
    if (!(triggers instanceof SharedTriggerManager)) throw new Error('queue mode uses the shared trigger manager');
    await triggers.resync();
    expect((await request(cluster.main.app).post('/webhook/q-resync').send({})).status).toBe(404);
    await cluster.main.services.store.workflows.setActive('q-resync', true);
    await triggers.resync();
    expect((await request(cluster.main.app).post('/webhook/q-resync').send({})).status).toBe(202);
  });

  it('re-enqueueing an execution that has a job is a no-op; a lost job comes back from the store', async () => {
    await activeWorkflow({
      id: 'q-lost',
      nodes: [{ id: 'hook', type: 'webhook', params: { path: 'q-lost', responseMode: 'onReceived' } }, { id: 'pause', type: 'wait', params: { seconds: 30 } }],
      connections: [{ from: 'hook', to: 'pause' }],
    });
    const res = await request(cluster.main.app).post('/webhook/q-lost').send({});
    expect(res.status).toBe(202);
    const executionId = String(res.body.executionId);
    await eventually(async () => ((await cluster.main.services.store.executions.get(executionId))?.status === 'waiting' ? true : undefined));
    const job = await bull.getJob(executionId);
    expect(await job?.getState()).toBe('delayed');
    // Recovery finds it waiting, but its delayed job exists: nothing new.
    await cluster.main.services.executions.recover();
    expect((await bull.getJobCounts('delayed')).delayed).toBe(1);
    // Redis loses the job (flush, restart): recovery at start queues it again from the store, still delayed.
    await job?.remove();
    expect(await bull.getJob(executionId)).toBeUndefined();
    expect(await cluster.main.services.executions.recover()).toContain(executionId);
    expect(await (await bull.getJob(executionId))?.getState()).toBe('delayed');
    expect(await cluster.main.services.executions.cancel(executionId)).toEqual({ status: 'cancelled' });
  });
});
