import { describe, expect, it } from 'vitest';
import { testNode } from '../testing/index.js';
import aggregate from './index.js';

describe('aggregate', () => {
  it('collects every item json into one item under `items`', async () => {
    const result = await testNode(aggregate, { items: [{ sku: 'A' }, { sku: 'B' }, { sku: 'C' }] });
    expect(result.outputs.main).toEqual([{ items: [{ sku: 'A' }, { sku: 'B' }, { sku: 'C' }] }]);
  });

  it('uses the given field, nested when dotted', async () => {
    const flat = await testNode(aggregate, { params: { field: 'lines' }, items: [{ a: 1 }] });
    expect(flat.outputs.main).toEqual([{ lines: [{ a: 1 }] }]);
    const nested = await testNode(aggregate, { params: { field: 'order.lines' }, items: [{ a: 1 }, { a: 2 }] });
    expect(nested.outputs.main).toEqual([{ order: { lines: [{ a: 1 }, { a: 2 }] } }]);
  });

  it('shares the input json objects instead of copying them', async () => {
    const result = await testNode(aggregate, { items: [{ a: 1 }] });
    const input = result.record.nodes.__input_main?.outputs.main?.[0]?.json;
    const collected = result.outputs.main?.[0]?.items;
    expect(Array.isArray(collected) && collected[0]).toBe(input);
  });
});
