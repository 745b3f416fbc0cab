import type { JsonObject, JsonValue } from '../sdk/index.js';
import { isJsonObject } from '../sdk/index.js';

/**
 * Dotted paths into item json (`customer.address.city`, `lines.0.sku`). Reading never throws; writing is
 * copy-on-write: the input is never mutated (items are frozen) and untouched branches are shared.
 */

export function splitPath(path: string): readonly string[] {
  return path.split('.');
}

/** The value at `path`, or undefined when any step is missing. Numeric segments index arrays. */
export function getPath(root: JsonValue | undefined, segments: readonly string[]): JsonValue | undefined {
  let current: JsonValue | undefined = root;
  for (const segment of segments) {
    if (Array.isArray(current)) {
      current = isIndex(segment) ? current[Number(segment)] : undefined;
    } else if (isJsonObject(current)) {
      current = Object.hasOwn(current, segment) ? current[segment] : undefined;
    } else {
      return undefined;
    }
  }
  return current;
}

/** A new object equal to `root` with `value` at `path`; missing or non-object steps become objects. */
export function setPath(root: JsonObject, segments: readonly string[], value: JsonValue): JsonObject {
  const copy = { ...root };
  assignPath(copy, segments, value);
  return copy;
}

/**
 * Sets `value` at `path` in `owned`, an object the caller has just created and may mutate; everything below
 * the first step is copied on write, never mutated.
 */
export function assignPath(owned: JsonObject, segments: readonly string[], value: JsonValue): void {
  const [head, ...rest] = segments;
  if (head === undefined) return;
  owned[head] = rest.length === 0 ? value : setInto(owned[head], rest, value);
}

function setInto(current: JsonValue | undefined, segments: readonly string[], value: JsonValue): JsonValue {
  const [head, ...rest] = segments;
  if (head === undefined) return value;
  if (Array.isArray(current) && isIndex(head)) {
    const copy = [...current];
    const index = Number(head);
    while (copy.length < index) copy.push(null);
    copy[index] = rest.length === 0 ? value : setInto(current[index], rest, value);
    return copy;
  }
  const base: JsonObject = isJsonObject(current) ? current : {};
  return { ...base, [head]: rest.length === 0 ? value : setInto(base[head], rest, value) };
}

function isIndex(segment: string): boolean {
  return /^(0|[1-9]\d{0,8})$/.test(segment);
}
