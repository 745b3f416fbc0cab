import { describe, expect, it } from 'vitest';
import { append, byPosition, joinByKey } from './combine.js';
import type { Item } from '../sdk/index.js';

const items = (...jsons: Record<string, unknown>[]): Item[] => jsons.map((json) => ({ json: JSON.parse(JSON.stringify(json)) }));

describe('merge modes', () => {
  const a = items({ id: 1, a: 'x' }, { id: 2, a: 'y' }, { id: 3, a: 'z' });
  const b = items({ id: 2, b: 'B2' }, { id: 1, b: 'B1' }, { id: 1, b: 'B1bis' }, { id: 4, b: 'B4' });

  it('append: a then b, lineage for a', () => {
    const result = append(a, b.slice(0, 1));
    expect(result.map((r) => r.json)).toEqual([{ id: 1, a: 'x' }, { id: 2, a: 'y' }, { id: 3, a: 'z' }, { id: 2, b: 'B2' }]);
    expect(result.map((r) => r.pairedIndex)).toEqual([0, 1, 2, undefined]);
    expect(result[0]?.json).toBe(a[0]?.json);
  });

  it('byPosition: b wins on equal names; unpaired kept or dropped', () => {
    const result = byPosition(a.slice(0, 2), b.slice(0, 1), true);
    expect(result.map((r) => r.json)).toEqual([{ id: 2, a: 'x', b: 'B2' }, { id: 2, a: 'y' }]);
    expect(byPosition(a.slice(0, 2), b.slice(0, 1), false).map((r) => r.json)).toEqual([{ id: 2, a: 'x', b: 'B2' }]);
    expect(byPosition([], b.slice(0, 2), true).map((r) => r.json)).toEqual([{ id: 2, b: 'B2' }, { id: 1, b: 'B1' }]);
  });

  it('joinByKey inner: every match, in a order then b order', () => {
    const result = joinByKey(a, b, ['id'], ['id'], 'inner');
    expect(result.map((r) => r.json)).toEqual([
      { id: 1, a: 'x', b: 'B1' },
      { id: 1, a: 'x', b: 'B1bis' },
      { id: 2, a: 'y', b: 'B2' },
    ]);
    expect(result.map((r) => r.pairedIndex)).toEqual([0, 0, 1]);
  });

  it('joinByKey left keeps unmatched a items', () => {
    expect(joinByKey(a, b, ['id'], ['id'], 'left').map((r) => r.json)).toContainEqual({ id: 3, a: 'z' });
  });

  it('joins on nested paths, different names per side, strict JSON equality, null never matches', () => {
    const left = items({ customer: { id: 'C1' }, n: 1 }, { customer: { id: 7 }, n: 2 }, { customer: null, n: 3 });
    const right = items({ cid: 'C1', tier: 'gold' }, { cid: '7', tier: 'silver' }, { cid: null, tier: 'none' });
    expect(joinByKey(left, right, ['customer', 'id'], ['cid'], 'inner').map((r) => r.json)).toEqual([
      { customer: { id: 'C1' }, n: 1, cid: 'C1', tier: 'gold' },
    ]);
  });

  it('merges binary maps, b winning', () => {
    const left: Item[] = [{ json: {}, binary: { label: { data: 'QQ==', mimeType: 'a/a' }, x: { data: 'eA==', mimeType: 'x/x' } } }];
    const right: Item[] = [{ json: {}, binary: { label: { data: 'Qg==', mimeType: 'b/b' } } }];
    expect(byPosition(left, right, true)[0]?.binary).toEqual({ label: { data: 'Qg==', mimeType: 'b/b' }, x: { data: 'eA==', mimeType: 'x/x' } });
  });
});
