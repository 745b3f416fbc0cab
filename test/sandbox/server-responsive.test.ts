import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../server/server-process.js';

// Issue 3, item 5: while a code node spins in its sandbox, the real server keeps answering /healthz within
// 200 ms, and the run ends with CODE_TIMEOUT once the (shortened) limit passes.
const API_KEY = 'responsive-test-key';
const headers = { 'X-API-Key': API_KEY, 'Content-Type': 'application/json' };

describe('server stays responsive while a sandbox spins', () => {
  let dataDir: string;
  let server: ServerProcess;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'flowwerk-responsive-'));
    server = await startServerProcess(dataDir, { FLOWWERK_API_KEY: API_KEY, FLOWWERK_CODE_TIMEOUT_MS: '3000' });
  });

  afterAll(async () => {
    server.child.kill('SIGKILL');
    await server.exited;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers /healthz fast during a busy loop and fails the run with CODE_TIMEOUT', async () => {
    const workflow = {
      id: 'spin',
      name: 'Spins forever',
      nodes: [
        { id: 'start', type: 'manual', params: {} },
        { id: 'spin', type: 'code', params: { mode: 'allItems', code: 'for (;;) {}' } },
      ],
      connections: [{ from: 'start', to: 'spin' }],
    };
    const created = await fetch(`${server.url}/api/v1/workflows`, { method: 'POST', headers, body: JSON.stringify(workflow) });
    expect(created.status).toBe(201);
    const run = await fetch(`${server.url}/api/v1/workflows/spin/run`, { method: 'POST', headers, body: JSON.stringify({ input: {} }) });
    expect(run.status).toBe(202);
    const { executionId } = (await run.json()) as { executionId: string };

    // Give the sandbox time to pick the job up, then probe while it spins.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const latencies: number[] = [];
    for (let probe = 0; probe < 10; probe++) {
      const started = performance.now();
      const health = await fetch(`${server.url}/healthz`);
      latencies.push(performance.now() - started);
      expect(health.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const running = (await (await fetch(`${server.url}/api/v1/executions/${executionId}`, { headers })).json()) as { status: string };
    expect(running.status).toBe('running');
    expect(Math.max(...latencies)).toBeLessThan(200);

    let detail: { status: string } = running;
    for (let poll = 0; poll < 100 && (detail.status === 'running' || detail.status === 'queued'); poll++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      detail = (await (await fetch(`${server.url}/api/v1/executions/${executionId}`, { headers })).json()) as { status: string };
    }
    expect(detail.status).toBe('failed');
    expect(JSON.stringify(detail)).toContain('CODE_TIMEOUT');
  });
});
