/**
 * Source evaluated inside the expression realm after the runtime is installed: removes globals that schedule
 * work outside an evaluation or share memory, then freezes every object reachable from the global (intrinsics,
 * their prototypes, accessors). Returns a frozen null-prototype record of the global bindings. Afterwards no evaluation can leave state for a later one.
 */
export const REALM_LOCKDOWN_SOURCE = String.raw`(function (extraGlobals, luxon) {
  'use strict';
  const g = globalThis;
  for (const name of ['eval', 'Promise', 'WeakRef', 'FinalizationRegistry', 'SharedArrayBuffer', 'Atomics',
    'WebAssembly', 'AsyncFunction', 'escape', 'unescape']) {
    delete g[name];
  }
  for (const name of Object.keys(extraGlobals)) {
    Object.defineProperty(g, name, { value: extraGlobals[name], writable: false, enumerable: false, configurable: false });
  }
  // Override taming: frozen prototype members become accessors whose setter defines an own property on the
  // receiver, so \`this.name = ...\` in an Error subclass or \`obj.toString = ...\` keep working.
  function tame(proto, keys) {
    for (const key of keys || Reflect.ownKeys(proto)) {
      const d = Object.getOwnPropertyDescriptor(proto, key);
      if (d === undefined || !('value' in d) || !d.configurable) continue;
      const value = d.value;
      Object.defineProperty(proto, key, {
        get() { return value; },
        set(next) {
          if (this === proto) throw new TypeError('Cannot assign to read only property ' + String(key));
          Object.defineProperty(this, key, { value: next, writable: true, enumerable: true, configurable: true });
        },
        enumerable: d.enumerable, configurable: false,
      });
    }
  }
  tame(Object.prototype);
  tame(Function.prototype, ['constructor', 'toString', 'name']);
  for (const E of [Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError, AggregateError]) tame(E.prototype);
  tame(Array.prototype, ['constructor', 'toString']);
  const seen = new Set();
  const stack = [g];
  // Intrinsics not reachable by name from the global.
  stack.push(Object.getPrototypeOf(function* () {}), Object.getPrototypeOf(async function () {}),
    Object.getPrototypeOf(async function* () {}), Object.getPrototypeOf([][Symbol.iterator]()),
    Object.getPrototypeOf(new Map().entries()), Object.getPrototypeOf(new Set().values()),
    Object.getPrototypeOf(''[Symbol.iterator]()), Object.getPrototypeOf(/x/[Symbol.matchAll]('')),
    Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())));
  (async function () {})().constructor && stack.push((async function () {})().constructor);
  // Luxon: every top-level binding, its exports, the lazily created zone singletons and a sample of each
  // internal class reachable from instances.
  stack.push(luxon, luxon.__internals, luxon.SystemZone.instance, luxon.FixedOffsetZone.utcInstance);
  while (stack.length > 0) {
    const value = stack.pop();
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value)) continue;
    seen.add(value);
    stack.push(Object.getPrototypeOf(value));
    for (const key of Reflect.ownKeys(value)) {
      const d = Object.getOwnPropertyDescriptor(value, key);
      if (d === undefined) continue;
      if ('value' in d) stack.push(d.value);
      else { stack.push(d.get); stack.push(d.set); }
    }
    if (value !== g) Object.freeze(value);
  }
  // The vm global itself cannot be frozen (its interceptors forward writes): compiled expressions bind every
  // global name as a const instead (see compile-expression.ts) and may not name \`globalThis\`.
  const globals = Object.create(null);
  for (const key of Reflect.ownKeys(g)) if (typeof key === 'string') globals[key] = g[key];
  return Object.freeze(globals);
})`;
