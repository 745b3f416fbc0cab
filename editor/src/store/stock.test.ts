import { describe, expect, it } from 'vitest';
import { appendPage, firstPage, newIdempotencyKey, quantityFrom, withLevel } from './stock.js';

const level = (sku: string, quantity = 1) => ({ sku, quantity, updatedAt: 1_700_000_000_000 });

describe('stock list', () => {
  it('appends the next page without repeating a SKU already shown', () => {
    const list = firstPage('', { levels: [level('A'), level('B')], nextCursor: 'B' });
    const next = appendPage(list, { levels: [level('B'), level('C')], nextCursor: null });
    expect(next.levels.map((l) => l.sku)).toEqual(['A', 'B', 'C']);
    expect(next.nextCursor).toBeNull();
  });

  it('replaces a saved row and inserts a new SKU in SKU order', () => {
    const list = firstPage('', { levels: [level('CAP-1'), level('TEE-M')], nextCursor: null });
    expect(withLevel(list, level('TEE-M', 7)).levels).toEqual([level('CAP-1'), level('TEE-M', 7)]);
    expect(withLevel(list, level('MUG-1', 3)).levels.map((l) => l.sku)).toEqual(['CAP-1', 'MUG-1', 'TEE-M']);
    expect(withLevel(list, level('ZIP', 3)).levels.map((l) => l.sku)).toEqual(['CAP-1', 'TEE-M', 'ZIP']);
  });

  it('leaves out a new SKU that does not match the search or belongs to a page not loaded yet', () => {
    const searched = firstPage('TEE-', { levels: [level('TEE-L')], nextCursor: null });
    expect(withLevel(searched, level('MUG-1')).levels.map((l) => l.sku)).toEqual(['TEE-L']);
    const paged = firstPage('', { levels: [level('A'), level('C')], nextCursor: 'C' });
    expect(withLevel(paged, level('D')).levels.map((l) => l.sku)).toEqual(['A', 'C']);
    expect(withLevel(paged, level('B')).levels.map((l) => l.sku)).toEqual(['A', 'B', 'C']);
  });

  it('reads the typed quantity, leaving range checks to the server', () => {
    expect(quantityFrom(' 12 ')).toBe(12);
    expect(quantityFrom('-3')).toBe(-3);
    expect(quantityFrom('2.5')).toBe(2.5);
    expect(quantityFrom('')).toBeNull();
    expect(quantityFrom('abc')).toBeNull();
  });

  it('makes a different idempotency key each time', () => {
    const a = newIdempotencyKey();
    expect(a).toMatch(/^editor-[0-9a-f]{32}$/);
    expect(newIdempotencyKey()).not.toBe(a);
  });
});
