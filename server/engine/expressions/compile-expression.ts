import { expressionError, isExpressionErrorCode } from './errors.js';
import { ExpressionSyntaxError, instrument, type ScopeName } from './instrument.js';
import { compileInRealm, realm, type RealmRuntime } from './realm.js';
import type { ExpressionLocation, ExpressionScope } from './types.js';

/**
 * One `{{ ... }}` compiled into a function of the expression realm, once per distinct source text (cached for
 * the process, bounded). `evaluate(scope)` returns a host value: a primitive, the engine's own object when the
 * expression returned (part of) scope data unchanged, or a fresh JSON copy of any object it built.
 * Throws FlowError EXPRESSION_SYNTAX at compile time; EXPRESSION_ERROR / _TIMEOUT / _MEMORY_LIMIT at evaluation.
 */
export type Evaluator = (scope: ExpressionScope) => unknown;

type RealmFn = (...args: unknown[]) => unknown;
type Binder = (scope: ExpressionScope) => unknown;

interface CompiledSource {
  readonly fn: RealmFn;
  readonly uses: readonly ScopeName[];
  readonly jsonKeys: readonly string[] | null;
}

const CACHE_LIMIT = 10_000;
const cache = new Map<string, CompiledSource>();

function wrapperSource(code: string, uses: readonly ScopeName[], budgeted: boolean, globals: readonly string[]): string {
  const bindings = globals.map((name) => `const ${name} = __fw_g.${name};`).join(' ');
  return `(function (__fw_t, __fw_rt, __fw_g) {
  'use strict';
  ${bindings}
  const __fw_out = __fw_rt.out, __fw_fail = __fw_rt.fail, __fw_enter = __fw_rt.enter, __fw_leave = __fw_rt.leave;
  return function (${uses.join(', ')}) {
    ${budgeted ? '__fw_enter();' : ''}
    try { return __fw_out((${code}
    )); } catch (__fw_e) { return __fw_fail(__fw_e); }${budgeted ? ' finally { __fw_leave(); }' : ''}
  };
})`;
}

function isRealmFn(value: unknown): value is RealmFn {
  return typeof value === 'function';
}

function compileSource(source: string): CompiledSource {
  const hit = cache.get(source);
  if (hit !== undefined) return hit;
  const { code, uses, budgeted, identifiers, jsonKeys } = instrument(source);
  const { runtime, globals, globalNames } = realm();
  const named = [...identifiers].filter((name) => globalNames.has(name));
  let factory: unknown;
  try {
    factory = compileInRealm(wrapperSource(code, uses, budgeted, named), 'expression.js');
  } catch (error) {
    throw new ExpressionSyntaxError(error instanceof Error ? error.message : String(error));
  }
  if (!isRealmFn(factory)) throw new ExpressionSyntaxError('expression did not compile to a function');
  const fn = factory(runtime.tick, runtime, globals);
  if (!isRealmFn(fn)) throw new ExpressionSyntaxError('expression did not compile to a function');
  const compiled = { fn, uses, jsonKeys };
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next();
    if (oldest.done !== true) cache.delete(oldest.value);
  }
  cache.set(source, compiled);
  return compiled;
}

/**
 * A binder turns one scope field into its realm value. Copies are frozen, so each binder keeps its last
 * (host object -> copy) pair and reuses it while the executor passes the same object (`$input` during a node
 * run, `$json` across the params of one item).
 */
function cachedCopy(read: (scope: ExpressionScope) => unknown, copy: (value: unknown) => unknown): Binder {
  let lastHost: unknown = undefined;
  let lastCopy: unknown = undefined;
  return (scope) => {
    const value = read(scope);
    if (value !== lastHost || lastCopy === undefined) {
      lastCopy = copy(value);
      lastHost = value;
    }
    return lastCopy;
  };
}

function jsonBinder(runtime: RealmRuntime, jsonKeys: readonly string[] | null): Binder {
  const { origin } = runtime;
  if (jsonKeys !== null) {
    const keys = runtime.copyIn(jsonKeys, 0);
    return cachedCopy((s) => s.$json, (value) => runtime.copyKeys(value, keys));
  }
  const copy = cachedCopy((s) => s.$json, (value) => runtime.copyIn(value, 0));
  return (scope) => {
    const realmValue = copy(scope);
    origin.copy = realmValue;
    origin.host = scope.$json;
    return realmValue;
  };
}

function binderFor(name: ScopeName, runtime: RealmRuntime, jsonKeys: readonly string[] | null): Binder {
  const deep = (value: unknown): unknown => runtime.copyIn(value, 0);
  switch (name) {
    case '$json': return jsonBinder(runtime, jsonKeys);
    case '$input': return cachedCopy((s) => s.$input, deep);
    case '$itemIndex': return (s) => s.$itemIndex;
    case '$node': return (s) => runtime.makeNode(s.$node);
    case '$now': return (s) => runtime.makeNow(s.$nowMs, s.timezone);
    case '$today': return (s) => runtime.makeToday(s.$nowMs, s.timezone);
    case '$execution': return cachedCopy((s) => s.$execution, deep);
    case '$workflow': return cachedCopy((s) => s.$workflow, deep);
    case '$vars': return cachedCopy((s) => s.$vars, deep);
    default: {
      const unreachable: never = name;
      throw new Error(`unknown scope name ${String(unreachable)}`);
    }
  }
}

function invoker(fn: RealmFn, binders: readonly Binder[]): (scope: ExpressionScope) => unknown {
  const [b0, b1, b2] = binders;
  if (binders.length === 0) return () => fn();
  if (binders.length === 1 && b0 !== undefined) return (s) => fn(b0(s));
  if (binders.length === 2 && b0 !== undefined && b1 !== undefined) return (s) => fn(b0(s), b1(s));
  if (binders.length === 3 && b0 !== undefined && b1 !== undefined && b2 !== undefined) return (s) => fn(b0(s), b1(s), b2(s));
  return (s) => fn(...binders.map((b) => b(s)));
}

/** Compiles `source` (the text between `{{` and `}}`). Throws FlowError EXPRESSION_SYNTAX. */
export function compileExpression(source: string, location: ExpressionLocation): Evaluator {
  let compiled: CompiledSource;
  try {
    compiled = compileSource(source);
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) throw expressionError('EXPRESSION_SYNTAX', `syntax error: ${error.message}`, location, source);
    throw error;
  }
  const { runtime } = realm();
  const { result, FAIL, JSONBOX, HOSTBOX } = runtime;
  const call = invoker(compiled.fn, compiled.uses.map((name) => binderFor(name, runtime, compiled.jsonKeys)));
  return (scope) => {
    let value: unknown;
    try {
      value = call(scope);
    } catch (error) {
      const message = error instanceof Error ? error.message : 'evaluation failed';
      throw expressionError('EXPRESSION_ERROR', message, location, source);
    }
    if (typeof value !== 'object' || value === null) return value;
    if (value === HOSTBOX) {
      const host = result.host;
      result.host = null;
      return host;
    }
    if (value === JSONBOX) {
      const json = result.json;
      result.json = '';
      return JSON.parse(json);
    }
    if (value === FAIL) {
      const code = result.code;
      throw expressionError(isExpressionErrorCode(code) ? code : 'EXPRESSION_ERROR', result.message, location, source);
    }
    throw expressionError('EXPRESSION_ERROR', 'expression produced an unexpected value', location, source);
  };
}
