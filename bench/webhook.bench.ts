/**
 * Webhook benchmarks; one line per figure, then a summary line.
 * The order flow (webhook → set → if → respond) served by `flowwerk start` (a child process: SQLite, in-process
 * queue) at 10 and 50 concurrent keep-alive connections for ~5 s each, with execution saving on (default) and
 * off (`settings.saveExecutions: none`), next to a bare express handler doing the same computation, measured in
 * the same run; ratios = flowwerk req/s ÷ bare req/s (targets ≥ 0.5 saving off, ≥ 0.3 saving on). Cold start:
 * process spawn to the first answered webhook of an already active workflow (target ≤ 1.5 s).
 * Run: npm run build && node dist/bench/webhook.bench.js   (BENCH_SECONDS=N changes the per-case duration)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const API_KEY = 'bench-api-key-0123456789abcdef';
const ORDER = JSON.stringify({ orderId: 'A-1001', items: [{ sku: 'TS-1', qty: 2, price: 30 }, { sku: 'MUG', qty: 1, price: 50 }] });

function machine(): string {
  return `load ${(loadavg()[0] ?? 0).toFixed(1)} on ${cpus().length} cores`;
}

function orderFlow(id: string, save: boolean): Record<string, unknown> {
  return {
    id,
    name: `bench ${id}`,
    nodes: [
      { id: 'hook', type: 'webhook', params: { path: id, method: 'POST', responseMode: 'respondNode' } },
      { id: 'total', type: 'set', params: { fields: { total: '{{ $json.body.items.reduce((s, i) => s + i.qty * i.price, 0) }}' } } },
      { id: 'big', type: 'if', params: { condition: '{{ $json.total > 100 }}' } },
      { id: 'yes', type: 'respond', params: { status: 200, body: '{{ { ...$json, big: true } }}' } },
      { id: 'no', type: 'respond', params: { status: 200, body: '{{ { ...$json, big: false } }}' } },
    ],
    connections: [
      { from: 'hook', to: 'total' },
      { from: 'total', to: 'big' },
      { from: 'big', output: 'true', to: 'yes' },
      { from: 'big', output: 'false', to: 'no' },
    ],
    settings: { saveExecutions: save ? 'all' : 'none' },
  };
}

function call(agent: Agent, url: string, method: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Closed-loop load: `connections` loops each send the next request when the previous answered. */
async function load(url: string, connections: number, seconds: number): Promise<{ rps: number; errors: number; p50: number; p99: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  // Warm-up (JIT, caches, connections).
  await Promise.all(Array.from({ length: connections }, async () => { for (let i = 0; i < 20; i++) await call(agent, url, 'POST', ORDER); }));
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      const res = await call(agent, url, 'POST', ORDER).catch(() => ({ status: 0, text: '' }));
      if (res.status !== 200) errors++;
      else latencies.push(performance.now() - t0);
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    rps: latencies.length / elapsed,
    errors,
    p50: latencies[Math.floor(latencies.length * 0.5)] ?? 0,
    p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
  };
}

