import { describe, expect, it } from 'vitest';
import { testNode } from '../testing/index.js';
import stopAndError from './index.js';

describe('stopAndError', () => {
  it('fails the run with the given code and message, not retried', async () => {
    const result = await testNode(stopAndError, {
      params: { message: 'order {{ $json.orderId }} has no lines', code: 'ORDER_INVALID' },
      items: [{ orderId: 42 }],
      retry: { maxAttempts: 3, initialDelayMs: 1 },
      sleep: async () => {},
    });
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'ORDER_INVALID', message: 'order 42 has no lines', retryable: false, node: 'node' });
    expect(result.attempts).toBe(1);
  });

  it('has defaults and checks the code format', async () => {
    const plain = await testNode(stopAndError, {});
    expect(plain.error).toMatchObject({ code: 'STOPPED', message: 'Workflow stopped' });
    const bad = await testNode(stopAndError, { params: { code: 'not-a-code' } });
    expect(bad.error).toMatchObject({ code: 'PARAM_INVALID', param: 'code' });
  });

  it('with onError errorOutput the item goes to the error output', async () => {
    const result = await testNode(stopAndError, { params: { code: 'NOPE' }, items: [{ a: 1 }], onError: 'errorOutput' });
    expect(result.status).toBe('success');
    expect(result.outputs.error).toEqual([{ a: 1, error: { code: 'NOPE', message: 'Workflow stopped' } }]);
  });
});
