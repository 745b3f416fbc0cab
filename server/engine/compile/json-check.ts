import type { JsonObject, JsonValue } from '../../../nodes/sdk/index.js';

/** True when `value` is plain JSON all the way down (no undefined, functions, class instances or non-finite numbers). */
export function isJsonValueDeep(value: unknown, depth = 0): value is JsonValue {
  if (depth > 200) return false;
  if (value === null) return true;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      if (Array.isArray(value)) return value.every((element) => isJsonValueDeep(element, depth + 1));
      return isJsonObjectDeep(value, depth);
    default:
      return false;
  }
}

export function isJsonObjectDeep(value: unknown, depth = 0): value is JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  return Object.values(value).every((element) => isJsonValueDeep(element, depth + 1));
}
