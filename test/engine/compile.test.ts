import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineNode, RetryableError } from '../../nodes/sdk/index.js';
import type { CodeScope } from '../../nodes/sdk/index.js';
import { compileWorkflow, MapNodeRegistry, runWorkflow } from '../../server/engine/index.js';
import switchNode from '../../nodes/switch/index.js';
import { definitions, registry, wf } from './fixtures.js';

describe('compileWorkflow', () => {
  const workflow = wf({
    nodes: [
      { id: 'start', type: 'test.start', position: { x: 900, y: 0 } },
      { id: 'm', type: 'test.put', params: { field: 'x', value: 1 }, position: { x: 0, y: 0 } },
      { id: 'b', type: 'test.put', params: { field: 'x', value: 1 }, position: { x: 500, y: 0 } },
      { id: 'k', type: 'test.put', params: { field: 'x', value: 1 } },
      { id: 'a', type: 'test.put', params: { field: 'x', value: 1 } },
    ],
    connections: [{ from: 'start', to: 'm' }, { from: 'start', to: 'b' }, { from: 'm', to: 'a' }, { from: 'b', to: 'k' }],
  });

  it('orders nodes topologically with ties by id, never by position or JSON order', () => {
    expect(compileWorkflow(workflow, registry).order.map((node) => node.id)).toEqual(['start', 'b', 'k', 'm', 'a']);
  });

  it('computes outputs from params with expressions and schema defaults (switch)', () => {
    const routed = wf({
      nodes: [{ id: 'start', type: 'test.start' }, { id: 's', type: 'switch', params: { rules: [{ output: 'big', condition: '{{ $json.n > 1 }}' }] } }],
      connections: [{ from: 'start', to: 's' }],
    });
    const compiled = compileWorkflow(routed, new MapNodeRegistry([...definitions, switchNode]));
    expect(compiled.byId.get('s')?.outputNames).toEqual(['big', 'fallback']);
  });

  it('is cached per workflow object and registry', () => {
    expect(compileWorkflow(workflow, registry)).toBe(compileWorkflow(workflow, registry));
    expect(compileWorkflow(workflow, new MapNodeRegistry(definitions))).not.toBe(compileWorkflow(workflow, registry));
  });

  it('parses static params once per workflow, dynamic ones per item', async () => {
    let parses = 0;
    const counted = defineNode({
      type: 'test.counted', version: 1, displayName: 'Counted', description: '', group: 'data',
      params: z.object({ label: z.string().transform((value) => { parses++; return value; }) }),
      run: (ctx) => ({ label: ctx.params.label }),
    });
    const counting = new MapNodeRegistry([...definitions, counted]);
    const make = (label: string) => wf({
      nodes: [{ id: 'start', type: 'test.start' }, { id: 'c', type: 'test.counted', params: { label } }],
      connections: [{ from: 'start', to: 'c' }],
    });
    const triggerItems = [1, 2, 3, 4].map((n) => ({ json: { n } }));
    const staticWorkflow = make('fixed');
    for (let run = 0; run < 3; run++) await runWorkflow({ workflow: staticWorkflow, registry: counting, executionId: `s${run}`, triggerItems });
    expect(parses).toBe(1);
    parses = 0;
    const outcome = await runWorkflow({ workflow: make('n{{ $json.n }}'), registry: counting, executionId: 'd', triggerItems });
    expect(parses).toBe(4);
    if (outcome.status === 'success') expect(outcome.output.map((item) => item.json.label)).toEqual(['n1', 'n2', 'n3', 'n4']);
  });
});

describe('node context', () => {
  it('offers codeScope with outputs of nodes that ran, and stable idempotency keys across retries', async () => {
    const scopes: CodeScope[] = [];
    const keys: string[] = [];
    let failures = 1;
    const probe = defineNode({
      type: 'test.probe', version: 1, displayName: 'Probe', description: '', group: 'data', params: z.object({}),
      run: (ctx) => {
        keys.push(`${ctx.idempotencyKey}#${ctx.attempt}`);
        if (failures-- > 0) throw new RetryableError('once');
        scopes.push(ctx.codeScope());
        return ctx.item.json;
      },
    });
    const workflow = wf({
      id: 'wf', name: 'Probe', vars: { v: 1 },
      nodes: [
        { id: 'start', type: 'test.start' }, { id: 'a', type: 'test.put', params: { field: 'a', value: 1 } },
        { id: 'p', type: 'test.probe', retry: { maxAttempts: 2, initialDelayMs: 1 } },
      ],
      connections: [{ from: 'start', to: 'a' }, { from: 'a', to: 'p' }],
    });
    const outcome = await runWorkflow({ workflow, registry: new MapNodeRegistry([...definitions, probe]), executionId: 'x', mode: 'webhook', sleep: async () => {} });
    expect(outcome.status).toBe('success');
    expect(keys).toEqual(['x:p:0#1', 'x:p:0#2']);
    expect(scopes[0]).toEqual({
      execution: { id: 'x', mode: 'webhook' }, workflow: { id: 'wf', name: 'Probe' }, vars: { v: 1 },
      nodes: { start: [{}], a: [{ a: 1 }] },
    });
  });
});
