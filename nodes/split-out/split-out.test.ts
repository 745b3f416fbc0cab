import { describe, expect, it } from 'vitest';
import { testNode } from '../testing/index.js';
import splitOut from './index.js';

describe('splitOut', () => {
  it('makes one item per element: objects as json, other values as { value }', async () => {
    const result = await testNode(splitOut, {
      params: { field: 'lines' },
      items: [{ orderId: 1, lines: [{ sku: 'A', qty: 2 }, 'gift-wrap', 3, null, [1]] }, { orderId: 2, lines: [{ sku: 'B' }] }],
    });
    expect(result.outputs.main).toEqual([{ sku: 'A', qty: 2 }, { value: 'gift-wrap' }, { value: 3 }, { value: null }, { value: [1] }, { sku: 'B' }]);
    expect(result.items.main?.map((item) => item.paired?.index)).toEqual([0, 0, 0, 0, 0, 1]);
  });

  it('follows dotted paths; a missing or null field gives no items', async () => {
    const result = await testNode(splitOut, {
      params: { field: 'order.lines' },
      items: [{ order: { lines: [{ sku: 'A' }] } }, { order: {} }, { order: { lines: null } }],
    });
    expect(result.outputs.main).toEqual([{ sku: 'A' }]);
  });

  it('fails on a field that is not an array', async () => {
    const result = await testNode(splitOut, { params: { field: 'lines' }, items: [{ lines: 'A,B' }] });
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'SPLIT_FIELD_NOT_ARRAY', param: 'field' });
    expect(result.error?.message).toContain('"lines" is string');
  });
});
