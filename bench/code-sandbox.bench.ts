/**
 * Code node sandbox benchmarks on a warm pool; one line per figure.
 * Round trip of `run` (host -> confined process -> vm2 -> host) for 1 item and for 1,000 items, median and p95.
 * Targets: median <= 2 ms for 1 item, <= 20 ms for 1,000 items.
 * Run: npm run build && node dist/bench/code-sandbox.bench.js
 */
import type { CodeScope, JsonObject } from '../nodes/sdk/index.js';
import { createCodeSandbox } from '../server/sandbox/index.js';
import { machine } from './lib/machine.js';


const scope: CodeScope = { execution: { id: 'bench', mode: 'manual' }, workflow: { id: 'bench', name: 'Bench' }, vars: {}, nodes: {} };
const code = 'return $input.map((j) => ({ ...j, total: j.qty * j.price }));';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

async function measure(sandbox: ReturnType<typeof createCodeSandbox>, items: JsonObject[], runs: number): Promise<{ median: number; p95: number }> {
  const signal = new AbortController().signal;
  for (let i = 0; i < 20; i++) await sandbox.run({ code, mode: 'allItems', items, scope }, signal);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await sandbox.run({ code, mode: 'allItems', items, scope }, signal);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: percentile(times, 0.5), p95: percentile(times, 0.95) };
}

const sandbox = createCodeSandbox({ poolSize: 2 });
try {
  const one = await measure(sandbox, [{ sku: 'A', qty: 2, price: 9.5 }], 500);
  console.log(`code-sandbox round trip, 1 item, warm pool: median ${one.median.toFixed(2)} ms, p95 ${one.p95.toFixed(2)} ms (target median <= 2 ms; ${machine()}) ${one.median <= 2 ? 'OK' : 'MISSED'}`);
  const many = Array.from({ length: 1000 }, (_, i) => ({ sku: `SKU-${i}`, qty: i % 7, price: 9.5, title: `Item ${i}` }));
  const thousand = await measure(sandbox, many, 200);
  console.log(`code-sandbox round trip, 1,000 items, warm pool: median ${thousand.median.toFixed(2)} ms, p95 ${thousand.p95.toFixed(2)} ms (target median <= 20 ms; ${machine()}) ${thousand.median <= 20 ? 'OK' : 'MISSED'}`);
  console.log(`code-sandbox summary: 1 item ${one.median.toFixed(2)} ms, 1,000 items ${thousand.median.toFixed(2)} ms (medians)`);
} finally {
  await sandbox.close();
}
