import { describe, expect, it } from 'vitest';
import { testNode } from '../testing/index.js';
import filter from './index.js';

describe('filter', () => {
  it('keeps only the items whose condition holds, in order', async () => {
    const result = await testNode(filter, {
      params: { condition: '{{ $json.qty > 0 && $json.sku.startsWith("A") }}' },
      items: [{ sku: 'A1', qty: 2 }, { sku: 'B1', qty: 5 }, { sku: 'A2', qty: 0 }, { sku: 'A3', qty: 1 }],
    });
    expect(result.outputs.main).toEqual([{ sku: 'A1', qty: 2 }, { sku: 'A3', qty: 1 }]);
  });

  it('can keep nothing; lineage points at the kept input item', async () => {
    const none = await testNode(filter, { params: { condition: '{{ false }}' }, items: [{ a: 1 }] });
    expect(none.status).toBe('success');
    expect(none.outputs.main).toEqual([]);
    const some = await testNode(filter, { params: { condition: '{{ $json.a === 2 }}' }, items: [{ a: 1 }, { a: 2 }] });
    expect(some.items.main?.[0]?.paired).toMatchObject({ index: 1 });
  });

  it('reports an expression error naming the node and param', async () => {
    const result = await testNode(filter, { params: { condition: '{{ $json.a.b.c }}' }, items: [{}] });
    expect(result.status).toBe('failed');
    expect(result.error?.message).toContain('condition');
  });
});
