import { describe, expect, it } from 'vitest';
import { FlowError, type JsonObject } from '../../../nodes/sdk/index.js';
import { compileValue, hasExpression } from './index.js';
import type { ExpressionScope, NodeAccessor } from './types.js';

const location = { node: 'calc', param: 'fields.total' };

function scope(json: JsonObject, extra: Partial<ExpressionScope> = {}): ExpressionScope {
  const nodes: Record<string, NodeAccessor> = {
    order: { all: () => [{ id: 1 }, { id: 2 }], first: () => ({ id: 1 }), item: { id: 2 } },
  };
  return {
    $json: json,
    $input: [json],
    $itemIndex: 0,
    $node: (id) => {
      const accessor = nodes[id];
      if (accessor === undefined) throw new Error(`no node ${id}`);
      return accessor;
    },
    $nowMs: Date.UTC(2024, 0, 15, 12, 0, 0),
    $execution: { id: 'ex1', mode: 'manual' },
    $workflow: { id: 'wf1', name: 'Orders' },
    $vars: { region: 'eu' },
    timezone: 'Europe/Berlin',
    ...extra,
  };
}

function evaluate(value: unknown, json: JsonObject = { a: 1 }, extra: Partial<ExpressionScope> = {}): unknown {
  return compileValue(value, location).evaluate(scope(json, extra));
}

function thrown(fn: () => unknown): FlowError {
  try {
    fn();
  } catch (error) {
    if (error instanceof FlowError) return error;
    throw error;
  }
  throw new Error('expected a FlowError');
}

describe('compileValue', () => {
  it('keeps the type of a whole-value expression', () => {
    expect(evaluate('{{ $json.a + 1 }}')).toBe(2);
    expect(evaluate(' {{ $json.a > 0 }} ')).toBe(true);
    expect(evaluate('{{ $json.b }}', { b: { c: [1, 2] } })).toEqual({ c: [1, 2] });
    expect(evaluate('{{ [1, 2, 3].map((x) => x * 2) }}')).toEqual([2, 4, 6]);
    expect(evaluate('{{ null }}')).toBeNull();
    expect(evaluate('{{ $json.missing }}')).toBeUndefined();
  });

  it('returns objects the host can use as ordinary objects', () => {
    const value = evaluate('{{ { total: $json.a * 2, tags: ["x"] } }}');
    expect(value).toEqual({ total: 2, tags: ['x'] });
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it('returns the item object itself when the expression is $json', () => {
    const json = { a: 1, nested: { b: 2 } };
    expect(evaluate('{{ $json }}', json)).toBe(json);
  });

  it('interpolates mixed strings', () => {
    expect(evaluate('Order {{ $json.a }}: {{ $json.o }} {{ null }}{{ $json.none }}!', { a: 7, o: { x: 1 } })).toBe('Order 7: {"x":1} !');
  });

  it('handles braces and }} inside the expression', () => {
    expect(evaluate('{{ {a: {b: 1}} }}')).toEqual({ a: { b: 1 } });
    expect(evaluate('x{{ "}}" }}y')).toBe('x}}y');
  });

  it('walks arrays and objects and leaves static values untouched', () => {
    const input = { static: { deep: [1, 2] }, dynamic: ['{{ $json.a }}', 'plain'] };
    const compiled = compileValue(input, location);
    expect(compiled.dynamic).toBe(true);
    const out = compiled.evaluate(scope({ a: 5 }));
    expect(out).toEqual({ static: { deep: [1, 2] }, dynamic: [5, 'plain'] });
    expect(Reflect.get(Object(out), 'static')).toBe(input.static);
    const plain = { a: [1, { b: 'x' }] };
    const staticCompiled = compileValue(plain, location);
    expect(staticCompiled.dynamic).toBe(false);
    expect(staticCompiled.evaluate(scope({}))).toBe(plain);
  });

  it('gives the scope of the contract', () => {
    expect(evaluate('{{ $node("order").all().length }}')).toBe(2);
    expect(evaluate('{{ $node("order").first().id }}')).toBe(1);
    expect(evaluate('{{ $node("order").item.id }}')).toBe(2);
    expect(evaluate('{{ $execution.id + "/" + $workflow.name + "/" + $vars.region + "/" + $itemIndex }}')).toBe('ex1/Orders/eu/0');
    expect(evaluate('{{ $input.length }}')).toBe(1);
    expect(evaluate('{{ $now.toISO() }}')).toBe('2024-01-15T13:00:00.000+01:00');
    expect(evaluate('{{ $today.toISODate() }}')).toBe('2024-01-15');
    expect(evaluate('{{ DateTime.fromISO("2024-02-01").plus({ days: 1 }).toISODate() }}')).toBe('2024-02-02');
  });

  it('reports syntax errors at compile time with node, param and source', () => {
    const error = thrown(() => compileValue('total {{ $json.a + }}', location));
    expect(error.code).toBe('EXPRESSION_SYNTAX');
    expect(error.node).toBe('calc');
    expect(error.param).toBe('fields.total');
    expect(error.message).toContain('$json.a +');
    expect(thrown(() => compileValue('{{ 1 ', location)).code).toBe('EXPRESSION_SYNTAX');
  });

  it('reports evaluation errors with node, param and source', () => {
    const error = thrown(() => evaluate('{{ $json.x.y }}'));
    expect(error.code).toBe('EXPRESSION_ERROR');
    expect(error.message).toContain('Cannot read properties of undefined');
    expect(error.message).toContain('{{ $json.x.y }}');
    expect(error.node).toBe('calc');
    expect(thrown(() => evaluate('{{ $node("nope").first() }}')).message).toContain('no node nope');
  });

  it('copies only what it reads yet behaves like the whole item', () => {
    const json = { a: 1, b: 2 };
    expect(evaluate('{{ $json.hasOwnProperty("b") }}', json)).toBe(true);
    expect(evaluate('{{ $json["a"] + $json.b }}', json)).toBe(3);
    expect(evaluate('{{ Object.keys($json).join(",") }}', json)).toBe('a,b');
    expect(evaluate('{{ $json.toString() }}', json)).toBe('[object Object]');
  });

  it('detects expressions anywhere in a value', () => {
    expect(hasExpression({ a: ['x', { b: '{{ 1 }}' }] })).toBe(true);
    expect(hasExpression({ a: ['x', 3, null] })).toBe(false);
  });
});
