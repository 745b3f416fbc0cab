import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowError, type JsonObject } from '../../nodes/sdk/index.js';
import { compileValue, getExpressionLimits, setExpressionLimits, type ExpressionLimits } from '../../server/engine/expressions/index.js';
import type { ExpressionScope } from '../../server/engine/expressions/index.js';

/** Attacks written as `{{ }}` expressions: each must fail with its specific code and leave the process working. */

const location = { node: 'attacker', param: 'value' };

function scope(json: JsonObject = { a: 1 }): ExpressionScope {
  return {
    $json: json,
    $input: [json],
    $itemIndex: 0,
    $node: () => ({ all: () => [json], first: () => json, item: json }),
    $nowMs: Date.now(),
    $execution: { id: 'e1', mode: 'manual' },
    $workflow: { id: 'w1', name: 'Red team' },
    $vars: {},
  };
}

function evaluate(source: string, json?: JsonObject): unknown {
  return compileValue(source, location).evaluate(scope(json));
}

function failure(source: string): FlowError {
  try {
    evaluate(source);
  } catch (error) {
    if (error instanceof FlowError) return error;
    throw error;
  }
  throw new Error(`expected ${source} to fail`);
}

/** After each attack, ordinary evaluation still works and sees a clean world. */
function stillHealthy(): void {
  expect(evaluate('{{ $json.a + 1 }}')).toBe(2);
  expect(evaluate('{{ ({}).polluted }}')).toBeUndefined();
  expect(evaluate('{{ [].polluted }}')).toBeUndefined();
}

let saved: ExpressionLimits;
beforeAll(() => {
  saved = getExpressionLimits();
  setExpressionLimits({ timeoutMs: 300 });
});
afterAll(() => setExpressionLimits(saved));

