import type { JsonObject, JsonValue } from '../sdk/index.js';

/**
 * Turns an evaluated param value into JSON with `JSON.stringify` semantics: `undefined`, functions, symbols,
 * `NaN` and infinities become `null` (and are left out of objects); values with `toJSON` (Date, Luxon DateTime)
 * become what it returns; bigint becomes its decimal string. A value that already is plain JSON is returned as the
 * same reference (no copy), so frozen input reached through expressions stays shared.
 */
export function toJsonValue(value: unknown): JsonValue {
  return isJsonValue(value, 0) ? value : convert(value, 0);
}

const MAX_DEPTH = 200;

function isJsonValue(value: unknown, depth: number): value is JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || depth > MAX_DEPTH) return false;
  if (Array.isArray(value)) return value.every((element) => isJsonValue(element, depth + 1));
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  return Object.values(value).every((entry) => isJsonValue(entry, depth + 1));
}

function convert(value: unknown, depth: number): JsonValue {
  if (depth > MAX_DEPTH) throw new RangeError(`value is nested more than ${MAX_DEPTH} levels deep`);
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return null;
    case 'object': {
      if (value === null) return null;
      if (hasToJson(value)) return convert(value.toJSON(), depth + 1);
      if (Array.isArray(value)) return value.map((element: unknown) => convert(element, depth + 1));
      const result: JsonObject = {};
      for (const [key, entry] of Object.entries(value)) {
        if (entry === undefined || typeof entry === 'function' || typeof entry === 'symbol') continue;
        result[key] = convert(entry, depth + 1);
      }
      return result;
    }
  }
}

function hasToJson(value: object): value is { toJSON(): unknown } {
  return 'toJSON' in value && typeof value.toJSON === 'function';
}
