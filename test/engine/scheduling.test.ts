import { beforeEach, describe, expect, it } from 'vitest';
import { runWorkflow } from '../../server/engine/index.js';
import type { RunOutcome } from '../../server/engine/index.js';
import { calls, jsonOf, registry, wf } from './fixtures.js';

function succeeded(outcome: RunOutcome): Extract<RunOutcome, { status: 'success' }> {
  if (outcome.status !== 'success') throw new Error(`expected success, got ${outcome.status}: ${JSON.stringify(outcome.record.error)}`);
  return outcome;
}

/** start → gate (if) → true: yes → join.a ; false: no → join.b ; join → end */
function branchWorkflow(condition: boolean | string) {
  return wf({
    nodes: [
      { id: 'start', type: 'test.start' },
      { id: 'gate', type: 'test.branch', params: { condition } },
      { id: 'yes', type: 'test.put', params: { field: 'path', value: 'yes' } },
      { id: 'no', type: 'test.put', params: { field: 'path', value: 'no' } },
      { id: 'after-no', type: 'test.put', params: { field: 'after', value: true } },
      { id: 'join', type: 'test.join' },
      { id: 'end', type: 'test.collect' },
    ],
    connections: [
      { from: 'start', to: 'gate' },
      { from: 'gate', output: 'true', to: 'yes' },
      { from: 'gate', output: 'false', to: 'no' },
      { from: 'no', to: 'after-no' },
      { from: 'yes', to: 'join', input: 'a' },
      { from: 'after-no', to: 'join', input: 'b' },
      { from: 'join', to: 'end' },
    ],
  });
}

beforeEach(() => calls.clear());

describe('branches and merge', () => {
  it('skips the branch not taken, propagates skipped, and merges with the skipped input as empty', async () => {
    const outcome = succeeded(await runWorkflow({ workflow: branchWorkflow(true), registry, executionId: 'e', triggerItems: [{ json: { id: 1 } }] }));
    expect(jsonOf(outcome.output)).toEqual([{ items: [{ id: 1, path: 'yes' }] }]);
    const nodes = outcome.record.nodes;
    expect(nodes.no?.status).toBe('skipped');
    expect(nodes['after-no']?.status).toBe('skipped');
    expect(nodes.join?.status).toBe('success');
    expect(calls.get('no')).toBeUndefined();
    expect(outcome.record.order).toEqual(['start', 'gate', 'no', 'after-no', 'yes', 'join', 'end']);
  });

  it('routes items per item: each goes to its branch and the merge gets both', async () => {
    const outcome = succeeded(await runWorkflow({
      workflow: branchWorkflow('{{ $json.id > 1 }}'), registry, executionId: 'e',
      triggerItems: [{ json: { id: 1 } }, { json: { id: 2 } }],
    }));
    expect(jsonOf(outcome.output)).toEqual([{ items: [{ id: 2, path: 'yes' }, { id: 1, path: 'no', after: true }] }]);
  });

  it('skips a merge whose every input is skipped', async () => {
    const workflow = wf({
      nodes: [
        { id: 'start', type: 'test.start' },
        { id: 'gate', type: 'test.branch', params: { condition: true } },
        { id: 'join', type: 'test.join' },
        { id: 'end', type: 'test.collect' },
      ],
      connections: [
        { from: 'start', to: 'gate' },
        { from: 'gate', output: 'false', to: 'join', input: 'a' },
        { from: 'gate', output: 'false', to: 'join', input: 'b' },
        { from: 'join', to: 'end' },
      ],
    });
    const outcome = succeeded(await runWorkflow({ workflow, registry, executionId: 'e' }));
    expect(outcome.record.nodes.join?.status).toBe('skipped');
    expect(outcome.record.nodes.end?.status).toBe('skipped');
    expect(outcome.output).toEqual([]);
  });

  it('runs allItems nodes on an empty list from a single-output node', async () => {
    const workflow = wf({
      nodes: [
        { id: 'start', type: 'test.start' },
        { id: 'none', type: 'test.fan', params: { count: 0 } },
        { id: 'put', type: 'test.put', params: { field: 'x', value: 1 } },
        { id: 'end', type: 'test.collect' },
      ],
      connections: [{ from: 'start', to: 'none' }, { from: 'none', to: 'put' }, { from: 'put', to: 'end' }],
    });
    const outcome = succeeded(await runWorkflow({ workflow, registry, executionId: 'e' }));
    expect(outcome.record.nodes.put).toMatchObject({ status: 'success', inputCount: 0, outputs: { main: [] } });
    expect(jsonOf(outcome.output)).toEqual([{ items: [] }]);
  });

  it('skips detached nodes and unused triggers', async () => {
    const workflow = wf({
      nodes: [
        { id: 'start', type: 'test.start' },
        { id: 'other', type: 'test.start' },
        { id: 'lonely', type: 'test.put', params: { field: 'x', value: 1 } },
        { id: 'a', type: 'test.put', params: { field: 'x', value: 1 } },
      ],
      connections: [{ from: 'start', to: 'a' }, { from: 'other', to: 'lonely' }],
    });
    const outcome = succeeded(await runWorkflow({ workflow, registry, executionId: 'e', triggerNodeId: 'start' }));
    expect(outcome.record.nodes.other?.status).toBe('skipped');
    expect(outcome.record.nodes.lonely?.status).toBe('skipped');
    expect(jsonOf(outcome.output)).toEqual([{ x: 1 }]);
  });

  it('outputs the items of every end node in the order they finished', async () => {
    const workflow = wf({
      nodes: [
        { id: 'start', type: 'test.start' },
        { id: 'z-end', type: 'test.put', params: { field: 'by', value: 'z' } },
        { id: 'a-mid', type: 'test.put', params: { field: 'mid', value: true } },
        { id: 'b-end', type: 'test.put', params: { field: 'by', value: 'b' } },
      ],
      connections: [{ from: 'start', to: 'z-end' }, { from: 'start', to: 'a-mid' }, { from: 'a-mid', to: 'b-end' }],
    });
    const outcome = succeeded(await runWorkflow({ workflow, registry, executionId: 'e' }));
    expect(outcome.record.order).toEqual(['start', 'a-mid', 'b-end', 'z-end']);
    expect(jsonOf(outcome.output)).toEqual([{ mid: true, by: 'b' }, { by: 'z' }]);
  });
});

