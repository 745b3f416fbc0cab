import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runWorkflow, validateWorkflow } from '../../server/engine/index.js';
import type { RunOutcome, WorkflowInput } from '../../server/engine/index.js';
import { registry, wf } from './fixtures.js';

type NodeKind = 'put' | 'branch' | 'join' | 'collect' | 'fan' | 'later';
const outputsOf: Record<NodeKind, readonly string[]> = {
  put: ['main'], branch: ['true', 'false'], join: ['main'], collect: ['main'], fan: ['main'], later: ['main'],
};
const inputsOf: Record<NodeKind, readonly string[]> = {
  put: ['main'], branch: ['main'], join: ['a', 'b'], collect: ['main'], fan: ['main'], later: ['main'],
};

function paramsFor(kind: NodeKind, index: number, seed: number): Record<string, unknown> {
  switch (kind) {
    case 'put': return { field: `f${index}`, value: seed % 2 === 0 ? seed : `{{ ($json.f0 ?? 0) + ${seed} }}` };
    case 'branch': return { condition: `{{ ($json.k ?? 0) % 2 === ${seed % 2} }}` };
    case 'fan': return { count: seed % 3 };
    default: return {};
  }
}

/** A random DAG: node i may connect only to nodes after it, so there is never a cycle. */
const dagWorkflow = fc.record({
  kinds: fc.array(fc.constantFrom<NodeKind>('put', 'branch', 'join', 'collect', 'fan', 'later'), { minLength: 1, maxLength: 7 }),
  ids: fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/), { minLength: 8, maxLength: 8 }),
  seeds: fc.array(fc.nat(100), { minLength: 8, maxLength: 8 }),
  edges: fc.array(fc.tuple(fc.nat(7), fc.nat(7), fc.nat(3), fc.nat(3)), { maxLength: 14 }),
  items: fc.array(fc.record({ k: fc.integer({ min: 0, max: 9 }) }), { minLength: 0, maxLength: 3 }),
}).map(({ kinds, ids, seeds, edges, items }) => {
  const nodeIds = ['start', ...kinds.map((_, index) => `n-${ids[index] ?? index}`)];
  const kindAt = (position: number): NodeKind | undefined => kinds[position - 1];
  const nodes = nodeIds.map((id, position) => {
    const kind = kindAt(position);
    return kind === undefined ? { id, type: 'test.start' } : { id, type: `test.${kind}`, params: paramsFor(kind, position, seeds[position] ?? 0) };
  });
  const connections: { from: string; output: string; to: string; input: string }[] = [];
  // Every node hangs off something before it, so most nodes are reachable.
  for (let position = 1; position < nodeIds.length; position++) edges.push([position - 1, position, 0, 0]);
  const seen = new Set<string>();
  for (const [a, b, o, i] of edges) {
    const from = Math.min(a, b) % nodeIds.length;
    const to = Math.max(a, b) % nodeIds.length;
    if (from >= to) continue;
    const fromKind = kindAt(from);
    const toKind = kindAt(to);
    if (toKind === undefined) continue;
    const outputs = fromKind === undefined ? ['main'] : outputsOf[fromKind];
    const inputs = inputsOf[toKind];
    const connection = {
      from: nodeIds[from] ?? '', output: outputs[o % outputs.length] ?? 'main', to: nodeIds[to] ?? '', input: inputs[i % inputs.length] ?? 'main',
    };
    const key = JSON.stringify(connection);
    if (!seen.has(key)) connections.push(connection);
    seen.add(key);
  }
  const workflow: WorkflowInput = { nodes, connections };
  return { workflow, items: items.map((json) => ({ json })) };
});

function summary(outcome: RunOutcome): unknown {
  return {
    status: outcome.status,
    order: outcome.record.order,
    nodes: Object.fromEntries(Object.entries(outcome.record.nodes).map(([id, run]) => [id, { status: run.status, outputs: run.outputs, error: run.error }])),
    output: outcome.status === 'success' ? outcome.output : undefined,
  };
}

function shuffled<T>(list: readonly T[], seed: number): T[] {
  const copy = [...list];
  let state = seed + 1;
  for (let index = copy.length - 1; index > 0; index--) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const other = state % (index + 1);
    const a = copy[index];
    const b = copy[other];
    if (a !== undefined && b !== undefined) { copy[index] = b; copy[other] = a; }
  }
  return copy;
}

describe('random DAG workflows', () => {
  it('are valid and run to the same result twice, and in any JSON order', async () => {
    await fc.assert(fc.asyncProperty(dagWorkflow, fc.nat(1000), async ({ workflow, items }, seed) => {
      const validated = validateWorkflow(workflow, registry);
      expect(validated.ok ? [] : validated.problems).toEqual([]);
      const parsed = wf(workflow);
      const first = await runWorkflow({ workflow: parsed, registry, executionId: 'p', triggerItems: items, now: () => 0 });
      const second = await runWorkflow({ workflow: wf(workflow), registry, executionId: 'p', triggerItems: items, now: () => 0 });
      const reordered = wf({ ...workflow, nodes: shuffled(workflow.nodes, seed), connections: shuffled(workflow.connections ?? [], seed + 7) });
      const third = await runWorkflow({ workflow: reordered, registry, executionId: 'p', triggerItems: items, now: () => 0 });
      expect(first.status).toBe('success');
      expect(summary(second)).toEqual(summary(first));
      expect(summary(third)).toEqual(summary(first));
    }), { numRuns: 150 });
  });
});

describe('validateWorkflow on random input', () => {
  const nodeLike = fc.record({
    id: fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.constant('start')),
    type: fc.oneof(fc.constantFrom('test.start', 'test.put', 'test.branch', 'test.join', 'nope'), fc.jsonValue()),
    params: fc.oneof(fc.dictionary(fc.constantFrom('field', 'value', 'condition', 'count', 'x'), fc.jsonValue()), fc.jsonValue()),
    onError: fc.oneof(fc.constantFrom('fail', 'continue', 'errorOutput'), fc.jsonValue()),
    credentials: fc.oneof(fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 })), fc.jsonValue()),
  }, { requiredKeys: [] });
  const connectionLike = fc.record({
    from: fc.oneof(fc.string({ maxLength: 4 }), fc.constant('start'), fc.jsonValue()),
    to: fc.oneof(fc.string({ maxLength: 4 }), fc.constant('start'), fc.jsonValue()),
    output: fc.oneof(fc.constantFrom('main', 'true', 'error'), fc.jsonValue()),
    input: fc.oneof(fc.constantFrom('main', 'a', 'b'), fc.jsonValue()),
  }, { requiredKeys: [] });
  const workflowLike = fc.oneof(
    fc.jsonValue(),
    fc.record({ nodes: fc.array(nodeLike, { maxLength: 6 }), connections: fc.array(connectionLike, { maxLength: 8 }) }),
  );

  it('never throws and always answers ok or problems', () => {
    fc.assert(fc.property(workflowLike, (input) => {
      const result = validateWorkflow(input, registry);
      if (result.ok) expect(result.workflow.nodes).toBeInstanceOf(Array);
      else {
        expect(result.problems.length).toBeGreaterThan(0);
        for (const problem of result.problems) expect(typeof problem.message).toBe('string');
      }
    }), { numRuns: 500 });
  });
});
