import { describe, expect, it } from 'vitest';
import { assignPath, getPath, setPath, splitPath } from './path.js';
import type { JsonObject, JsonValue } from '../sdk/index.js';

function deepFreeze<T extends JsonValue>(value: T): T {
  if (typeof value === 'object' && value !== null) for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}

describe('dotted paths', () => {
  const order: JsonObject = deepFreeze({ customer: { name: 'Ada', address: { city: 'Kiel' } }, lines: [{ sku: 'A' }] });

  it('reads nested fields and array indexes, undefined when missing', () => {
    expect(getPath(order, splitPath('customer.address.city'))).toBe('Kiel');
    expect(getPath(order, splitPath('lines.0.sku'))).toBe('A');
    expect(getPath(order, splitPath('lines.1.sku'))).toBeUndefined();
    expect(getPath(order, splitPath('customer.name.first'))).toBeUndefined();
    expect(getPath(order, splitPath('toString'))).toBeUndefined();
  });

  it('writes copy-on-write: frozen input untouched, unrelated branches shared', () => {
    const updated = setPath(order, splitPath('customer.address.zip'), '24103');
    expect(updated).toEqual({ customer: { name: 'Ada', address: { city: 'Kiel', zip: '24103' } }, lines: [{ sku: 'A' }] });
    expect(getPath(order, ['customer', 'address'])).toEqual({ city: 'Kiel' });
    expect(updated.lines).toBe(order.lines);
  });

  it('creates missing objects and replaces non-object steps', () => {
    expect(setPath({ a: 1 }, splitPath('a.b.c'), true)).toEqual({ a: { b: { c: true } } });
    expect(setPath({}, splitPath('x.y'), null)).toEqual({ x: { y: null } });
  });

  it('writes into arrays by index without mutating them', () => {
    const updated = setPath(order, splitPath('lines.0.qty'), 2);
    expect(updated.lines).toEqual([{ sku: 'A', qty: 2 }]);
    expect(getPath(order, ['lines', '0'])).toEqual({ sku: 'A' });
  });

  it('assignPath mutates only the owned root', () => {
    const owned = { ...order };
    assignPath(owned, splitPath('customer.vip'), true);
    expect(owned.customer).toEqual({ name: 'Ada', address: { city: 'Kiel' }, vip: true });
    expect(order.customer).not.toHaveProperty('vip');
  });
});
