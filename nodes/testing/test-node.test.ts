import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineNode, RetryableError } from '../sdk/index.js';
import { testNode } from './index.js';

const greet = defineNode({
  type: 'test.greet', version: 1, displayName: 'Greet', description: 'adds a greeting', group: 'data',
  params: z.object({ name: z.string() }),
  run: (ctx) => {
    ctx.logger.info(`greeting ${ctx.params.name}`);
    return { ...ctx.item.json, greeting: `hello ${ctx.params.name}` };
  },
});

const both = defineNode({
  type: 'test.both', version: 1, displayName: 'Both', description: 'counts inputs', group: 'flow', mode: 'allItems', inputs: ['a', 'b'],
  params: z.object({}),
  run: (ctx) => ({ a: ctx.inputs.a?.length ?? 0, b: ctx.inputs.b?.length ?? 0 }),
});

describe('testNode', () => {
  it('runs a node per item with expressions in params and returns outputs and logs', async () => {
    const result = await testNode(greet, { params: { name: '{{ $json.who }}' }, items: [{ who: 'Ada' }, { who: 'Bob' }] });
    expect(result.status).toBe('success');
    expect(result.outputs.main).toEqual([{ who: 'Ada', greeting: 'hello Ada' }, { who: 'Bob', greeting: 'hello Bob' }]);
    expect(result.logs).toEqual(['info: greeting Ada', 'info: greeting Bob']);
  });

  it('feeds named inputs', async () => {
    const result = await testNode(both, { inputs: { a: [{}, {}], b: [{}] } });
    expect(result.outputs.main).toEqual([{ a: 2, b: 1 }]);
  });

  it('reports param errors naming the param', async () => {
    const result = await testNode(greet, { params: { name: 42 } });
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'PARAM_INVALID', node: 'node', param: 'name' });
  });

  it('applies onError and retry like a workflow does', async () => {
    let tries = 0;
    const flaky = defineNode({
      type: 'test.flakyOnce', version: 1, displayName: 'Flaky', description: '', group: 'action', params: z.object({}),
      run: () => { tries++; if (tries < 2) throw new RetryableError('try again'); return { tries }; },
    });
    const result = await testNode(flaky, { retry: { maxAttempts: 3, initialDelayMs: 10 }, sleep: async () => {} });
    expect(result.outputs.main).toEqual([{ tries: 2 }]);
    expect(result.attempts).toBe(2);
    const failing = await testNode(greet, { params: { name: 1 }, onError: 'continue', items: [{ a: 1 }] });
    expect(failing.status).toBe('success');
    expect(failing.outputs.main?.[0]).toMatchObject({ a: 1, error: { code: 'PARAM_INVALID' } });
  });
});
