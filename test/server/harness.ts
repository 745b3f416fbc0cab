import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Express } from 'express';
import { buildServices, createLogger, loadConfig, type ServerServices } from '../../server/app/index.js';
import { createApp } from '../../server/http/index.js';

export const API_KEY = 'test-api-key-0123456789abcdef';

export interface Harness {
  readonly app: Express;
  readonly services: ServerServices;
  readonly dataDir: string;
  /** Every log line written so far. */
  readonly logs: () => string;
  close(): Promise<void>;
}

/** A full server (SQLite in a temp dir, in-process queue) as an express app for supertest; no socket. */
export async function createHarness(env: Record<string, string> = {}): Promise<Harness> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'flowwerk-test-'));
  const config = loadConfig({ FLOWWERK_API_KEY: API_KEY, FLOWWERK_LOG_LEVEL: 'debug', ...env }, { dataDir });
  let logText = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logText += chunk.toString('utf8');
      callback();
    },
  });
  const logger = createLogger(config.logLevel, sink);
  const services = await buildServices(config, logger);
  const app = createApp(services.deps);
  await services.executions.recover();
  await services.triggers.start();
  return {
    app,
    services,
    dataDir,
    logs: () => logText,
    async close() {
      services.triggers.stop();
      await services.executions.drain(2000);
      await services.store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A webhook workflow: webhook → set (total) → if (total > 100) → respond on both branches. */
export function orderFlow(id: string, webhookParams: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    name: `Order flow ${id}`,
    nodes: [
      { id: 'hook', type: 'webhook', params: { path: id, method: 'POST', responseMode: 'lastNode', ...webhookParams } },
      { id: 'total', type: 'set', params: { fields: { total: '{{ $json.body.items.reduce((s, i) => s + i.qty * i.price, 0) }}' } } },
      { id: 'big', type: 'if', params: { condition: '{{ $json.total > 100 }}' } },
      { id: 'yes', type: 'set', params: { fields: { big: true }, keepOnlySet: false } },
      { id: 'no', type: 'set', params: { fields: { big: false }, keepOnlySet: false } },
    ],
    connections: [
      { from: 'hook', to: 'total' },
      { from: 'total', to: 'big' },
      { from: 'big', output: 'true', to: 'yes' },
      { from: 'big', output: 'false', to: 'no' },
    ],
  };
}

export const sampleOrder = { items: [{ qty: 2, price: 30 }, { qty: 1, price: 50 }] };
