import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { chain, openHarness, probeStarted, probeState, saveWorkflow, tempDir } from './harness.js';

async function acceptedId(result: Promise<{ status: string; executionId?: string }>): Promise<string> {
  const accepted = await result;
  if (accepted.status !== 'accepted' || accepted.executionId === undefined) throw new Error(`not accepted: ${accepted.status}`);
  return accepted.executionId;
}

describe('execution service', () => {
  beforeEach(() => probeState.reset());

  it('stores the execution before accept resolves, runs it, and records every node with the version that ran', async () => {
    const { store, service } = await openHarness(tempDir());
    await saveWorkflow(store, chain('wf', ['a']));
    const stored = await saveWorkflow(store, chain('wf', ['a', 'b']));
    const result = await service.accept({ workflow: stored, mode: 'manual', triggerItems: [{ json: { n: 1 } }] });
    expect(result.status).toBe('accepted');
    const id = result.status === 'accepted' ? result.executionId : '';
    expect(await store.executions.get(id)).toBeDefined();
    expect(await service.whenSettled(id)).toBe('success');
    const detail = await store.executions.get(id);
    expect(detail).toMatchObject({ status: 'success', workflowVersion: 2, mode: 'manual', order: ['start', 'a', 'b'] });
    expect(detail?.nodes.b?.outputs.main?.[0]?.json).toEqual({ n: 1, a: true, b: true });
    await store.close();
  });

  it('resumes after a crash from the last checkpointed node: completed nodes never run again', async () => {
    const dataDir = tempDir();
    const first = await openHarness(dataDir);
    const workflow = await saveWorkflow(first.store, chain('wf', ['a', 'b', 'gate', 'c']));
    probeState.behaviour.gate = 'block';
    const gateStarted = probeStarted('gate');
    const id = await acceptedId(first.service.accept({ workflow, mode: 'webhook', triggerItems: [{ json: { order: 7 } }] }));
    await gateStarted;
    // The first process "dies" here: its run stays blocked forever and it is never used again.
    probeState.behaviour.gate = 'pass';
    const second = await openHarness(dataDir);
    expect(await second.store.executions.get(id)).toMatchObject({ status: 'running', order: ['start', 'a', 'b'] });
    expect(await second.service.recover()).toEqual([id]);
    expect(await second.service.whenSettled(id)).toBe('success');
    expect(probeState.calls).toEqual({ a: 1, b: 1, gate: 2, c: 1 });
    expect(probeState.keys.gate?.[0]).toBe(probeState.keys.gate?.[1]);
    const detail = await second.store.executions.get(id);
    expect(detail?.order).toEqual(['start', 'a', 'b', 'gate', 'c']);
    expect(detail?.nodes.c?.outputs.main?.[0]?.json).toEqual({ order: 7, a: true, b: true, gate: true, c: true });
    await second.store.close();
  });

  it('recovers executions that were accepted but never started', async () => {
    const dataDir = tempDir();
    const first = await openHarness(dataDir, { concurrency: 1 });
    const workflow = await saveWorkflow(first.store, chain('wf', ['gate', 'a']));
    probeState.behaviour.gate = 'block';
    const gateStarted = probeStarted('gate');
    const blocked = await acceptedId(first.service.accept({ workflow, mode: 'manual', triggerItems: [] }));
    await gateStarted;
    const waiting = await acceptedId(first.service.accept({ workflow, mode: 'manual', triggerItems: [] }));
    expect((await first.store.executions.get(waiting))?.status).toBe('queued');
    probeState.behaviour.gate = 'pass';
    const second = await openHarness(dataDir);
    expect([...(await second.service.recover())].sort()).toEqual([blocked, waiting].sort());
    expect(await second.service.whenSettled(blocked)).toBe('success');
    expect(await second.service.whenSettled(waiting)).toBe('success');
    expect(probeState.calls).toEqual({ gate: 3, a: 2 });
    await second.store.close();
  });

  it('parks a long wait in the store and wakes it on time, also after a restart', async () => {
    const dataDir = tempDir();
    let clock = 1_000_000;
    const timers: number[] = [];
    const setTimer = (_callback: () => void, ms: number) => {
      timers.push(ms);
      return { cancel() {} };
    };
    const first = await openHarness(dataDir, { now: () => clock, setTimer });
    const workflow = await saveWorkflow(first.store, {
      id: 'waits',
      nodes: [{ id: 'start', type: 'manual' }, { id: 'pause', type: 'wait', params: { seconds: 3600 } }, { id: 'after', type: 'test.probe' }],
      connections: [{ from: 'start', to: 'pause' }, { from: 'pause', to: 'after' }],
    });
    const id = await acceptedId(first.service.accept({ workflow, mode: 'manual', triggerItems: [{ json: {} }] }));
    expect(await first.service.whenSettled(id)).toBe('waiting');
    expect(await first.store.executions.get(id)).toMatchObject({ status: 'waiting', resumeAt: 1_000_000 + 3_600_000 });
    expect(timers).toContain(3_600_000);
    expect(await first.service.wakeDue()).toEqual([]);
    await first.store.close();

    clock += 3_600_001;
    const second = await openHarness(dataDir, { now: () => clock, setTimer });
    expect(await second.service.recover()).toEqual([id]);
    expect(await second.service.whenSettled(id)).toBe('success');
    expect(probeState.calls).toEqual({ after: 1 });
    expect((await second.store.executions.get(id))?.order).toEqual(['start', 'pause', 'after']);
    await second.store.close();
  });

  it('retries from the failed node, keeping completed nodes, with the original or the current version', async () => {
    const { store, service } = await openHarness(tempDir());
    const workflow = await saveWorkflow(store, chain('wf', ['a', 'flaky', 'c']));
    probeState.behaviour.flaky = 'fail';
    const id = await acceptedId(service.accept({ workflow, mode: 'manual', triggerItems: [{ json: {} }] }));
    expect(await service.whenSettled(id)).toBe('failed');
    expect((await store.executions.get(id))?.error).toMatchObject({ code: 'PROBE_FAILED', node: 'flaky' });
    probeState.behaviour.flaky = 'pass';
    const retry = await service.retry(id);
    expect(retry.status).toBe('accepted');
    const retryId = retry.status === 'accepted' ? retry.executionId : '';
    expect(await service.whenSettled(retryId)).toBe('success');
    expect(probeState.calls).toEqual({ a: 1, flaky: 2, c: 1 });
    expect(await store.executions.get(retryId)).toMatchObject({ mode: 'retry', retryOf: id, workflowVersion: 1 });

    await saveWorkflow(store, chain('wf', ['a', 'flaky', 'c', 'd']));
    const current = await service.retry(id, { version: 'current' });
    const currentId = current.status === 'accepted' ? current.executionId : '';
    expect(await service.whenSettled(currentId)).toBe('success');
    expect(await store.executions.get(currentId)).toMatchObject({ workflowVersion: 2, order: ['start', 'a', 'flaky', 'c', 'd'] });
    expect(probeState.calls).toEqual({ a: 1, flaky: 3, c: 2, d: 1 });
    expect(await service.retry(retryId)).toMatchObject({ status: 'not_retryable' });
    expect(await service.retry('missing')).toEqual({ status: 'not_found' });
    await store.close();
  });

  it('cancels a queued execution before it runs and aborts a running one', async () => {
    const { store, service } = await openHarness(tempDir(), { concurrency: 1 });
    const workflow = await saveWorkflow(store, chain('wf', ['slow', 'after']));
    probeState.behaviour.slow = 'blockAbortable';
    const slowStarted = probeStarted('slow');
    const running = await acceptedId(service.accept({ workflow, mode: 'manual', triggerItems: [{ json: {} }] }));
    await slowStarted;
    const queued = await acceptedId(service.accept({ workflow, mode: 'manual', triggerItems: [{ json: {} }] }));
    expect(await service.cancel(queued)).toEqual({ status: 'cancelled' });
    expect(await service.cancel(running)).toEqual({ status: 'cancelled' });
    expect(await service.whenSettled(running)).toBe('cancelled');
    expect(await service.whenSettled(queued)).toBe('cancelled');
    expect((await store.executions.get(running))?.status).toBe('cancelled');
    expect((await store.executions.get(queued))?.status).toBe('cancelled');
    expect(probeState.calls).toEqual({ slow: 1 });
    expect(await service.cancel(running)).toEqual({ status: 'already_finished', current: 'cancelled' });
    await store.close();
  });

  it('starts the error workflow with { execution, workflow, error }', async () => {
    const { store, service } = await openHarness(tempDir());
    await saveWorkflow(store, {
      id: 'handler',
      nodes: [{ id: 'caught', type: 'errorTrigger' }, { id: 'report', type: 'test.probe' }],
      connections: [{ from: 'caught', to: 'report' }],
    });
    const workflow = await saveWorkflow(store, chain('failing', ['boom'], { errorWorkflow: 'handler' }));
    probeState.behaviour.boom = 'fail';
    const id = await acceptedId(service.accept({ workflow, mode: 'webhook', triggerItems: [{ json: {} }] }));
    expect(await service.whenSettled(id)).toBe('failed');
    const handlerRuns = (await store.executions.list({ workflowId: 'handler' })).data;
    expect(handlerRuns).toHaveLength(1);
    const handlerId = handlerRuns[0]?.id ?? '';
    expect(await service.whenSettled(handlerId)).toBe('success');
    const detail = await store.executions.get(handlerId);
    expect(detail).toMatchObject({ mode: 'error', parentExecutionId: id });
    expect(detail?.nodes.report?.outputs.main?.[0]?.json).toMatchObject({
      execution: { id, mode: 'webhook', status: 'failed', lastNodeExecuted: 'boom' },
      workflow: { id: 'failing' },
      error: { code: 'PROBE_FAILED', node: 'boom' },
    });
    await store.close();
  });

  it('applies the save policy when a run ends', async () => {
    const { store, service } = await openHarness(tempDir());
    const errorsOnly = await saveWorkflow(store, chain('errors', ['a'], { saveExecutions: 'errors' }));
    const ok = await acceptedId(service.accept({ workflow: errorsOnly, mode: 'manual', triggerItems: [] }));
    expect(await service.whenSettled(ok)).toBe('success');
    expect(await store.executions.get(ok)).toBeUndefined();
    probeState.behaviour.a = 'fail';
    const failed = await acceptedId(service.accept({ workflow: errorsOnly, mode: 'manual', triggerItems: [] }));
    expect(await service.whenSettled(failed)).toBe('failed');
    expect((await store.executions.get(failed))?.status).toBe('failed');
    const none = await saveWorkflow(store, chain('none', ['a'], { saveExecutions: 'none' }));
    const dropped = await acceptedId(service.accept({ workflow: none, mode: 'manual', triggerItems: [] }));
    expect(await service.whenSettled(dropped)).toBe('failed');
    expect(await store.executions.get(dropped)).toBeUndefined();
    await store.close();
  });

  it('refuses work beyond the backlog with full and stores nothing for it', async () => {
    const { store, service } = await openHarness(tempDir(), { concurrency: 1, maxBacklog: 1 });
    const workflow = await saveWorkflow(store, chain('wf', ['slow']));
    probeState.behaviour.slow = 'blockAbortable';
    const started = probeStarted('slow');
    const first = await acceptedId(service.accept({ workflow, mode: 'webhook', triggerItems: [] }));
    await started;
    const second = await acceptedId(service.accept({ workflow, mode: 'webhook', triggerItems: [] }));
    const third = await service.accept({ workflow, mode: 'webhook', triggerItems: [] });
    expect(third).toEqual({ status: 'full', retryAfterSeconds: 1 });
    expect((await store.executions.list()).data.map((e) => e.id).sort()).toEqual([first, second].sort());
    expect(service.stats()).toEqual({ running: 1, backlog: 1 });
    await service.cancel(first);
    await service.cancel(second);
    await service.drain(1000);
    await store.close();
  });

  it('suppresses a duplicate dedupe key and returns the first execution id', async () => {
    const { store, service } = await openHarness(tempDir());
    const workflow = await saveWorkflow(store, chain('wf', ['a']));
    const dedupe = { key: 'wf:evt-9', windowMs: 60_000 };
    const first = await acceptedId(service.accept({ workflow, mode: 'webhook', triggerItems: [], dedupe }));
    expect(await service.accept({ workflow, mode: 'webhook', triggerItems: [], dedupe })).toEqual({ status: 'duplicate', executionId: first });
    await service.whenSettled(first);
    expect(probeState.calls).toEqual({ a: 1 });
    await store.close();
  });

  it('answers a waiting caller with the respond node, the last node output, or a timeout', async () => {
    const { store, service } = await openHarness(tempDir());
    const responding = await saveWorkflow(store, {
      id: 'responding',
      nodes: [
        { id: 'start', type: 'manual' },
        { id: 'answer', type: 'respond', params: { status: 201, body: { ok: '{{ $json.n }}' } } },
        { id: 'later', type: 'test.probe' },
      ],
      connections: [{ from: 'start', to: 'answer' }, { from: 'answer', to: 'later' }],
    });
    const respond = await service.accept({ workflow: responding, mode: 'webhook', triggerItems: [{ json: { n: 5 } }], await: { mode: 'respondNode', timeoutMs: 10_000 } });
    expect(respond.status === 'accepted' ? await respond.answer : undefined).toMatchObject({ kind: 'respond', response: { status: 201, body: { ok: 5 } } });

    const last = await service.accept({ workflow: responding, mode: 'webhook', triggerItems: [{ json: { n: 6 } }], await: { mode: 'lastNode', timeoutMs: 10_000 } });
    expect(last.status === 'accepted' ? await last.answer : undefined).toMatchObject({ kind: 'finished', status: 'success', output: [{ n: 6, later: true }] });

    const slow = await saveWorkflow(store, chain('slow', ['slow']));
    probeState.behaviour.slow = 'blockAbortable';
    const timedOut = await service.accept({ workflow: slow, mode: 'webhook', triggerItems: [{ json: {} }], await: { mode: 'lastNode', timeoutMs: 20 } });
    expect(timedOut.status === 'accepted' ? await timedOut.answer : undefined).toMatchObject({ kind: 'pending', reason: 'timeout' });
    if (timedOut.status === 'accepted') await service.cancel(timedOut.executionId);
    await store.close();
  });

  it('runs a sub-workflow by id and outputs its result', async () => {
    const { store, service } = await openHarness(tempDir());
    await saveWorkflow(store, chain('child', ['inner']));
    const parent = await saveWorkflow(store, {
      id: 'parent',
      nodes: [{ id: 'start', type: 'manual' }, { id: 'call', type: 'executeWorkflow', params: { workflowId: 'child', mode: 'wait' } }],
      connections: [{ from: 'start', to: 'call' }],
    });
    const id = await acceptedId(service.accept({ workflow: parent, mode: 'manual', triggerItems: [{ json: { x: 1 } }] }));
    expect(await service.whenSettled(id)).toBe('success');
    expect((await store.executions.get(id))?.nodes.call?.outputs.main?.map((item) => item.json)).toEqual([{ x: 1, inner: true }]);
    const children = (await store.executions.list({ workflowId: 'child' })).data;
    expect(children).toMatchObject([{ mode: 'subworkflow', parentExecutionId: id, status: 'success' }]);
    await store.close();
  });

  it('drains: a run that does not finish in the grace period stays running and resumes on the next start', async () => {
    const dataDir = tempDir();
    const first = await openHarness(dataDir);
    const workflow = await saveWorkflow(first.store, chain('wf', ['a', 'slow', 'c']));
    probeState.behaviour.slow = 'blockAbortable';
    const started = probeStarted('slow');
    const id = await acceptedId(first.service.accept({ workflow, mode: 'manual', triggerItems: [{ json: {} }] }));
    await started;
    await first.service.drain(20);
    expect(await first.service.accept({ workflow, mode: 'manual', triggerItems: [] })).toEqual({ status: 'closed' });
    expect(await first.store.executions.get(id)).toMatchObject({ status: 'running', order: ['start', 'a'] });
    await first.store.close();
    probeState.behaviour.slow = 'pass';
    const second = await openHarness(dataDir);
    expect(await second.service.recover()).toEqual([id]);
    expect(await second.service.whenSettled(id)).toBe('success');
    expect(probeState.calls).toEqual({ a: 1, slow: 2, c: 1 });
    await second.store.close();
  });

  it('redacts credential secrets from the stored record; the secret is not in the database files', async () => {
    const dataDir = tempDir();
    const { store, service, credentials } = await openHarness(dataDir);
    const secret = 'tok_9f8e7d6c5b4a39281706';
    const credential = await credentials.create({ name: 'shop', type: 'test.token', data: { account: 'acme', token: secret } });
    expect(JSON.stringify(await credentials.list())).not.toContain(secret);
    const workflow = await saveWorkflow(store, {
      id: 'leak',
      nodes: [{ id: 'start', type: 'manual' }, { id: 'call', type: 'test.leaky', credentials: { auth: credential.id } }],
      connections: [{ from: 'start', to: 'call' }],
    });
    const id = await acceptedId(service.accept({ workflow, mode: 'manual', triggerItems: [{ json: {} }] }));
    expect(await service.whenSettled(id)).toBe('success');
    expect((await store.executions.get(id))?.nodes.call?.outputs.main?.[0]?.json).toEqual({ account: 'acme', header: 'Bearer [redacted]' });
    await store.close();
    for (const file of readdirSync(dataDir)) expect(readFileSync(join(dataDir, file)).includes(secret)).toBe(false);
  });
});
