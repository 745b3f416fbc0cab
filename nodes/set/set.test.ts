import { describe, expect, it } from 'vitest';
import { testNode } from '../testing/index.js';
import set from './index.js';

describe('set', () => {
  it('adds fields from expressions per item, keeping the rest', async () => {
    const result = await testNode(set, {
      params: { fields: { double: '{{ $json.a * 2 }}', label: 'item {{ $itemIndex }}: {{ $json.a }}', fixed: 7 } },
      items: [{ a: 1, keep: 'x' }, { a: 5 }],
    });
    expect(result.status).toBe('success');
    expect(result.outputs.main).toEqual([
      { a: 1, keep: 'x', double: 2, label: 'item 0: 1', fixed: 7 },
      { a: 5, double: 10, label: 'item 1: 5', fixed: 7 },
    ]);
  });

  it('preserves types of whole-value expressions (objects, arrays, booleans)', async () => {
    const result = await testNode(set, {
      params: { fields: { total: '{{ $json.lines.reduce((s, l) => s + l.qty * l.price, 0) }}', skus: '{{ $json.lines.map(l => l.sku) }}', big: '{{ $json.lines.length > 1 }}' } },
      items: [{ lines: [{ sku: 'A', qty: 2, price: 3.5 }, { sku: 'B', qty: 1, price: 10 }] }],
    });
    expect(result.outputs.main?.[0]).toMatchObject({ total: 17, skus: ['A', 'B'], big: true });
  });

  it('sets nested fields by dotted names without touching the input item', async () => {
    const input = { customer: { name: 'Ada', address: { city: 'Kiel' } }, n: 1 };
    const result = await testNode(set, {
      params: { fields: { 'customer.address.zip': '24103', 'customer.vip': '{{ $json.n > 0 }}', 'meta.source': 'shop' } },
      items: [input],
    });
    expect(result.outputs.main).toEqual([
      { customer: { name: 'Ada', address: { city: 'Kiel', zip: '24103' }, vip: true }, n: 1, meta: { source: 'shop' } },
    ]);
    expect(input).toEqual({ customer: { name: 'Ada', address: { city: 'Kiel' } }, n: 1 });
    const before = result.record.nodes.__input_main?.outputs.main?.[0]?.json;
    expect(before).toEqual(input);
    expect(Object.isFrozen(before)).toBe(true);
  });

  it('keepOnlySet drops the other fields; dotNotation off keeps dots in names', async () => {
    const only = await testNode(set, { params: { fields: { id: '{{ $json.id }}' }, keepOnlySet: true }, items: [{ id: 3, noise: true }] });
    expect(only.outputs.main).toEqual([{ id: 3 }]);
    const literal = await testNode(set, { params: { fields: { 'a.b': 1 }, dotNotation: false }, items: [{}] });
    expect(literal.outputs.main).toEqual([{ 'a.b': 1 }]);
  });

  it('turns undefined and NaN into null and dates into ISO strings', async () => {
    const result = await testNode(set, {
      params: { fields: { missing: '{{ $json.nope }}', nan: '{{ $json.x / 0 - Infinity }}', at: '{{ $now }}' } },
      items: [{ x: 1 }],
      now: () => Date.parse('2026-05-01T10:00:00.000Z'),
    });
    const json = result.outputs.main?.[0];
    expect(json?.missing).toBeNull();
    expect(json?.nan).toBeNull();
    expect(typeof json?.at).toBe('string');
    expect(Date.parse(String(json?.at))).toBe(Date.parse('2026-05-01T10:00:00.000Z'));
  });

  it('keeps binary data', async () => {
    const binary = { label: { data: 'JVBERg==', mimeType: 'application/pdf' } };
    const result = await testNode(set, { params: { fields: { done: true } }, items: [{ json: { a: 1 }, binary }] });
    expect(result.items.main?.[0]?.binary).toEqual(binary);
  });

  it('rejects __proto__ names', async () => {
    const result = await testNode(set, { params: { fields: { '__proto__.polluted': true } } });
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('PARAM_INVALID');
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});
