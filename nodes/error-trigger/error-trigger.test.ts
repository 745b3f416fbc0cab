import { describe, expect, it } from 'vitest';
import { testNode } from '../testing/index.js';
import errorTrigger from './index.js';

describe('errorTrigger', () => {
  it('outputs { execution, workflow, error } as the host gives it', async () => {
    const json = {
      execution: { id: 'ex-1', mode: 'webhook' },
      workflow: { id: 'orders', name: 'Orders' },
      error: { node: 'notify', code: 'HTTP_ERROR', message: 'HTTP 500' },
    };
    const result = await testNode(errorTrigger, { items: [json] });
    expect(result.outputs.main).toEqual([json]);
    expect(errorTrigger.trigger?.kind).toBe('error');
  });
});
