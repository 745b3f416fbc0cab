/**
 * Engine benchmarks; one line per figure.
 * (a) a 6-node transform workflow (set → if → set/set → merge → aggregate, after a manual trigger) on one item,
 *     executions per second in-process (target ≥ 20,000/s);
 * (b) 100k items through set → filter → aggregate with expressions, via `flowwerk run` as a child process:
 *     wall time including process start and peak RSS (targets ≤ 1.5 s, ≤ 400 MB).
 * Expression evaluations per second are measured by bench/expressions.bench.ts.
 * Run: npm run build && node dist/bench/engine.bench.js
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBuiltinRegistry } from '../nodes/builtin.js';
import { runWorkflow } from '../server/engine/index.js';
import { workflowSchema } from '../server/engine/workflow/schema.js';
import { machine } from './lib/machine.js';

/** Figures depend on what else runs: each line states the 1-minute load average against the core count. */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const transformWorkflow = workflowSchema.parse({
  id: 'bench-transform',
  nodes: [
    { id: 'start', type: 'manual' },
    { id: 'total', type: 'set', params: { fields: { total: '{{ $json.qty * $json.price }}' } } },
    { id: 'big', type: 'if', params: { condition: '{{ $json.total > 100 }}' } },
    { id: 'discount', type: 'set', params: { fields: { discount: '{{ $json.total * 0.1 }}' } } },
    { id: 'noDiscount', type: 'set', params: { fields: { discount: 0 } } },
    { id: 'join', type: 'merge', params: { mode: 'append' } },
    { id: 'all', type: 'aggregate', params: { field: 'orders' } },
  ],
  connections: [
    { from: 'start', to: 'total' },
    { from: 'total', to: 'big' },
    { from: 'big', output: 'true', to: 'discount' },
    { from: 'big', output: 'false', to: 'noDiscount' },
    { from: 'discount', to: 'join', input: 'a' },
    { from: 'noDiscount', to: 'join', input: 'b' },
    { from: 'join', to: 'all' },
  ],
});

async function benchTransform(): Promise<void> {
  const registry = createBuiltinRegistry();
  const triggerItems = [{ json: { orderId: 'A-1', qty: 3, price: 49.5 } }];
  let executionNumber = 0;
  const once = async (): Promise<void> => {
    const outcome = await runWorkflow({ workflow: transformWorkflow, registry, executionId: `bench-${executionNumber++}`, triggerItems, parkAfterMs: Infinity });
    if (outcome.status !== 'success') throw new Error(`transform run ended ${outcome.status}`);
  };
  for (let warm = 0; warm < 2_000; warm++) await once();
  const durationMs = 3_000;
  const started = performance.now();
  let runs = 0;
  while (performance.now() - started < durationMs) {
    for (let batch = 0; batch < 100; batch++) await once();
    runs += 100;
  }
  const seconds = (performance.now() - started) / 1000;
  const perSecond = runs / seconds;
  console.log(`engine (a) 6-node transform, 1 item, in-process: ${Math.round(perSecond).toLocaleString('en')} executions/s (${runs} runs in ${seconds.toFixed(2)} s; target >= 20,000/s; ${machine()}) ${perSecond >= 20_000 ? 'OK' : 'MISSED'}`);
}

const bulkWorkflow = {
  id: 'bench-bulk',
  name: '100k items: set, filter, aggregate',
  nodes: [
    { id: 'start', type: 'manual', params: {} },
    { id: 'price', type: 'set', params: { fields: { total: '{{ $json.qty * $json.price }}', label: 'order {{ $json.id }}' } } },
    { id: 'big', type: 'filter', params: { condition: '{{ $json.total >= 50 }}' } },
    { id: 'all', type: 'aggregate', params: { field: 'orders' } },
  ],
  connections: [
    { from: 'start', to: 'price' },
    { from: 'price', to: 'big' },
    { from: 'big', to: 'all' },
  ],
};

interface ChildRun {
  readonly code: number | null;
  readonly wallMs: number;
  readonly stdoutBytes: number;
  readonly stderr: string;
}

function runChild(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdoutBytes = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdoutBytes += chunk.length));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, wallMs: performance.now() - started, stdoutBytes, stderr }));
  });
}

/** Peak RSS in MB: from GNU time's report when it wrapped the child, else from the CLI's FLOWWERK_REPORT_RSS line. */
function peakRssMb(stderr: string): number | undefined {
  const gnu = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  if (gnu?.[1] !== undefined) return Number(gnu[1]) / 1024;
  const own = /flowwerk: maxRSS (\d+) KiB/.exec(stderr);
  if (own?.[1] !== undefined) return Number(own[1]) / 1024;
  return undefined;
}

/** User + system CPU seconds of the child from GNU time's report (less sensitive to machine load than wall time). */
function cpuSeconds(stderr: string): number | undefined {
  const user = /User time \(seconds\): ([\d.]+)/.exec(stderr)?.[1];
  const system = /System time \(seconds\): ([\d.]+)/.exec(stderr)?.[1];
  return user === undefined || system === undefined ? undefined : Number(user) + Number(system);
}

async function benchBulk(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'flowwerk-bench-'));
  try {
    const count = 100_000;
    const items = Array.from({ length: count }, (_, index) => ({ id: index, sku: `SKU-${index % 500}`, qty: 1 + (index % 5), price: 5 + (index % 40) }));
    const workflowFile = path.join(dir, 'bulk.json');
    const inputFile = path.join(dir, 'bulk.input.json');
    await writeFile(workflowFile, JSON.stringify(bulkWorkflow));
    await writeFile(inputFile, JSON.stringify(items));
    const cli = path.join(root, 'bin', 'flowwerk.js');
    const useGnuTime = existsSync('/usr/bin/time');
    const cliArgs = [cli, 'run', workflowFile, '--input', inputFile];
    const env = { ...process.env, FLOWWERK_REPORT_RSS: '1' };
    const runs: ChildRun[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      runs.push(useGnuTime ? await runChild('/usr/bin/time', ['-v', process.execPath, ...cliArgs], env) : await runChild(process.execPath, cliArgs, env));
    }
    const failedRun = runs.find((run) => run.code !== 0);
    if (failedRun !== undefined) throw new Error(`flowwerk run exited ${failedRun.code}: ${failedRun.stderr.split('\n').slice(0, 3).join(' | ')}`);
    const best = runs.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
    const worst = runs.reduce((a, b) => (b.wallMs > a.wallMs ? b : a));
    const rss = Math.max(...runs.map((run) => peakRssMb(run.stderr) ?? Number.NaN));
    const cpu = cpuSeconds(best.stderr);
    const source = useGnuTime ? '/usr/bin/time -v' : 'process.resourceUsage()';
    console.log(`engine (b) 100k items set -> filter -> aggregate via flowwerk run: ${(best.wallMs / 1000).toFixed(2)} s wall incl. process start (best of 3, worst ${(worst.wallMs / 1000).toFixed(2)} s${cpu === undefined ? '' : `, CPU ${cpu.toFixed(2)} s`}; target <= 1.5 s; ${machine()}) ${best.wallMs <= 1500 ? 'OK' : 'MISSED'}`);
    console.log(`engine (b) 100k items peak RSS: ${Number.isNaN(rss) ? 'not measured' : `${rss.toFixed(0)} MB`} (max of 3, ${source}; target <= 400 MB) ${rss <= 400 ? 'OK' : 'MISSED'}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await benchTransform();
await benchBulk();
