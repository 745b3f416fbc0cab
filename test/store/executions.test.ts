import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NodeRun } from '../../server/engine/run-record.js';
import type { Store } from '../../server/store/types.js';
import { backends } from './backends.js';

function nodeRun(nodeId: string, json: Record<string, string | number> = { ok: 1 }, status: NodeRun['status'] = 'success'): NodeRun {
  return { nodeId, status, attempts: 1, startedAt: 1, finishedAt: 2, inputCount: 1, outputs: { main: [{ json }] } };
}

const base = { workflowId: 'wf', workflowVersion: 3, mode: 'webhook' as const, triggerNodeId: 'hook', triggerItems: [{ json: { body: { n: 1 } } }] };

describe.each(backends)('execution store ($name)', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let clock = 10_000;

  beforeEach(async () => {
    clock = 10_000;
    ({ store, dispose } = await backend.open(() => clock));
  });
  afterEach(async () => dispose());

  async function create(overrides: Partial<typeof base> = {}): Promise<string> {
    const result = await store.executions.create({ ...base, ...overrides });
    if (result.status !== 'created') throw new Error('not created');
    return result.execution.id;
  }

  it('stores a queued execution with its version and trigger items, then checkpoints nodes into a record', async () => {
    const id = await create();
    const queued = await store.executions.get(id);
    expect(queued).toMatchObject({ status: 'queued', workflowVersion: 3, mode: 'webhook', triggerItems: base.triggerItems, nodes: {}, order: [] });
    expect(await store.executions.markRunning(id, 11_000)).toBe(true);
    await store.executions.checkpoint({ executionId: id, nodeRun: nodeRun('hook'), orderIndex: 0 });
    await store.executions.checkpoint({ executionId: id, nodeRun: nodeRun('set', { total: 5 }), orderIndex: 1 });
    await store.executions.checkpoint({ executionId: id, nodeRun: { ...nodeRun('http'), status: 'running', outputs: {} }, orderIndex: -1 });
    const record = await store.executions.getRecord(id);
    expect(record).toMatchObject({ executionId: id, status: 'running', startedAt: 11_000, order: ['hook', 'set'] });
    expect(record?.nodes.set?.outputs.main?.[0]?.json).toEqual({ total: 5 });
    expect(record?.nodes.http?.status).toBe('running');
    expect(await store.executions.listUnfinished()).toEqual([id]);
  });

  it('finishes with the save policy: all keeps, errors keeps failures only, none keeps nothing', async () => {
    const kept = await create();
    await store.executions.finish(kept, { status: 'success', finishedAt: 12_000 }, { policy: 'all' });
    expect(await store.executions.get(kept)).toMatchObject({ status: 'success', finishedAt: 12_000 });
    const dropped = await create();
    await store.executions.checkpoint({ executionId: dropped, nodeRun: nodeRun('hook'), orderIndex: 0 });
    await store.executions.finish(dropped, { status: 'success', finishedAt: 12_000 }, { policy: 'errors' });
    expect(await store.executions.get(dropped)).toBeUndefined();
    const failed = await create();
    const error = { code: 'BOOM', message: 'no', retryable: false };
    await store.executions.finish(failed, { status: 'failed', finishedAt: 12_000, error }, { policy: 'errors' });
    expect((await store.executions.get(failed))?.error).toEqual(error);
    const none = await create();
    await store.executions.finish(none, { status: 'failed', finishedAt: 12_000, error }, { policy: 'none' });
    expect(await store.executions.get(none)).toBeUndefined();
    expect(await store.executions.listUnfinished()).toEqual([]);
  });

  it('caps large node outputs in the finished record with a marker', async () => {
    const id = await create();
    const big = { text: 'x'.repeat(5_000) };
    await store.executions.checkpoint({ executionId: id, nodeRun: nodeRun('big', big), orderIndex: 0 });
    await store.executions.checkpoint({ executionId: id, nodeRun: nodeRun('small'), orderIndex: 1 });
    expect((await store.executions.getRecord(id))?.nodes.big?.outputs.main?.[0]?.json).toEqual(big);
    await store.executions.finish(id, { status: 'success', finishedAt: 1 }, { capBytes: 1_000 });
    const detail = await store.executions.get(id);
    expect(detail?.nodes.big?.truncated).toBe(true);
    expect(detail?.nodes.big?.outputs.main).toEqual([{ json: { truncated: true, itemCount: 1, bytes: expect.any(Number) } }]);
    expect(detail?.nodes.small?.outputs.main?.[0]?.json).toEqual({ ok: 1 });
  });

  it('redacts secrets from node data and errors', async () => {
    const id = await create();
    const secret = 'sk_live_"quoted"\\secret';
    await store.executions.checkpoint({ executionId: id, nodeRun: nodeRun('http', { echoed: `Bearer ${secret}` }), orderIndex: 0, secrets: [secret] });
    await store.executions.finish(id, { status: 'failed', finishedAt: 1, error: { code: 'X', message: `bad ${secret}`, retryable: false } }, { secrets: [secret] });
    const detail = await store.executions.get(id);
    expect(detail?.nodes.http?.outputs.main?.[0]?.json).toEqual({ echoed: 'Bearer [redacted]' });
    expect(detail?.error?.message).toBe('bad [redacted]');
  });

  it('suppresses a duplicate dedupe key within its window and accepts it after expiry', async () => {
    const first = await store.executions.create(base, { key: 'wf:evt-1', expiresAt: 20_000 });
    expect(first.status).toBe('created');
    const again = await store.executions.create(base, { key: 'wf:evt-1', expiresAt: 20_000 });
    expect(again).toEqual({ status: 'duplicate', executionId: first.status === 'created' ? first.execution.id : '' });
    expect(await store.dedupe.find('wf:evt-1', 15_000)).toBe(first.status === 'created' ? first.execution.id : '');
    clock = 20_001;
    const later = await store.executions.create(base, { key: 'wf:evt-1', expiresAt: 30_000 });
    expect(later.status).toBe('created');
    expect(await store.dedupe.prune(40_000)).toBe(1);
  });

  it('parks waiting executions and claims each due one once', async () => {
    const id = await create();
    await store.executions.finish(id, { status: 'waiting', resumeAt: 50_000, nodes: [nodeRun('hook'), { ...nodeRun('wait'), status: 'waiting', resumeAt: 50_000 }], order: ['hook'] });
    expect(await store.executions.get(id)).toMatchObject({ status: 'waiting', resumeAt: 50_000, order: ['hook'] });
    expect(await store.executions.nextResumeAt()).toBe(50_000);
    expect(await store.executions.claimDue(49_999)).toEqual([]);
    expect(await store.executions.claimDue(50_000)).toEqual([id]);
    expect(await store.executions.claimDue(50_000)).toEqual([]);
    expect(await store.executions.nextResumeAt()).toBeNull();
    expect(await store.executions.markRunning(id, 50_001)).toBe(true);
  });

  it('cancels live executions only', async () => {
    const id = await create();
    expect(await store.executions.cancel(id, 5)).toBe('cancelled');
    expect(await store.executions.markRunning(id, 6)).toBe(false);
    const done = await create();
    await store.executions.finish(done, { status: 'success', finishedAt: 1 });
    expect(await store.executions.cancel(done, 5)).toBe('success');
    expect(await store.executions.cancel('missing', 5)).toBeUndefined();
  });

  it('lists newest first with filters and cursor, and prunes by age and count', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      clock = 10_000 + i * 1000;
      ids.push(await create({ workflowId: i % 2 === 0 ? 'even' : 'odd' }));
    }
    for (const id of ids.slice(0, 5)) await store.executions.finish(id, { status: 'success', finishedAt: clock });
    const page1 = await store.executions.list({ limit: 4 });
    expect(page1.data.map((e) => e.id)).toEqual([...ids].reverse().slice(0, 4));
    const page2 = await store.executions.list({ limit: 4, cursor: page1.nextCursor });
    expect(page2).toMatchObject({ nextCursor: null });
    expect(page2.data.map((e) => e.id)).toEqual([ids[1], ids[0]]);
    expect((await store.executions.list({ workflowId: 'even' })).data).toHaveLength(3);
    expect((await store.executions.list({ status: 'queued' })).data.map((e) => e.id)).toEqual([ids[5]]);
    expect(await store.executions.countByStatus()).toEqual({ success: 5, queued: 1 });
    // Finished times: ids[0..4] finished at 15_000 (clock at the end of the loop).
    await store.executions.finish(ids[0] ?? '', { status: 'success', finishedAt: 1_000 });
    expect(await store.executions.prune({ now: 20_000, maxAgeMs: 10_000 })).toBe(1);
    expect(await store.executions.prune({ now: 20_000, maxCount: 2 })).toBe(2);
    expect((await store.executions.list()).data.map((e) => e.id)).toEqual([ids[5], ids[4], ids[3]]);
  });

  it('copies node runs given at creation (retry)', async () => {
    const result = await store.executions.create({ ...base, mode: 'retry', retryOf: 'old', nodes: [nodeRun('hook'), nodeRun('set')] });
    expect(result.status).toBe('created');
    const id = result.status === 'created' ? result.execution.id : '';
    expect(await store.executions.getRecord(id)).toMatchObject({ mode: 'retry', order: ['hook', 'set'] });
    expect((await store.executions.get(id))?.retryOf).toBe('old');
  });
});
