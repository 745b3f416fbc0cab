/**
 * Expression benchmarks (sandbox on: the hardened realm of server/engine/expressions); one line per figure.
 * - simple `{{ $json.a + 1 }}` over 1,000 distinct frozen items, evaluations/s (target >= 1,000,000/s);
 * - the same over fresh items (a new object per evaluation, as after a `set` node);
 * - a template string with two expressions;
 * - a budgeted expression (arrow function + reduce over 5 order lines).
 * Run: npm run build && node dist/bench/expressions.bench.js
 */
import type { JsonObject } from '../nodes/sdk/index.js';
import { compileValue, type ExpressionScope } from '../server/engine/expressions/index.js';
import { machine } from './lib/machine.js';


function scopeOf(json: JsonObject, input: readonly JsonObject[], index: number): ExpressionScope {
  return {
    $json: json,
    $input: input,
    $itemIndex: index,
    $node: () => ({ all: () => input, first: () => input[0], item: json }),
    $nowMs: 1_700_000_000_000,
    $execution: { id: 'bench', mode: 'manual' },
    $workflow: { id: 'bench', name: 'Bench' },
    $vars: {},
  };
}

/** Runs `fn` for about `ms` milliseconds (after a warm-up) and returns calls per second. */
function rate(fn: (i: number) => unknown, ms = 1500): number {
  for (let i = 0; i < 50_000; i++) fn(i);
  let calls = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 10_000; i++) fn(calls + i);
    calls += 10_000;
    elapsed = performance.now() - started;
  }
  return (calls / elapsed) * 1000;
}

const format = (n: number): string => Math.round(n).toLocaleString('en');
const location = { node: 'bench', param: 'value' };

/** Items travel frozen between nodes; freeze the fixtures the same way (deeply). */
function frozen<T extends object>(value: T): T {
  for (const member of Object.values(value)) if (typeof member === 'object' && member !== null) frozen(member);
  Object.freeze(value);
  return value;
}

const items: JsonObject[] = Array.from({ length: 1000 }, (_, i) => frozen({
  a: i, name: `Order ${i}`, qty: 3, price: 9.99, customer: { email: `c${i}@example.test` },
  lines: Array.from({ length: 5 }, (_, l) => ({ sku: `S${l}`, qty: l + 1, price: 2.5 })),
}));
const scopes = items.map((json, i) => scopeOf(json, items, i));
const fallback = scopeOf({ a: 0 }, items, 0);
const pick = (i: number): ExpressionScope => scopes[i % scopes.length] ?? fallback;

const simple = compileValue('{{ $json.a + 1 }}', location);
const simpleRate = rate((i) => simple.evaluate(pick(i)));
console.log(`expressions simple {{ $json.a + 1 }}, 1,000 rotating items: ${format(simpleRate)} evaluations/s (target >= 1,000,000/s; ${machine()}) ${simpleRate >= 1_000_000 ? 'OK' : 'MISSED'}`);

const freshRate = rate((i) => simple.evaluate(scopeOf({ a: i, name: 'x', qty: 1 }, items, 0)));
console.log(`expressions simple {{ $json.a + 1 }}, a fresh item per evaluation: ${format(freshRate)} evaluations/s (${machine()})`);

const template = compileValue('Order {{ $json.name }} for {{ $json.customer.email }}', location);
const templateRate = rate((i) => template.evaluate(pick(i)));
console.log(`expressions template string with 2 expressions: ${format(templateRate)} evaluations/s (${machine()})`);

const budgeted = compileValue('{{ $json.lines.reduce((sum, l) => sum + l.qty * l.price, 0) }}', location);
const budgetedRate = rate((i) => budgeted.evaluate(pick(i)));
console.log(`expressions reduce over 5 lines (function, budget ticks on): ${format(budgetedRate)} evaluations/s (${machine()})`);

console.log(`expressions summary: simple ${format(simpleRate)}/s, fresh ${format(freshRate)}/s, template ${format(templateRate)}/s, budgeted ${format(budgetedRate)}/s`);
