import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropPostgresSchema } from '../../server/store/postgres/open.js';
import { PG_URL } from '../store/backends.js';
import { ROOT, startServerProcess, type ServerProcess } from '../server/server-process.js';
import { API_KEY, clearRedisPrefix, eventually, queueEnv, uniqueNames } from './harness.js';

/**
 * Queue mode as separate processes from dist/ (`npm run build` first): one main, one webhook-only front and one
 * worker on real Redis + PostgreSQL. A lastNode webhook called on either front is answered with the output the
 * worker computed.
 */

interface WorkerProcess {
  readonly output: () => string;
  readonly exited: Promise<number | string>;
  stop(): Promise<number | string>;
}

async function startWorkerProcess(dataDir: string, env: Record<string, string>, args: readonly string[] = []): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/flowwerk.js'), 'worker', '--data-dir', dataDir, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  await Promise.race([
    eventually(() => (output.includes('flowwerk worker ready') ? true : undefined), 20_000, `worker ready:\n${output}`),
    exited.then((code) => {
      throw new Error(`worker exited (${code}) before ready:\n${output}`);
    }),
  ]);
  return {
    output: () => output,
    exited,
    stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

async function runCli(args: readonly string[], env: Record<string, string>): Promise<{ code: number | string; stderr: string }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/flowwerk.js'), ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const code = await new Promise<number | string>((resolve) => child.on('exit', (exitCode, signal) => resolve(exitCode ?? signal ?? 'unknown')));
  return { code, stderr };
}

const names = uniqueNames();
const env = queueEnv(names, { FLOWWERK_LOG_LEVEL: 'info' });
const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowwerk-qproc-'));
  dirs.push(dir);
  return dir;
};
let main: ServerProcess;
let front: ServerProcess;
let worker: WorkerProcess;

beforeAll(async () => {
  main = await startServerProcess(tempDir(), env);
  front = await startServerProcess(tempDir(), env);
}, 60_000);

afterAll(async () => {
  for (const server of [front, main]) {
    if (server === undefined) continue;
    server.child.kill('SIGTERM');
    await server.exited;
  }
  await worker?.stop();
  await clearRedisPrefix(names.prefix);
  await dropPostgresSchema(PG_URL, names.schema);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}, 60_000);

async function api(method: string, url: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { method, headers: { 'X-API-Key': API_KEY, 'Content-Type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
  return { status: res.status, body: await res.json() };
}

describe('queue mode with separate processes', () => {
  it('a main, a worker and a webhook front answer a lastNode webhook with the worker\'s result', { timeout: 90_000 }, async () => {
    // A second `start` in queue mode is a main too; this one serves as the webhook front below.
    const created = await api('POST', `${main.url}/api/v1/workflows`, {
      id: 'proc-last',
      nodes: [
        { id: 'hook', type: 'webhook', params: { path: 'proc-last', method: 'POST', responseMode: 'lastNode' } },
        { id: 'total', type: 'set', params: { fields: { total: '{{ $json.body.qty * $json.body.price }}', pid: '{{ $json.body.qty }}' } } },
      ],
      connections: [{ from: 'hook', to: 'total' }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await api('POST', `${main.url}/api/v1/workflows/proc-last/activate`)).status).toBe(200);

    // Accepted before any worker runs: stored and queued, answered once a worker takes it.
    const early = fetch(`${main.url}/webhook/proc-last`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ qty: 2, price: 5 }) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    worker = await startWorkerProcess(tempDir(), { ...env, FLOWWERK_WORKER_HEALTH_PORT: '0' }, ['--concurrency', '4']);
    const first = await early;
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ total: 10 });
    const executionId = first.headers.get('x-execution-id') ?? '';
    await eventually(() => (worker.output().includes(executionId) ? true : undefined), 10_000, 'worker log of the execution');

    // The other process learnt about the activation over Redis and serves the webhook too.
    const viaFront = await eventually(async () => {
      const res = await fetch(`${front.url}/webhook/proc-last`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ qty: 3, price: 7 }) });
      return res.status === 404 ? undefined : res;
    }, 10_000, 'webhook route on the second process');
    expect(viaFront.status).toBe(200);
    expect(await viaFront.json()).toMatchObject({ total: 21 });
    const execution = await api('GET', `${main.url}/api/v1/executions/${viaFront.headers.get('x-execution-id') ?? ''}`);
    expect(execution.body).toMatchObject({ status: 'success' });
    const health = await fetch(`${main.url}/healthz`);
    expect(health.status).toBe(200);

    // The worker's own probe endpoint (FLOWWERK_WORKER_HEALTH_PORT=0: a free port, named in its ready line).
    const workerHealth = /"health":"(http:\/\/[^"]+\/healthz)"/.exec(worker.output())?.[1];
    expect(workerHealth, worker.output()).toBeDefined();
    const probe = await fetch(workerHealth ?? '');
    expect(probe.status).toBe(200);
    expect(await probe.json()).toMatchObject({ status: 'ok', role: 'worker', running: expect.any(Number), backlog: expect.any(Number) });
    expect((await fetch((workerHealth ?? '').replace('/healthz', '/api/v1/workflows'))).status).toBe(404);
  });

  it('a webhook-only front serves webhooks and /healthz, nothing else', { timeout: 60_000 }, async () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/flowwerk.js'), 'start', '--role', 'webhook', '--port', '0', '--data-dir', tempDir()], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const url = await eventually(() => /flowwerk listening on (http:\/\/[^"\s]+)/.exec(output)?.[1], 20_000, 'webhook front listening');
    try {
      expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok', role: 'webhook' });
      expect((await fetch(`${url}/api/v1/workflows`, { headers: { 'X-API-Key': API_KEY } })).status).toBe(404);
      const res = await fetch(`${url}/webhook/proc-last`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ qty: 4, price: 5 }) });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ total: 20 });
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.on('exit', resolve));
    }
  });

  it('refuses to start a worker or a webhook front without FLOWWERK_REDIS_URL, or with Redis unreachable (exit 2, one line)', { timeout: 60_000 }, async () => {
    const plain = { ...env, FLOWWERK_REDIS_URL: '' };
    const noRedis = await runCli(['worker', '--data-dir', tempDir()], plain);
    expect(noRedis.code).toBe(2);
    expect(noRedis.stderr.trim()).toBe('flowwerk worker: FLOWWERK_REDIS_URL: must be set: the worker takes executions from Redis (queue mode)');
    const webhookOnly = await runCli(['start', '--role', 'webhook', '--port', '0', '--data-dir', tempDir()], plain);
    expect(webhookOnly.code).toBe(2);
    expect(webhookOnly.stderr.trim()).toBe('flowwerk start: --role: webhook needs queue mode: set FLOWWERK_REDIS_URL');
    const unreachable = await runCli(['worker', '--data-dir', tempDir()], { ...env, FLOWWERK_REDIS_URL: 'redis://127.0.0.1:1/0' });
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr.trim().split('\n')).toHaveLength(1);
    expect(unreachable.stderr).toMatch(/^flowwerk worker: FLOWWERK_REDIS_URL: cannot use Redis at 127\.0\.0\.1:1\/0: .*ECONNREFUSED/);
  });
});
