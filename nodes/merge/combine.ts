import type { BinaryMap, Item, JsonObject, JsonValue } from '../sdk/index.js';
import { getPath } from '../set/path.js';

/**
 * The merge modes as pure functions over the two inputs. A combined item is `{ ...a.json, ...b.json }` (b wins
 * on equal field names) with binary merged the same way; `pairedIndex` is the index of the `a` item when there is
 * one, for lineage.
 */
export interface Combined {
  readonly json: JsonObject;
  readonly binary?: BinaryMap;
  readonly pairedIndex?: number;
}

export function append(a: readonly Item[], b: readonly Item[]): Combined[] {
  return [...a.map((item, index) => only(item, index)), ...b.map((item) => only(item, undefined))];
}

/** Item i of `a` with item i of `b`; beyond the shorter input, the rest pass alone when `includeUnpaired`. */
export function byPosition(a: readonly Item[], b: readonly Item[], includeUnpaired: boolean): Combined[] {
  const length = includeUnpaired ? Math.max(a.length, b.length) : Math.min(a.length, b.length);
  const result: Combined[] = [];
  for (let index = 0; index < length; index++) {
    const left = a[index];
    const right = b[index];
    if (left !== undefined && right !== undefined) result.push(combine(left, right, index));
    else if (left !== undefined) result.push(only(left, index));
    else if (right !== undefined) result.push(only(right, undefined));
  }
  return result;
}

/**
 * SQL-style join on equal key values (compared as JSON, so `1` ≠ `"1"`): every `a` item with every matching `b`
 * item, in `a` order then `b` order. `left` also keeps `a` items without a match. Items whose key is missing or
 * null never match.
 */
export function joinByKey(
  a: readonly Item[],
  b: readonly Item[],
  keyA: readonly string[],
  keyB: readonly string[],
  join: 'inner' | 'left',
): Combined[] {
  const index = new Map<string, Item[]>();
  for (const item of b) {
    const key = keyOf(getPath(item.json, keyB));
    if (key === undefined) continue;
    const bucket = index.get(key);
    if (bucket === undefined) index.set(key, [item]);
    else bucket.push(item);
  }
  const result: Combined[] = [];
  a.forEach((item, position) => {
    const key = keyOf(getPath(item.json, keyA));
    const matches = key === undefined ? undefined : index.get(key);
    if (matches !== undefined) for (const match of matches) result.push(combine(item, match, position));
    else if (join === 'left') result.push(only(item, position));
  });
  return result;
}

function keyOf(value: JsonValue | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? `s${value}` : `j${JSON.stringify(value)}`;
}

function combine(left: Item, right: Item, pairedIndex: number): Combined {
  const binary = left.binary === undefined ? right.binary : right.binary === undefined ? left.binary : { ...left.binary, ...right.binary };
  return { json: { ...left.json, ...right.json }, pairedIndex, ...(binary !== undefined && { binary }) };
}

function only(item: Item, pairedIndex: number | undefined): Combined {
  return {
    json: item.json,
    ...(item.binary !== undefined && { binary: item.binary }),
    ...(pairedIndex !== undefined && { pairedIndex }),
  };
}
