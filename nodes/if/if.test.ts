import { describe, expect, it } from 'vitest';
import { testNode } from '../testing/index.js';
import ifNode from './index.js';

describe('if', () => {
  it('routes each item to true or false by an expression', async () => {
    const result = await testNode(ifNode, {
      params: { condition: '{{ $json.total > 100 }}' },
      items: [{ total: 150 }, { total: 20 }, { total: 101 }],
    });
    expect(result.outputs).toEqual({ true: [{ total: 150 }, { total: 101 }], false: [{ total: 20 }] });
  });

  it('applies the truthiness rule to non-boolean conditions', async () => {
    const result = await testNode(ifNode, {
      params: { condition: '{{ $json.flag }}' },
      items: [{ flag: 'yes' }, { flag: 'false' }, { flag: 0 }, { flag: [] }, {}, { flag: { a: 1 } }],
    });
    expect(result.outputs.true).toEqual([{ flag: 'yes' }, { flag: { a: 1 } }]);
    expect(result.outputs.false).toHaveLength(4);
  });

  it('treats an interpolated string condition by its text', async () => {
    const result = await testNode(ifNode, { params: { condition: '{{ $json.a }}{{ $json.b }}' }, items: [{ a: 'fal', b: 'se' }, { a: 'o', b: 'k' }] });
    expect(result.outputs.false).toEqual([{ a: 'fal', b: 'se' }]);
    expect(result.outputs.true).toEqual([{ a: 'o', b: 'k' }]);
  });

  it('a static condition sends everything one way', async () => {
    const result = await testNode(ifNode, { params: { condition: false }, items: [{ a: 1 }, { a: 2 }] });
    expect(result.outputs).toEqual({ true: [], false: [{ a: 1 }, { a: 2 }] });
  });
});
