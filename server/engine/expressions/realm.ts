import { getHeapStatistics } from 'node:v8';
import vm from 'node:vm';
import { luxonRealmSource } from './luxon-source.js';
import { REALM_LOCKDOWN_SOURCE } from './realm-lockdown.js';
import { REALM_RUNTIME_SOURCE } from './realm-runtime.js';

/**
 * The expression realm: ONE node:vm context per process, created lazily, with code generation from strings and
 * WebAssembly disabled, its own luxon, allocation guards, and every reachable object frozen. Compiled expressions
 * are functions of this realm; the host talks to them only through the runtime handles below.
 */

export interface ExpressionLimits {
  /** Wall-clock limit per evaluation of an expression that contains loops or functions. */
  readonly timeoutMs: number;
  /** Largest string a guarded primitive (repeat, padStart, padEnd, concat, join) may build; also caps JSON results. */
  readonly maxStringLength: number;
  /** Largest array a guarded primitive (fill, keys, entries, Array.from) may touch. */
  readonly maxArrayLength: number;
  /** An evaluation fails once V8's used heap exceeds this (checked every 4096 loop iterations/calls). */
  readonly heapBytes: number;
}

/** Opaque values of the realm; the host never inspects them except through `RealmRuntime`. */
export type RealmValue = unknown;
export type RealmFunction = (...args: RealmValue[]) => RealmValue;

export interface RealmRuntime {
  readonly result: { json: string; host: unknown; code: string; message: string };
  readonly origin: { copy: unknown; host: unknown };
  readonly FAIL: object;
  readonly JSONBOX: object;
  readonly HOSTBOX: object;
  readonly tick: RealmFunction;
  readonly copyIn: (value: unknown, depth: number) => RealmValue;
  readonly copyKeys: (value: unknown, keys: RealmValue) => RealmValue;
  readonly enter: () => void;
  readonly leave: () => void;
  readonly out: RealmFunction;
  readonly fail: RealmFunction;
  readonly makeNode: (hostNode: unknown) => RealmValue;
  readonly makeNow: (ms: number, zone: string | undefined) => RealmValue;
  readonly makeToday: (ms: number, zone: string | undefined) => RealmValue;
}

export interface Realm {
  readonly context: vm.Context;
  readonly runtime: RealmRuntime;
  /** The realm's global bindings (frozen, null prototype); expressions bind the ones they name as consts. */
  readonly globals: object;
  readonly globalNames: ReadonlySet<string>;
  /** The realm-side limits record the runtime reads; updated in place by setExpressionLimits. */
  readonly limitsRecord: object;
}

const heapLimit = getHeapStatistics().heap_size_limit;

export const DEFAULT_LIMITS: ExpressionLimits = {
  timeoutMs: 1000,
  maxStringLength: 10_000_000,
  maxArrayLength: 10_000_000,
  heapBytes: Math.floor(heapLimit * 0.75),
};

let current: Realm | undefined;
let limits: ExpressionLimits = DEFAULT_LIMITS;

/** Changes the limits for expressions compiled and evaluated from now on (the realm is rebuilt lazily). */
export function setExpressionLimits(next: Partial<ExpressionLimits>): void {
  limits = { ...limits, ...next };
  if (current !== undefined) Object.assign(current.limitsRecord, limits);
}

export function getExpressionLimits(): ExpressionLimits {
  return { ...limits };
}

function isRuntime(value: unknown): value is RealmRuntime {
  return typeof value === 'object' && value !== null && 'FAIL' in value && 'copyIn' in value && 'origin' in value;
}

function create(): Realm {
  const context = vm.createContext(Object.create(null), {
    name: 'flowwerk-expressions',
    codeGeneration: { strings: false, wasm: false },
  });
  const run = (source: string, filename: string): unknown => new vm.Script(source, { filename }).runInContext(context);
  const luxonFactory = run(luxonRealmSource(), 'luxon.js');
  if (typeof luxonFactory !== 'function') throw new Error('expression realm: luxon did not load');
  const luxon: unknown = luxonFactory();
  const runtimeFactory = run(REALM_RUNTIME_SOURCE, 'flowwerk-runtime.js');
  if (typeof runtimeFactory !== 'function') throw new Error('expression realm: runtime did not load');
  const limitsInRealm = run('({})', 'limits.js');
  if (typeof limitsInRealm !== 'object' || limitsInRealm === null) throw new Error('expression realm: no limits object');
  Object.assign(limitsInRealm, limits);
  const heapUsed = (): number => getHeapStatistics().used_heap_size;
  const runtime: unknown = runtimeFactory(limitsInRealm, heapUsed, luxon);
  if (!isRuntime(runtime)) throw new Error('expression realm: runtime has the wrong shape');
  const globalsFactory = run(`(function (l) { return { DateTime: l.DateTime, Duration: l.Duration, Interval: l.Interval }; })`, 'globals.js');
  const lockdown = run(REALM_LOCKDOWN_SOURCE, 'flowwerk-lockdown.js');
  if (typeof globalsFactory !== 'function' || typeof lockdown !== 'function') throw new Error('expression realm: setup failed');
  const globals: unknown = lockdown(globalsFactory(luxon), luxon);
  if (typeof globals !== 'object' || globals === null) throw new Error('expression realm: lockdown failed');
  const globalNames = new Set(Object.keys(globals).filter((name) => name !== 'eval' && name !== 'arguments'));
  return { context, runtime, globals, globalNames, limitsRecord: limitsInRealm };
}

/** The process-wide realm (created on first use). */
export function realm(): Realm {
  current ??= create();
  return current;
}

/** Compiles instrumented source (an expression evaluating to a factory) inside the realm. */
export function compileInRealm(source: string, filename: string): unknown {
  return new vm.Script(source, { filename }).runInContext(realm().context);
}