function spawnAndWait(args: readonly string[], env: Record<string, string>, pattern: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 30 s: ${output}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const match = pattern.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        resolve({ child, match });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function startFlowwerk(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  return spawnAndWait(
    [path.join(root, 'bin/flowwerk.js'), 'start', '--port', '0', '--data-dir', dataDir],
    { FLOWWERK_API_KEY: API_KEY, FLOWWERK_LOG_LEVEL: 'warn', FLOWWERK_CONCURRENCY: '64' },
    /open (http:\/\/127\.0\.0\.1:\d+)\/setup|flowwerk listening on (http:\/\/[^"\s]+)/,
  ).then(({ child, match }) => ({ child, url: match[1] ?? match[2] ?? '' }));
}

async function main(): Promise<void> {
  if (!existsSync(path.join(root, 'dist/server/app/cli.js'))) throw new Error('run `npm run build` first');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'flowwerk-bench-'));
  const figures: string[] = [];
  const line = (text: string): void => {
    figures.push(text);
    console.log(text);
  };
  try {
    // Seed: two active workflows (saving on / off), then stop, so the cold start finds them in the store.
    let server = await startFlowwerk(dataDir);
    const admin = new Agent({ keepAlive: true });
    for (const [id, save] of [['order-save', true], ['order-nosave', false]] as const) {
      const created = await call(admin, `${server.url}/api/v1/workflows`, 'POST', JSON.stringify(orderFlow(id, save)), { 'x-api-key': API_KEY });
      if (created.status !== 201) throw new Error(`create failed: ${created.status} ${created.text}`);
      const activated = await call(admin, `${server.url}/api/v1/workflows/${id}/activate`, 'POST', '{}', { 'x-api-key': API_KEY });
      if (activated.status !== 200) throw new Error(`activate failed: ${activated.status} ${activated.text}`);
    }
    const check = await call(admin, `${server.url}/webhook/order-save`, 'POST', ORDER);
    if (check.status !== 200 || !check.text.includes('"big":true')) throw new Error(`unexpected answer: ${check.status} ${check.text}`);
    admin.destroy();
    await stop(server.child);

    // Cold start: spawn → first 200 from the webhook.
    const t0 = performance.now();
    const cold = spawn(process.execPath, [path.join(root, 'bin/flowwerk.js'), 'start', '--port', '0', '--data-dir', dataDir], {
      cwd: root, env: { ...process.env, FLOWWERK_API_KEY: API_KEY, FLOWWERK_LOG_LEVEL: 'info', FLOWWERK_CONCURRENCY: '64' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    cold.stderr?.resume();
    const coldUrl = await new Promise<string>((resolve, reject) => {
      let output = '';
      cold.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const match = /flowwerk listening on (http:\/\/[^"\s]+)/.exec(output);
        if (match?.[1] !== undefined) resolve(match[1]);
      });
      cold.on('exit', (code) => reject(new Error(`cold start exited ${code}`)));
    });
    const coldAgent = new Agent({ keepAlive: true });
    for (let attempt = 0; attempt < 500; attempt++) {
      const res = await call(coldAgent, `${coldUrl}/webhook/order-save`, 'POST', ORDER).catch(() => ({ status: 0, text: '' }));
      if (res.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const coldMs = performance.now() - t0;
    coldAgent.destroy();
    cold.stdout?.removeAllListeners('data');
    cold.stdout?.resume();
    server = { child: cold, url: coldUrl };
    line(`webhook cold start to first answered webhook: ${coldMs.toFixed(0)} ms (target <= 1500 ms; ${machine()})`);

    const bare = await spawnAndWait([path.join(root, 'dist/bench/bare-webhook-server.js')], {}, /listening (\d+)/);
    const bareUrl = `http://127.0.0.1:${bare.match[1] ?? ''}/order`;
    try {
      for (const connections of [10, 50]) {
        const baseline = await load(bareUrl, connections, SECONDS);
        line(`webhook bare express @${connections} connections: ${baseline.rps.toFixed(0)} req/s (p50 ${baseline.p50.toFixed(1)} ms, p99 ${baseline.p99.toFixed(1)} ms, ${baseline.errors} errors)`);
        for (const [id, label, target] of [['order-nosave', 'saving off', 0.5], ['order-save', 'saving on', 0.3]] as const) {
          const result = await load(`${server.url}/webhook/${id}`, connections, SECONDS);
          line(`webhook flowwerk ${label} @${connections} connections: ${result.rps.toFixed(0)} req/s (p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, ${result.errors} errors)`);
          line(`webhook ratio flowwerk/bare ${label} @${connections} connections: ${(result.rps / baseline.rps).toFixed(2)} (target >= ${target})`);
        }
      }
    } finally {
      await stop(bare.child);
      await stop(server.child);
    }
    console.log(`webhook summary: ${figures.length} figures, ${SECONDS} s per load case, ${machine()}`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`webhook bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