describe('expressions red team', () => {
  it('has no host globals', () => {
    for (const name of ['process', 'require', 'module', 'global', 'Buffer', 'setTimeout', 'fetch', 'Promise', 'WebAssembly', 'SharedArrayBuffer']) {
      expect(evaluate(`{{ typeof ${name} }}`)).toBe('undefined');
    }
    expect(failure('{{ process.env }}').code).toBe('EXPRESSION_ERROR');
    expect(failure('{{ globalThis }}').code).toBe('EXPRESSION_SYNTAX');
    expect(failure('{{ require("fs") }}').code).toBe('EXPRESSION_ERROR');
    stillHealthy();
  });

  it('refuses dynamic import and async code at compile time', () => {
    expect(failure('{{ import("fs") }}').code).toBe('EXPRESSION_SYNTAX');
    expect(failure('{{ (async () => 1)() }}').code).toBe('EXPRESSION_SYNTAX');
    expect(failure('{{ __fw_t }}').code).toBe('EXPRESSION_SYNTAX');
    stillHealthy();
  });

  it('constructor chains yield nothing useful', () => {
    for (const source of [
      '{{ this.constructor.constructor("return process")() }}',
      '{{ (() => {}).constructor("return process")() }}',
      '{{ $json.constructor.constructor("return process")() }}',
      '{{ $input.map.constructor("return process")() }}',
      '{{ $node("x").all.constructor("return process")() }}',
      '{{ $now.constructor.constructor("return process")() }}',
      '{{ Object.getPrototypeOf($json).constructor.constructor("return this")() }}',
      '{{ (function* () {}).constructor("yield process")().next() }}',
    ]) {
      const error = failure(source);
      expect(error.code).toBe('EXPRESSION_ERROR');
      expect(error.message).not.toContain('[object process]');
    }
    stillHealthy();
  });

  it('blocks Error.prepareStackTrace and Symbol.species tricks', () => {
    expect(failure('{{ Error.prepareStackTrace = (e, s) => s[0].getThis() }}').code).toBe('EXPRESSION_ERROR');
    expect(failure('{{ Array[Symbol.species] = 1 }}').code).toBe('EXPRESSION_ERROR');
    // A user-defined species stays inside the realm and changes nothing for the host.
    expect(evaluate('{{ (() => { class A extends Array { static get [Symbol.species]() { return Array; } } return A.from([1, 2]).map((x) => x * 2); })() }}')).toEqual([2, 4]);
    expect(evaluate('{{ (() => { try { null.x } catch (e) { return e.constructor === TypeError && typeof e.constructor.constructor } })() }}')).toBe('function');
    stillHealthy();
  });

  it('prototype pollution is refused and invisible to the host and later evaluations', () => {
    expect(failure('{{ Object.prototype.polluted = 1 }}').code).toBe('EXPRESSION_ERROR');
    expect(failure('{{ Array.prototype.polluted = 1 }}').code).toBe('EXPRESSION_ERROR');
    expect(failure('{{ $json.__proto__.polluted = 1 }}').code).toBe('EXPRESSION_ERROR');
    expect(failure('{{ Object.getPrototypeOf($json).polluted = 1 }}').code).toBe('EXPRESSION_ERROR');
    expect(failure('{{ JSON.parse = () => 1 }}').code).toBe('EXPRESSION_ERROR');
    expect(failure('{{ Math = {} }}').code).toBe('EXPRESSION_ERROR');
    expect(failure('{{ $now.zone.constructor.prototype.x = 1 }}').code).toBe('EXPRESSION_ERROR');
    // Mutating the item is refused, so a later param or node never sees a changed item.
    const json = { a: 1 };
    expect(failure('{{ $json.a = 99 }}').code).toBe('EXPRESSION_ERROR');
    expect(json.a).toBe(1);
    expect(Reflect.get({}, 'polluted')).toBeUndefined();
    expect(Reflect.get([], 'polluted')).toBeUndefined();
    // Ordinary own-property writes on fresh objects still work (override taming).
    expect(evaluate('{{ (() => { class E extends Error { constructor() { super("m"); this.name = "E"; } } const o = {}; o.toString = () => "x"; return new E().name + String(o); })() }}')).toBe('Ex');
    stillHealthy();
  });

  it('stops a sync infinite loop with EXPRESSION_TIMEOUT', () => {
    const started = Date.now();
    expect(failure('{{ (() => { for (;;) {} })() }}').code).toBe('EXPRESSION_TIMEOUT');
    expect(failure('{{ (() => { while (true) { try { for (;;) {} } catch (e) {} } })() }}').code).toBe('EXPRESSION_TIMEOUT');
    expect(failure('{{ [1].map(function f() { return f(); }) }}').code).toBe('EXPRESSION_ERROR');
    expect(Date.now() - started).toBeLessThan(5_000);
    stillHealthy();
  });

  it('stops memory bombs with EXPRESSION_MEMORY_LIMIT', () => {
    expect(failure("{{ 'x'.repeat(2 ** 29) }}").code).toBe('EXPRESSION_MEMORY_LIMIT');
    expect(failure("{{ 'x'.padStart(2 ** 30) }}").code).toBe('EXPRESSION_MEMORY_LIMIT');
    expect(failure('{{ (() => { let s = "x"; for (;;) s += s; })() }}').code).toBe('EXPRESSION_MEMORY_LIMIT');
    expect(failure('{{ (() => { let s = "x"; for (;;) s = s.concat(s); })() }}').code).toBe('EXPRESSION_MEMORY_LIMIT');
    expect(failure('{{ new Array(2 ** 30).fill(0) }}').code).toBe('EXPRESSION_MEMORY_LIMIT');
    expect(failure('{{ Array.from({ length: 2 ** 30 }) }}').code).toBe('EXPRESSION_MEMORY_LIMIT');
    expect(failure('{{ [...new Array(2 ** 30).keys()] }}').code).toBe('EXPRESSION_MEMORY_LIMIT');
    expect(failure('{{ new Array(2 ** 25).join("x") }}').code).toBe('EXPRESSION_MEMORY_LIMIT');
    stillHealthy();
  });

  it('does not let code run after its evaluation', () => {
    expect(evaluate('{{ typeof FinalizationRegistry + typeof WeakRef + typeof queueMicrotask }}')).toBe('undefinedundefinedundefined');
    // A getter in the result runs while the evaluation is still active and under its budget.
    expect(failure('{{ ({ get x() { for (;;) {} } }) }}').code).toBe('EXPRESSION_TIMEOUT');
    stillHealthy();
  });
});
