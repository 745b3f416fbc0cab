import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCredentialType, defineNode, RetryableError } from '../../nodes/sdk/index.js';
import { MapNodeRegistry, runWorkflow } from '../../server/engine/index.js';
import type { NodeRun, RunRecord } from '../../server/engine/index.js';
import { calls, definitions, jsonOf, registry, script, wf } from './fixtures.js';

beforeEach(() => {
  calls.clear();
  script.failures = [];
});

const chain = wf({
  nodes: [
    { id: 'start', type: 'test.start' },
    { id: 'a', type: 'test.put', params: { field: 'a', value: 1 } },
    { id: 'b', type: 'test.put', params: { field: 'b', value: '{{ $node("a").item.a + 1 }}' } },
    { id: 'gate', type: 'test.branch', params: { condition: true } },
    { id: 'never', type: 'test.put', params: { field: 'never', value: true } },
    { id: 'c', type: 'test.put', params: { field: 'c', value: 3 } },
    { id: 'end', type: 'test.collect' },
  ],
  connections: [
    { from: 'start', to: 'a' }, { from: 'a', to: 'b' }, { from: 'b', to: 'gate' },
    { from: 'gate', output: 'false', to: 'never' }, { from: 'gate', output: 'true', to: 'c' }, { from: 'c', to: 'end' },
  ],
});

/** A JSON round trip, as a store would keep the record. */
function stored(record: RunRecord): RunRecord {
  return JSON.parse(JSON.stringify(record)) as RunRecord;
}

describe('resume after a crash', () => {
  it.each(['b', 'gate', 'never', 'c'])('re-runs nothing that completed when the host dies after %s', async (crashAfter) => {
    let saved: RunRecord | undefined;
    const crash = runWorkflow({
      workflow: chain, registry, executionId: 'e', triggerItems: [{ json: { id: 7 } }],
      hooks: {
        onNodeFinish: (nodeRun: NodeRun, record: RunRecord) => {
          saved = stored(record);
          if (nodeRun.nodeId === crashAfter) throw new Error('host died');
        },
      },
    });
    await expect(crash).rejects.toThrow('host died');
    if (saved === undefined) throw new Error('no record saved');
    const before = new Map(calls);
    calls.clear();

    const outcome = await runWorkflow({ workflow: chain, registry, executionId: 'e', resumeFrom: saved });
    expect(outcome.status).toBe('success');
    if (outcome.status !== 'success') return;
    expect(jsonOf(outcome.output)).toEqual([{ items: [{ id: 7, a: 1, b: 2, c: 3 }] }]);
    for (const id of saved.order) expect(calls.get(id), `node ${id} ran again`).toBeUndefined();
    for (const id of ['start', 'a', 'b', 'c', 'end']) expect((before.get(id) ?? 0) + (calls.get(id) ?? 0)).toBe(1);
    expect(outcome.record.order).toEqual(['start', 'a', 'b', 'gate', 'c', 'end', 'never']);
  });

  it('re-runs the node that was running at the crash', async () => {
    let saved: RunRecord | undefined;
    const crash = runWorkflow({
      workflow: chain, registry, executionId: 'e',
      hooks: { onNodeStart: (id, record) => { saved = stored(record); if (id === 'c') throw new Error('died'); } },
    });
    await expect(crash).rejects.toThrow('died');
    if (saved === undefined) throw new Error('no record');
    expect(saved.nodes.c?.status).toBe('running');
    calls.clear();
    const outcome = await runWorkflow({ workflow: chain, registry, executionId: 'e', resumeFrom: saved });
    expect(outcome.status).toBe('success');
    expect(calls.get('c')).toBe(1);
    expect(calls.get('b')).toBeUndefined();
  });

  it('retries a failed run from the failed node only', async () => {
    const workflow = wf({
      nodes: [{ id: 'start', type: 'test.start' }, { id: 'a', type: 'test.put', params: { field: 'a', value: 1 } }, { id: 'call', type: 'test.flaky' }],
      connections: [{ from: 'start', to: 'a' }, { from: 'a', to: 'call' }],
    });
    script.failures = [new RetryableError('down')];
    const failed = await runWorkflow({ workflow, registry, executionId: 'e' });
    expect(failed.status).toBe('failed');
    calls.clear();
    const retried = await runWorkflow({ workflow, registry, executionId: 'e', mode: 'retry', resumeFrom: stored(failed.record) });
    expect(retried.status).toBe('success');
    expect([...calls.keys()]).toEqual(['call']);
    if (retried.status === 'success') expect(jsonOf(retried.output)).toEqual([{ a: 1, attempt: 1 }]);
  });
});

describe('hooks', () => {
  it('reports start and finish of every decided node, including skipped ones, then the run', async () => {
    const events: string[] = [];
    const outcome = await runWorkflow({
      workflow: chain, registry, executionId: 'e',
      hooks: {
        onNodeStart: async (id, record) => { events.push(`start ${id} ${record.status}`); },
        onNodeFinish: async (nodeRun) => { events.push(`finish ${nodeRun.nodeId} ${nodeRun.status}`); },
        onRunFinish: async (result) => { events.push(`run ${result.status}`); },
      },
    });
    expect(outcome.status).toBe('success');
    expect(events).toEqual([
      'start start running', 'finish start success', 'start a running', 'finish a success', 'start b running', 'finish b success',
      'start gate running', 'finish gate success', 'start c running', 'finish c success',
      'start end running', 'finish end success', 'finish never skipped', 'run success',
    ]);
  });
});

describe('credentials', () => {
  const apiKey = defineCredentialType({ type: 'apiKey', displayName: 'API key', schema: z.object({ key: z.string() }) });
  const useKey = defineNode({
    type: 'test.useKey', version: 1, displayName: 'Use key', description: '', group: 'action',
    params: z.object({}), credentials: { api: { type: apiKey, required: true } },
    run: async (ctx) => ({ key: (await ctx.credential('api')).key, has: ctx.hasCredential('api') }),
  });
  const withKey = new MapNodeRegistry([...definitions, useKey]);

  it('resolves a slot through the resolver', async () => {
    const workflow = wf({
      nodes: [{ id: 'start', type: 'test.start' }, { id: 'use', type: 'test.useKey', credentials: { api: 'cred-1' } }],
      connections: [{ from: 'start', to: 'use' }],
    });
    const requests: unknown[] = [];
    const outcome = await runWorkflow({
      workflow, registry: withKey, executionId: 'e',
      credentials: { resolve: async (request) => { requests.push(request); return { key: 'k-1' }; } },
    });
    expect(outcome.status).toBe('success');
    if (outcome.status === 'success') expect(jsonOf(outcome.output)).toEqual([{ key: 'k-1', has: true }]);
    expect(requests).toEqual([{ credentialId: 'cred-1', type: 'apiKey', nodeId: 'use' }]);
  });

  it('fails with CREDENTIAL_MISSING when the slot is empty', async () => {
    const workflow = wf({
      nodes: [{ id: 'start', type: 'test.start' }, { id: 'use', type: 'test.useKey' }],
      connections: [{ from: 'start', to: 'use' }],
    });
    const outcome = await runWorkflow({ workflow, registry: withKey, executionId: 'e', credentials: { resolve: async () => ({ key: 'x' }) } });
    expect(outcome.status).toBe('failed');
    if (outcome.status === 'failed') expect(outcome.error).toMatchObject({ code: 'CREDENTIAL_MISSING', node: 'use' });
  });
});
