import { afterAll, describe, expect, it } from 'vitest';
import { testNode } from '../testing/index.js';
import { createCodeSandbox } from '../../server/sandbox/index.js';
import code from './index.js';

/** The code node with the real out-of-process sandbox the server and CLI use. */
describe('code (real sandbox)', () => {
  const sandbox = createCodeSandbox({ poolSize: 1, timeoutMs: 5000 });
  afterAll(() => sandbox.close());

  it('allItems and perItem through the real sandbox, console to the node log', async () => {
    const all = await testNode(code, {
      params: { code: 'console.log("lines", $input.length); return $input.map(j => ({ sku: j.sku, value: j.qty * j.price }));' },
      items: [{ sku: 'A', qty: 2, price: 2.5 }, { sku: 'B', qty: 1, price: 10 }],
      services: { sandbox },
    });
    expect(all.status).toBe('success');
    expect(all.outputs.main).toEqual([{ sku: 'A', value: 5 }, { sku: 'B', value: 10 }]);
    expect(all.logs.join('\n')).toContain('lines 2');

    const per = await testNode(code, {
      params: { mode: 'perItem', code: 'return $json.qty > 1 ? { ...$json, bulk: true } : null;' },
      items: [{ qty: 1 }, { qty: 3 }],
      services: { sandbox },
    });
    expect(per.outputs.main).toEqual([{ qty: 3, bulk: true }]);
  });

  it('a user error fails the node with the sandbox error code', async () => {
    const result = await testNode(code, { params: { code: 'throw new Error("no stock")' }, services: { sandbox } });
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('CODE_ERROR');
    expect(result.error?.message).toContain('no stock');
  });
});
