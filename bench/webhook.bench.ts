/**
 * Webhook benchmarks; one line per figure, then a summary line.
 * The order flow (webhook → set → if → respond) served by `flowwerk start` (a child process: SQLite, in-process
 * queue) at 10 and 50 concurrent keep-alive connections for ~5 s each, with execution saving on (default) and
 * off (`settings.saveExecutions: none`), next to a bare express handler doing the same computation, measured in
 * the same run; ratios = flowwerk req/s ÷ bare req/s (targets ≥ 0.5 saving off, ≥ 0.3 saving on). Cold start:
 * process spawn to the first answered webhook of an already active workflow (target ≤ 1.5 s).
 * Run: npm run build && node dist/bench/webhook.bench.js   (BENCH_SECONDS=N changes the per-case duration)
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { call, load } from './lib/http-load.js';
import { machine } from './lib/machine.js';
import { ORDER, orderFlow } from './lib/order-flow.js';
import { ROOT as root, spawnAndWait, stop } from './lib/processes.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const API_KEY = 'bench-api-key-0123456789abcdef';
/** Calls per connection before each measured case (JIT, caches, connections). */
const WARMUP = 20;

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
      const created = await call(admin, `${server.url}/api/v1/workflows`, 'POST', JSON.stringify(orderFlow(id, save ? 'all' : 'none')), { 'x-api-key': API_KEY });
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
    const cold = await spawnAndWait(
      [path.join(root, 'bin/flowwerk.js'), 'start', '--port', '0', '--data-dir', dataDir],
      { FLOWWERK_API_KEY: API_KEY, FLOWWERK_LOG_LEVEL: 'info', FLOWWERK_CONCURRENCY: '64' },
      /flowwerk listening on (http:\/\/[^"\s]+)/,
    );
    const coldUrl = cold.match[1] ?? '';
    const coldAgent = new Agent({ keepAlive: true });
    for (let attempt = 0; attempt < 500; attempt++) {
      const res = await call(coldAgent, `${coldUrl}/webhook/order-save`, 'POST', ORDER).catch(() => ({ status: 0, text: '' }));
      if (res.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const coldMs = performance.now() - t0;
    coldAgent.destroy();
    server = { child: cold.child, url: coldUrl };
    line(`webhook cold start to first answered webhook: ${coldMs.toFixed(0)} ms (target <= 1500 ms; ${machine()})`);

    const bare = await spawnAndWait([path.join(root, 'dist/bench/bare-webhook-server.js')], {}, /listening (\d+)/);
    const bareUrl = `http://127.0.0.1:${bare.match[1] ?? ''}/order`;
    try {
      for (const connections of [10, 50]) {
        const baseline = await load(bareUrl, connections, SECONDS, { warmup: WARMUP });
        line(`webhook bare express @${connections} connections: ${baseline.rps.toFixed(0)} req/s (p50 ${baseline.p50.toFixed(1)} ms, p99 ${baseline.p99.toFixed(1)} ms, ${baseline.errors} errors)`);
        for (const [id, label, target] of [['order-nosave', 'saving off', 0.5], ['order-save', 'saving on', 0.3]] as const) {
          const result = await load(`${server.url}/webhook/${id}`, connections, SECONDS, { warmup: WARMUP });
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
