/**
 * JavaScript source evaluated ONCE inside the expression realm (a node:vm context with code generation from
 * strings disabled). It returns the runtime object the host uses; nothing of it is placed on the realm's global,
 * so user expressions cannot reach it. Kept as a string so no transpiler helper leaks into the realm.
 *
 * Input (arguments of the returned factory): `limits` (plain numbers), `heapUsed` (host function returning a
 * number), `luxon` (the realm's own luxon exports).
 * Output: `{ budget, result, origin, FAIL, JSONBOX, HOSTBOX, tick, copyIn, copyKeys, enter, leave, out, fail, makeNode, makeNow, makeToday }`.
 *
 * Invariants: every object user code can see was created in this realm; host objects are only read (never
 * handed to user code); `out` and `fail` run while the evaluation is still active, so user getters, toJSON and
 * Proxy traps they trigger are under the same budget.
 */
export const REALM_RUNTIME_SOURCE = String.raw`(function (limits, heapUsed, luxon) {
  'use strict';
  const ObjectKeys = Object.keys, freeze = Object.freeze, isArray = Array.isArray, defineProperty = Object.defineProperty;
  const stringify = JSON.stringify, now = Date.now, StringCtor = String;
  const ErrorCtor = Error, RangeErrorCtor = RangeError;
  const hasOwn = Object.prototype.hasOwnProperty;
  // The host object whose realm copy (origin.copy) an evaluation received as $json; set by the host per call.
  const origin = { copy: null, host: null };

  class LimitError extends ErrorCtor {}
  const budget = { active: false, n: 0, t0: 0, tripped: null };
  const result = { json: '', host: null, code: '', message: '' };
  const FAIL = freeze({}), JSONBOX = freeze({}), HOSTBOX = freeze({});

  function trip(code, message) {
    const error = new LimitError(message);
    error.limitCode = code;
    if (budget.active && budget.tripped === null) budget.tripped = error;
    throw error;
  }

  // Injected at every loop iteration and function entry of user code.
  function tick() {
    if (!budget.active) trip('EXPRESSION_ERROR', 'expression code ran outside its evaluation');
    if (budget.tripped !== null) throw budget.tripped;
    if ((++budget.n & 255) !== 0) return;
    if (now() - budget.t0 > limits.timeoutMs) trip('EXPRESSION_TIMEOUT', 'expression exceeded its time limit of ' + limits.timeoutMs + ' ms');
    if ((budget.n & 4095) === 0 && heapUsed() > limits.heapBytes) trip('EXPRESSION_MEMORY_LIMIT', 'expression exceeded the memory limit (heap above ' + Math.round(limits.heapBytes / 1048576) + ' MB)');
  }

  function enter() { budget.active = true; budget.n = 0; budget.t0 = now(); budget.tripped = null; }
  function leave() { budget.active = false; }

  // Deep copy of host JSON into frozen realm objects (plain data only: own enumerable keys).
  function copyIn(value, depth) {
    if (typeof value !== 'object' || value === null) return value;
    if (depth > 200) throw new ErrorCtor('value nested too deeply');
    let copy;
    if (isArray(value)) {
      const n = value.length;
      copy = new Array(n);
      for (let i = 0; i < n; i++) copy[i] = copyIn(value[i], depth + 1);
    } else {
      copy = {};
      const keys = ObjectKeys(value);
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i];
        const v = copyIn(value[k], depth + 1);
        if (k === '__proto__') defineProperty(copy, k, { value: v, enumerable: true, writable: true, configurable: true });
        else copy[k] = v;
      }
    }
    return freeze(copy);
  }

  // Copy of only the given own top-level keys (the expression reads nothing else of the object).
  function copyKeys(value, keys) {
    if (typeof value !== 'object' || value === null || isArray(value)) return copyIn(value, 0);
    const copy = {};
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      if (hasOwn.call(value, k)) {
        const v = copyIn(value[k], 1);
        if (k === '__proto__') defineProperty(copy, k, { value: v, enumerable: true, writable: true, configurable: true });
        else copy[k] = v;
      }
    }
    return freeze(copy);
  }

  // Converts a result while the evaluation is still active. Primitives return as they are; a realm copy of a host
  // object returns that host object (HOSTBOX); any other object returns as JSON text (JSONBOX).
  function out(value) {
    if (budget.active && budget.tripped !== null) return fail(budget.tripped);
    switch (typeof value) {
      case 'object': {
        if (value === null) return null;
        if (value === origin.copy) { result.host = origin.host; origin.copy = null; origin.host = null; return HOSTBOX; }
        const json = stringify(value);
        if (budget.active && budget.tripped !== null) return fail(budget.tripped);
        if (json === undefined) return undefined;
        if (json.length > limits.maxStringLength) return fail(new RangeErrorCtor('Invalid string length'));
        result.json = json;
        return JSONBOX;
      }
      case 'function': case 'symbol': return undefined;
      case 'bigint': return StringCtor(value);
      default: return value;
    }
  }

  function describe(error) {
    try {
      if (error instanceof ErrorCtor) {
        const message = StringCtor(error.message);
        return (error.name && error.name !== 'Error' ? StringCtor(error.name) + ': ' : '') + message;
      }
      return 'threw ' + (typeof error === 'string' ? error : stringify(error));
    } catch (_) {
      return 'threw a value that cannot be described';
    }
  }

  function fail(error) {
    let code = 'EXPRESSION_ERROR';
    let message;
    const limit = budget.active && budget.tripped !== null ? budget.tripped : error instanceof LimitError ? error : null;
    if (limit !== null) { code = limit.limitCode; message = limit.message; }
    else if (error instanceof RangeErrorCtor && /Invalid (string|array|typed array) length|allocation failed|too large/i.test(error.message)) {
      code = 'EXPRESSION_MEMORY_LIMIT';
      message = 'expression exceeded the memory limit (' + error.message + ')';
    } else message = describe(error);
    result.code = code;
    result.message = message.length > 500 ? message.slice(0, 500) + '...' : message;
    return FAIL;
  }

  function hostCall(fn, self, args) {
    try { return fn.apply(self, args); }
    catch (error) { throw new ErrorCtor(typeof error === 'object' && error !== null ? StringCtor(error.message) : StringCtor(error)); }
  }

  // $node(id) over the host's accessor function; the host function and its accessors never reach user code.
  function makeNode(hostNode) {
    return function $node(id) {
      const accessor = hostCall(hostNode, undefined, [StringCtor(id)]);
      return freeze({
        all() { return copyIn(hostCall(accessor.all, accessor, []), 0); },
        first() { return copyIn(hostCall(accessor.first, accessor, []), 0); },
        get item() { return copyIn(hostCall(() => accessor.item, undefined, []), 0); },
      });
    };
  }

  function makeNow(ms, zone) {
    return luxon.DateTime.fromMillis(ms, zone ? { zone: StringCtor(zone) } : {});
  }
  function makeToday(ms, zone) { return makeNow(ms, zone).startOf('day'); }

  // Allocation guards on the primitives that build large values in one native call.
  const SP = String.prototype, AP = Array.prototype, maxS = limits.maxStringLength, maxA = limits.maxArrayLength;
  function tooBig(what) { trip('EXPRESSION_MEMORY_LIMIT', 'expression exceeded the memory limit (' + what + ')'); }
  function wrap(target, name, check) {
    const original = target[name];
    const guarded = {
      [name](...args) { check(this, args); return original.apply(this, args); },
    }[name];
    defineProperty(target, name, { value: guarded, writable: true, enumerable: false, configurable: true });
  }
  const strLen = (v) => (typeof v === 'string' ? v.length : StringCtor(v).length);
  wrap(SP, 'repeat', (s, [count]) => { if (strLen(s) * (Number(count) || 0) > maxS) tooBig('string longer than ' + maxS + ' characters'); });
  wrap(SP, 'padStart', (s, [len]) => { if ((Number(len) || 0) > maxS) tooBig('string longer than ' + maxS + ' characters'); });
  wrap(SP, 'padEnd', (s, [len]) => { if ((Number(len) || 0) > maxS) tooBig('string longer than ' + maxS + ' characters'); });
  wrap(SP, 'concat', (s, args) => {
    let total = strLen(s);
    for (const a of args) total += strLen(a);
    if (total > maxS) tooBig('string longer than ' + maxS + ' characters');
  });
  function joinedLength(a, sep) {
    const n = a.length >>> 0;
    let total = n > 0 ? (n - 1) * sep : 0;
    if (total > maxS) return total;
    for (let i = 0; i < n && total <= maxS; i++) {
      const v = a[i];
      total += typeof v === 'string' ? v.length : v === null || v === undefined ? 0 : 24;
    }
    return total;
  }
  wrap(AP, 'join', (a, [sep]) => {
    if (joinedLength(a, sep === undefined ? 1 : strLen(sep)) > maxS) tooBig('string longer than ' + maxS + ' characters');
  });
  const arrayCheck = (a) => { if ((a.length >>> 0) > maxA) tooBig('array longer than ' + maxA + ' elements'); };
  wrap(AP, 'fill', arrayCheck);
  wrap(AP, 'keys', arrayCheck);
  wrap(AP, 'entries', arrayCheck);
  wrap(Array, 'from', (self, [source]) => {
    if (source !== null && typeof source === 'object' && !isArray(source) && (Number(source.length) || 0) > maxA) tooBig('array longer than ' + maxA + ' elements');
  });

  return { budget, result, origin, FAIL, JSONBOX, HOSTBOX, tick, copyIn, copyKeys, enter, leave, out, fail, makeNode, makeNow, makeToday };
})`;
