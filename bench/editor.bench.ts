/**
 * Editor benchmark: a 300-node workflow in Chromium (Debian's /usr/bin/chromium, headless, via playwright-core)
 * against a real `flowwerk start` (child process, temporary data dir). Prints one line per figure, then a
 * summary line:
 * - time to interactive: navigation start → every node of the workflow rendered and measured (the view fits
 *   all 300, so none is culled) and the next frame drawn, from `performance.now()`; median of 3 loads.
 * - while the mouse drags the canvas: main-thread work per frame (time the main thread was busy between two
 *   frames: input, React, rAF, style, layout, paint; measured by a MessageChannel probe) and the rAF-to-rAF
 *   interval; headless Chromium paces frames at ~60 Hz (the idle interval is printed as the baseline), so the
 *   interval cannot drop below ~17 ms and the work per frame is the figure compared with the 16 ms target.
 * Targets (issue): ≤ 1500 ms to interactive, median frame ≤ 16 ms.
 * Run: npm run build && node dist/bench/editor.bench.js
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { freePort } from './lib/processes.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CHROMIUM = process.env['FLOWWERK_CHROMIUM'] ?? '/usr/bin/chromium';
const NODES = 300;


function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/** 300 nodes in a 20-column grid: a manual trigger, then a chain of set / if / noop nodes. */
function bigWorkflow(): Record<string, unknown> {
  const types = ['set', 'noop', 'if', 'set', 'filter'];
  const nodes: Record<string, unknown>[] = [{ id: 'n0', type: 'manual', params: {}, position: { x: 0, y: 0 } }];
  const connections: Record<string, unknown>[] = [];
  for (let i = 1; i < NODES; i++) {
    const type = types[i % types.length] ?? 'noop';
    const params = type === 'set' ? { fields: { [`f${i}`]: `{{ $json.f${i - 1} ?? ${i} }}` } } : type === 'if' || type === 'filter' ? { condition: '{{ true }}' } : {};
    nodes.push({ id: `n${i}`, type, params, position: { x: (i % 20) * 260, y: Math.floor(i / 20) * 140 } });
    const prev = types[(i - 1) % types.length];
    connections.push({ from: `n${i - 1}`, to: `n${i}`, ...(prev === 'if' && i > 1 ? { output: 'true' } : {}) });
  }
  return { id: 'bench-300', name: 'Benchmark 300 nodes', nodes, connections };
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (apt-get install chromium)`);
  if (!existsSync(path.join(root, 'dist', 'editor', 'index.html'))) throw new Error('dist/editor is missing: run `npm run build`');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'flowwerk-editor-bench-'));
  const profile = mkdtempSync(path.join(tmpdir(), 'flowwerk-editor-bench-chromium-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, [path.join(root, 'bin', 'flowwerk.js'), 'start', '--port', String(port), '--data-dir', dataDir], {
    cwd: root,
    env: { ...process.env, FLOWWERK_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (let i = 0; i < 200; i++) {
      const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1600, height: 1000 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url);
    const setup = `fetch('/api/v1/auth/setup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@shop.test', password: 'benchmark-password' }) }).then((r) => r.status)`;
    const setupStatus = Number(await page.evaluate(setup));
    if (setupStatus >= 300) throw new Error(`setup answered ${setupStatus}`);
    const create = `fetch('/api/v1/workflows', { method: 'POST', headers: { 'content-type': 'application/json' }, body: ${JSON.stringify(JSON.stringify(bigWorkflow()))} }).then((r) => r.status)`;
    const createStatus = Number(await page.evaluate(create));
    if (createStatus !== 201) throw new Error(`creating the workflow answered ${createStatus}`);

    const interactive: number[] = [];
    for (let run = 0; run < 3; run++) {
      await page.goto('about:blank');
      await page.goto(`${url}/workflows/bench-300`, { waitUntil: 'commit' });
      await page.waitForFunction(
        `document.querySelectorAll('.react-flow__node').length === ${NODES} && document.querySelectorAll('.react-flow__node[style*="visibility: hidden"]').length === 0`,
        undefined,
        { timeout: 60_000, polling: 'raf' },
      );
      interactive.push(Number(await page.evaluate('new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now()), 0)))')));
    }
    const tti = quantile(interactive, 0.5);
    console.log(`editor ${NODES} nodes: time to interactive ${tti.toFixed(0)} ms (median of 3 loads: ${interactive.map((v) => v.toFixed(0)).join(', ')}; target ≤ 1500 ms)`);

    const pane = await page.locator('.react-flow').boundingBox();
    if (!pane) throw new Error('no canvas');
    const transformBefore = await page.locator('.react-flow__viewport').getAttribute('style');
    const idle = (await page.evaluate(`new Promise((r) => { const out = []; let last = performance.now();
      const tick = (t) => { out.push(t - last); last = t; if (out.length < 120) requestAnimationFrame(tick); else r(out.slice(1)); };
      requestAnimationFrame(tick); })`)) as unknown;
    const idleSamples = Array.isArray(idle) ? idle.filter((v): v is number => typeof v === 'number') : [];
    console.log(`editor ${NODES} nodes: idle frame interval median ${quantile(idleSamples, 0.5).toFixed(1)} ms (this browser's frame pacing, no input)`);
    // Sampler: rAF intervals, and main-thread busy time per frame (a MessageChannel probe pings itself; a gap
    // longer than 0.5 ms between two pings is time the main thread spent on other work: input, React, rAF, render).
    await page.evaluate(`(() => {
      const s = window.__sampler = { frames: [], busy: [], current: 0, stop: false };
      let last = performance.now();
      const tick = (t) => { s.frames.push(t - last); last = t; s.busy.push(s.current); s.current = 0; if (!s.stop) requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
      const channel = new MessageChannel();
      let lastPing = performance.now();
      channel.port1.onmessage = () => { const now = performance.now(); const gap = now - lastPing; if (gap > 0.5) s.current += gap; lastPing = now; if (!s.stop) channel.port2.postMessage(0); };
      channel.port2.postMessage(0);
    })()`);
    const start = { x: pane.x + 12, y: pane.y + 12 };
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    let panned = false;
    for (let lap = 0; lap < 3; lap++) {
      await page.mouse.move(start.x + 500, start.y + 300, { steps: 60 });
      if (lap === 0) panned = (await page.locator('.react-flow__viewport').getAttribute('style')) !== transformBefore;
      await page.mouse.move(start.x, start.y, { steps: 60 });
    }
    await page.mouse.up();
    const sampled = (await page.evaluate('(() => { const s = window.__sampler; s.stop = true; return [s.frames.slice(1), s.busy.slice(1)]; })()')) as unknown;
    const numbers = (v: unknown): number[] => (Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : []);
    const intervals = Array.isArray(sampled) ? numbers(sampled[0]) : [];
    const busy = Array.isArray(sampled) ? numbers(sampled[1]) : [];
    if (intervals.length === 0) throw new Error('no frames sampled');
    console.log(
      `editor ${NODES} nodes: main-thread work per frame while panning median ${quantile(busy, 0.5).toFixed(1)} ms, p95 ${quantile(busy, 0.95).toFixed(1)} ms over ${busy.length} frames (target median ≤ 16 ms)`,
    );
    console.log(
      `editor ${NODES} nodes: frame interval while panning median ${quantile(intervals, 0.5).toFixed(1)} ms, p95 ${quantile(intervals, 0.95).toFixed(1)} ms, frames over 50 ms: ${intervals.filter((v) => v > 50).length}`,
    );
    console.log(`editor summary: ${NODES} nodes, canvas panned: ${panned ? 'yes' : 'no'}, headless Chromium, ${cpus().length} cores, load ${(loadavg()[0] ?? 0).toFixed(1)}`);
    await context.close();
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
