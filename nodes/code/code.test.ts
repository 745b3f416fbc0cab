import { describe, expect, it } from 'vitest';
import { testNode } from '../testing/index.js';
import type { CodeRequest, CodeSandbox, JsonObject } from '../sdk/index.js';
import { isJsonObject } from '../sdk/index.js';
import code from './index.js';

/**
 * TEST-ONLY stand-in for the real sandbox: runs the code in this process with `new Function` (no isolation at
 * all) so these tests check the node's own contract — what it sends, how it maps results and logs. The real
 * out-of-process sandbox is exercised in `code.sandbox.test.ts`.
 */
function inProcessFakeSandbox(): { sandbox: CodeSandbox; requests: CodeRequest[] } {
  const requests: CodeRequest[] = [];
  const sandbox: CodeSandbox = {
    run: async (request) => {
      requests.push(request);
      const logs: string[] = [];
      const consoleStub = { log: (...args: unknown[]) => void logs.push(args.map(String).join(' ')) };
      const run = new Function('$input', '$json', '$vars', 'console', request.code);
      const value: unknown = run(request.items, request.items[0], request.scope.vars, consoleStub);
      if (request.mode === 'perItem') return { items: [isJsonObject(value) ? value : null], logs };
      const items: (JsonObject | null)[] = Array.isArray(value) ? value.map((entry) => (isJsonObject(entry) ? entry : null)) : [];
      return { items, logs };
    },
  };
  return { sandbox, requests };
}

describe('code (node contract, fake sandbox)', () => {
  it('allItems: one call with every item json; each returned object becomes an item; logs are kept', async () => {
    const { sandbox, requests } = inProcessFakeSandbox();
    const result = await testNode(code, {
      params: { mode: 'allItems', code: 'console.log("n", $input.length); return $input.map(j => ({ sku: j.sku, qty2: j.qty * 2 }));' },
      items: [{ sku: 'A', qty: 1 }, { sku: 'B', qty: 4 }],
      services: { sandbox },
      vars: { shop: 'demo' },
    });
    expect(result.status).toBe('success');
    expect(result.outputs.main).toEqual([{ sku: 'A', qty2: 2 }, { sku: 'B', qty2: 8 }]);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.items).toEqual([{ sku: 'A', qty: 1 }, { sku: 'B', qty: 4 }]);
    expect(requests[0]?.scope.vars).toEqual({ shop: 'demo' });
    expect(requests[0]?.scope.execution.id).toBe('test-execution');
    expect(result.logs).toEqual(['info: n 2']);
  });

  it('the code param is never evaluated as an expression', async () => {
    const { sandbox, requests } = inProcessFakeSandbox();
    const source = 'return [{ text: "{{ $json.x }}" }];';
    const result = await testNode(code, { params: { code: source }, items: [{ x: 1 }], services: { sandbox } });
    expect(requests[0]?.code).toBe(source);
    expect(result.outputs.main).toEqual([{ text: '{{ $json.x }}' }]);
  });

  it('perItem: one call per item; null drops the item; binary stays; lineage kept', async () => {
    const { sandbox, requests } = inProcessFakeSandbox();
    const binary = { doc: { data: 'eA==', mimeType: 'text/plain' } };
    const result = await testNode(code, {
      params: { mode: 'perItem', code: 'return $json.keep ? { ...$json, seen: true } : null;' },
      items: [{ keep: true, n: 1 }, { keep: false, n: 2 }, { json: { keep: true, n: 3 }, binary }],
      services: { sandbox },
    });
    expect(requests.map((request) => request.items)).toEqual([[{ keep: true, n: 1 }], [{ keep: false, n: 2 }], [{ keep: true, n: 3 }]]);
    expect(result.outputs.main).toEqual([{ keep: true, n: 1, seen: true }, { keep: true, n: 3, seen: true }]);
    expect(result.items.main?.[1]?.binary).toEqual(binary);
    expect(result.items.main?.map((item) => item.paired?.index)).toEqual([0, 2]);
  });

  it('without a sandbox fails with SERVICE_UNAVAILABLE', async () => {
    const result = await testNode(code, { params: { code: 'return $input;' } });
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('a non-object in the returned array fails with CODE_RESULT_INVALID', async () => {
    const sandbox: CodeSandbox = { run: async () => ({ items: [{ ok: true }, null], logs: [] }) };
    const dropped = await testNode(code, { params: { code: 'x' }, services: { sandbox } });
    expect(dropped.outputs.main).toEqual([{ ok: true }]);
    const broken: CodeSandbox = { run: async () => JSON.parse('{"items":[1],"logs":[]}') };
    const result = await testNode(code, { params: { code: 'x' }, services: { sandbox: broken } });
    expect(result.error?.code).toBe('CODE_RESULT_INVALID');
  });
});
