/**
 * The condition rule shared by `if`, `filter` and `switch`. A boolean is itself. Otherwise:
 * - `null`/`undefined`, `0`, `NaN` → false; other numbers → true;
 * - strings: `""`, `"false"`, `"0"`, `"no"`, `"off"`, `"null"`, `"undefined"` (trimmed, any case) → false; any
 *   other string → true (so a param written as plain text `false` means false);
 * - arrays: true when not empty; plain objects: true when they have at least one key; other objects (dates) → true.
 */
export function isTruthy(value: unknown): boolean {
  switch (typeof value) {
    case 'boolean':
      return value;
    case 'number':
      return value !== 0 && !Number.isNaN(value);
    case 'bigint':
      return value !== 0n;
    case 'string':
      return !FALSY_STRINGS.has(value.trim().toLowerCase());
    case 'undefined':
      return false;
    case 'object':
      if (value === null) return false;
      if (Array.isArray(value)) return value.length > 0;
      if (isPlainObject(value)) return Object.keys(value).length > 0;
      return true;
    case 'function':
    case 'symbol':
      return true;
  }
}

const FALSY_STRINGS = new Set(['', 'false', '0', 'no', 'off', 'null', 'undefined']);

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
