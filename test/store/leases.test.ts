import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NodeRun } from '../../server/engine/run-record.js';
import { LeaseLostError, type Store } from '../../server/store/types.js';
import { backends } from './backends.js';

const nodeRun = (nodeId: string, by: string): NodeRun =>
  ({ nodeId, status: 'success', attempts: 1, startedAt: 1, finishedAt: 2, inputCount: 1, outputs: { main: [{ json: { by } }] } });

const base = { workflowId: 'wf', workflowVersion: 1, mode: 'webhook' as const, triggerNodeId: 'hook', triggerItems: [{ json: {} }] };

describe.each(backends)('execution leases ($name)', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let clock = 100_000;

  beforeEach(async () => {
    clock = 100_000;
    ({ store, dispose } = await backend.open(() => clock));
  });
  afterEach(async () => dispose());

  async function create(): Promise<string> {
    const result = await store.executions.create(base);
    if (result.status !== 'created') throw new Error('not created');
    return result.execution.id;
  }

  it('gives a live execution to one owner at a time; the holder may claim again; a finished one is gone', async () => {
    const id = await create();
    expect(await store.executions.claim(id, { owner: 'w1', until: 130_000, now: 100_000 }, 100_000)).toEqual({ status: 'claimed' });
    expect(await store.executions.get(id)).toMatchObject({ status: 'running', startedAt: 100_000 });
    expect(await store.executions.claim(id, { owner: 'w2', until: 131_000, now: 101_000 }, 101_000)).toEqual({ status: 'held', owner: 'w1', until: 130_000 });
    expect(await store.executions.claim(id, { owner: 'w1', until: 140_000, now: 110_000 }, 110_000)).toEqual({ status: 'claimed' });
    // startedAt is kept from the first claim.
    expect((await store.executions.get(id))?.startedAt).toBe(100_000);
    await store.executions.finish(id, { status: 'success', finishedAt: 120_000 });
    expect(await store.executions.claim(id, { owner: 'w2', until: 150_000, now: 120_000 }, 120_000)).toEqual({ status: 'gone' });
    expect(await store.executions.claim('absent', { owner: 'w2', until: 150_000, now: 120_000 }, 120_000)).toEqual({ status: 'gone' });
  });

  it('lets another owner take an expired lease, and the old owner loses it on renewal', async () => {
    const id = await create();
    await store.executions.claim(id, { owner: 'w1', until: 130_000, now: 100_000 }, 100_000);
    expect(await store.executions.renewLeases('w1', [id], 160_000)).toEqual([id]);
    expect((await store.executions.claim(id, { owner: 'w2', until: 170_000, now: 150_000 }, 150_000)).status).toBe('held');
    expect(await store.executions.claim(id, { owner: 'w2', until: 200_000, now: 160_001 }, 160_001)).toEqual({ status: 'claimed' });
    expect(await store.executions.renewLeases('w1', [id], 210_000)).toEqual([]);
    expect(await store.executions.renewLeases('w2', [id, 'absent'], 210_000)).toEqual([id]);
  });

  it('releases a lease for the next worker, and parking or cancelling clears it', async () => {
    const id = await create();
    await store.executions.claim(id, { owner: 'w1', until: 130_000, now: 100_000 }, 100_000);
    await store.executions.releaseLease(id, 'w2');
    expect((await store.executions.claim(id, { owner: 'w2', until: 130_000, now: 100_000 }, 100_000)).status).toBe('held');
    await store.executions.releaseLease(id, 'w1');
    expect((await store.executions.claim(id, { owner: 'w2', until: 130_000, now: 100_000 }, 100_000)).status).toBe('claimed');
    await store.executions.finish(id, { status: 'waiting', resumeAt: 500_000, nodes: [], order: [] });
    expect(await store.executions.claim(id, { owner: 'w3', until: 130_000, now: 100_000 }, 100_000)).toEqual({ status: 'claimed' });
    expect(await store.executions.get(id)).toMatchObject({ status: 'running', resumeAt: null });
    await store.executions.cancel(id, 120_000);
    expect(await store.executions.renewLeases('w3', [id], 200_000)).toEqual([]);
  });

  it('lists orphans: old queued ones, running ones without a live lease, and waiting ones due', async () => {
    const oldQueued = await create();
    clock = 105_000;
    const held = await create();
    const expired = await create();
    const parkedSoon = await create();
    const parkedLater = await create();
    const done = await create();
    const newQueued = await create();
    await store.executions.claim(held, { owner: 'w1', until: 200_000, now: 105_000 }, 105_000);
    await store.executions.claim(expired, { owner: 'w1', until: 106_000, now: 105_000 }, 105_000);
    await store.executions.finish(parkedSoon, { status: 'waiting', resumeAt: 107_000, nodes: [], order: [] });
    await store.executions.finish(parkedLater, { status: 'waiting', resumeAt: 900_000, nodes: [], order: [] });
    await store.executions.finish(done, { status: 'success', finishedAt: 105_000 });
    const listed = await store.executions.listOrphaned({ now: 110_000, queuedBefore: 100_000, waitingDueBy: 110_000 });
    expect(listed).toEqual([
      { id: oldQueued, status: 'queued', resumeAt: null },
      { id: expired, status: 'running', resumeAt: null },
      { id: parkedSoon, status: 'waiting', resumeAt: 107_000 },
    ]);
    const all = await store.executions.listOrphaned({ now: 110_000, queuedBefore: 110_000, waitingDueBy: Number.MAX_SAFE_INTEGER });
    expect(all.map((orphan) => orphan.id)).toEqual([oldQueued, expired, parkedSoon, parkedLater, newQueued]);
    expect(all.map((orphan) => orphan.id)).not.toContain(held);
  });

  it('refuses fenced checkpoints and ends from an owner that lost the lease, and writes nothing of them', async () => {
    const id = await create();
    await store.executions.claim(id, { owner: 'w1', until: 130_000, now: 100_000 }, 100_000);
    await store.executions.checkpoint({ executionId: id, nodeRun: nodeRun('a', 'w1'), orderIndex: 0, leaseOwner: 'w1' });
    // w1 stalls past its lease; w2 takes the execution over.
    expect((await store.executions.claim(id, { owner: 'w2', until: 200_000, now: 140_000 }, 140_000)).status).toBe('claimed');
    const late = store.executions.checkpoint({ executionId: id, nodeRun: nodeRun('b', 'w1'), orderIndex: 1, leaseOwner: 'w1' });
    await expect(late).rejects.toBeInstanceOf(LeaseLostError);
    await expect(store.executions.finish(id, { status: 'success', finishedAt: 141_000 }, { leaseOwner: 'w1' })).rejects.toMatchObject({ code: 'LEASE_LOST' });
    await expect(store.executions.finish(id, { status: 'success', finishedAt: 141_000 }, { leaseOwner: 'w1', policy: 'none' })).rejects.toBeInstanceOf(LeaseLostError);
    await expect(store.executions.finish(id, { status: 'waiting', resumeAt: 900_000, nodes: [nodeRun('c', 'w1')], order: [] }, { leaseOwner: 'w1' }))
      .rejects.toBeInstanceOf(LeaseLostError);
    expect(await store.executions.get(id)).toMatchObject({ status: 'running' });
    expect(Object.keys((await store.executions.get(id))?.nodes ?? {})).toEqual(['a']);

    // The new owner's writes go through.
    await store.executions.checkpoint({ executionId: id, nodeRun: nodeRun('b', 'w2'), orderIndex: 1, leaseOwner: 'w2' });
    await store.executions.finish(id, { status: 'success', finishedAt: 150_000 }, { leaseOwner: 'w2' });
    const done = await store.executions.get(id);
    expect(done).toMatchObject({ status: 'success', finishedAt: 150_000 });
    expect(done?.nodes.b?.outputs.main?.[0]?.json).toEqual({ by: 'w2' });
    // A cancelled execution refuses its (former) owner as well.
    const cancelled = await create();
    await store.executions.claim(cancelled, { owner: 'w1', until: 300_000, now: 150_000 }, 150_000);
    await store.executions.cancel(cancelled, 151_000);
    await expect(store.executions.checkpoint({ executionId: cancelled, nodeRun: nodeRun('a', 'w1'), orderIndex: 0, leaseOwner: 'w1' }))
      .rejects.toBeInstanceOf(LeaseLostError);
    await expect(store.executions.finish(cancelled, { status: 'success', finishedAt: 152_000 }, { leaseOwner: 'w1' })).rejects.toBeInstanceOf(LeaseLostError);
    expect(await store.executions.get(cancelled)).toMatchObject({ status: 'cancelled' });
  });
});