describe('items', () => {
  it('shares frozen items by reference on fan-out', async () => {
    const workflow = wf({
      nodes: [
        { id: 'start', type: 'test.start' },
        { id: 'src', type: 'test.put', params: { field: 'nested', value: { deep: [1, 2] } } },
        { id: 'left', type: 'test.later' },
        { id: 'right', type: 'test.later' },
      ],
      connections: [{ from: 'start', to: 'src' }, { from: 'src', to: 'left' }, { from: 'src', to: 'right' }],
    });
    const outcome = succeeded(await runWorkflow({ workflow, registry, executionId: 'e' }));
    const produced = outcome.record.nodes.src?.outputs.main?.[0];
    const left = outcome.record.nodes.left?.outputs.main?.[0];
    const right = outcome.record.nodes.right?.outputs.main?.[0];
    expect(produced).toBeDefined();
    expect(left?.json).toBe(produced?.json);
    expect(right?.json).toBe(produced?.json);
    expect(Object.isFrozen(produced)).toBe(true);
    expect(Object.isFrozen(produced?.json)).toBe(true);
    const nested = produced?.json.nested;
    expect(Object.isFrozen(nested)).toBe(true);
    const json = produced?.json ?? {};
    expect(() => { json.x = 1; }).toThrow(TypeError);
    expect(left?.paired).toEqual({ node: 'src', output: 'main', index: 0 });
  });

  it('passes items through a disabled node on its first output', async () => {
    const workflow = wf({
      nodes: [
        { id: 'start', type: 'test.start' },
        { id: 'off', type: 'test.put', params: { field: 'x', value: 1 }, disabled: true },
        { id: 'gate', type: 'test.branch', params: { condition: false }, disabled: true },
        { id: 'end', type: 'test.put', params: { field: 'y', value: 2 } },
      ],
      connections: [{ from: 'start', to: 'off' }, { from: 'off', to: 'gate' }, { from: 'gate', output: 'true', to: 'end' }],
    });
    const outcome = succeeded(await runWorkflow({ workflow, registry, executionId: 'e', triggerItems: [{ json: { a: 1 } }] }));
    expect(calls.get('off')).toBeUndefined();
    expect(jsonOf(outcome.output)).toEqual([{ a: 1, y: 2 }]);
  });

  it('uses pinData for pinned nodes when asked', async () => {
    const workflow = wf({
      nodes: [{ id: 'start', type: 'test.start' }, { id: 'a', type: 'test.put', params: { field: 'x', value: 1 } }],
      connections: [{ from: 'start', to: 'a' }],
      pinData: { a: [{ pinned: true }] },
    });
    const pinned = succeeded(await runWorkflow({ workflow, registry, executionId: 'e', usePinData: true }));
    expect(jsonOf(pinned.output)).toEqual([{ pinned: true }]);
    expect(pinned.record.nodes.a?.pinned).toBe(true);
    expect(calls.get('a')).toBeUndefined();
    const live = succeeded(await runWorkflow({ workflow, registry, executionId: 'e' }));
    expect(jsonOf(live.output)).toEqual([{ x: 1 }]);
  });

  it('gives expressions $input, $vars, $workflow, $execution and $node().all/first', async () => {
    const workflow = wf({
      id: 'wf-1',
      name: 'Scope',
      vars: { rate: 2 },
      nodes: [
        { id: 'start', type: 'test.start' },
        { id: 'three', type: 'test.fan', params: { count: 3 } },
        {
          id: 'scope', type: 'test.put', params: {
            field: 'scope',
            value: {
              count: '{{ $input.length }}', rate: '{{ $vars.rate }}', wf: '{{ $workflow.id }}', exec: '{{ $execution.id }}',
              all: '{{ $node("three").all().map((j) => j.n) }}', first: '{{ $node("three").first().n }}', index: '{{ $itemIndex }}',
            },
          },
        },
      ],
      connections: [{ from: 'start', to: 'three' }, { from: 'three', to: 'scope' }],
    });
    const outcome = succeeded(await runWorkflow({ workflow, registry, executionId: 'x-1' }));
    expect(jsonOf(outcome.output).map((json) => json.scope)).toEqual([0, 1, 2].map((index) => ({
      count: 3, rate: 2, wf: 'wf-1', exec: 'x-1', all: [0, 1, 2], first: 0, index,
    })));
  });

  it('follows lineage for $node(id).item across nodes that change items', async () => {
    const workflow = wf({
      nodes: [
        { id: 'start', type: 'test.start' },
        { id: 'orders', type: 'test.put', params: { field: 'order', value: '{{ "o" + $json.k }}' } },
        { id: 'gate', type: 'test.branch', params: { condition: '{{ $json.k !== 2 }}' } },
        { id: 'lines', type: 'test.put', params: { field: 'line', value: true } },
        { id: 'collect', type: 'test.collect' },
        { id: 'label', type: 'test.put', params: { field: 'from', value: '{{ $node("orders").item.order }}' } },
      ],
      connections: [
        { from: 'start', to: 'orders' }, { from: 'orders', to: 'gate' }, { from: 'gate', output: 'true', to: 'lines' },
        { from: 'lines', to: 'label' }, { from: 'lines', to: 'collect' },
      ],
    });
    const triggerItems = [1, 2, 3].map((k) => ({ json: { k } }));
    const outcome = succeeded(await runWorkflow({ workflow, registry, executionId: 'e', triggerItems }));
    const labelled = outcome.record.nodes.label?.outputs.main ?? [];
    expect(labelled.map((item) => item.json.from)).toEqual(['o1', 'o3']);
  });

  it('fails with PARAM_INVALID naming node and param when an evaluated param breaks the schema', async () => {
    const workflow = wf({
      nodes: [{ id: 'start', type: 'test.start' }, { id: 'gate', type: 'test.branch', params: { condition: '{{ $json.k }}' } }],
      connections: [{ from: 'start', to: 'gate' }],
    });
    const outcome = await runWorkflow({ workflow, registry, executionId: 'e', triggerItems: [{ json: { k: 'yes' } }] });
    expect(outcome.status).toBe('failed');
    if (outcome.status !== 'failed') return;
    expect(outcome.error).toMatchObject({ code: 'PARAM_INVALID', node: 'gate', param: 'condition' });
    expect(outcome.error.message).toContain('gate');
  });

  it('fails an invalid workflow without throwing', async () => {
    const workflow = wf({ nodes: [{ id: 'start', type: 'nope' }] });
    const outcome = await runWorkflow({ workflow, registry, executionId: 'e' });
    expect(outcome.status).toBe('failed');
    if (outcome.status === 'failed') expect(outcome.error.code).toBe('WORKFLOW_INVALID');
  });
});
