import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Express } from 'express';
import { Redis } from 'ioredis';
import { buildServices, createLogger, loadConfig, type ServerServices } from '../../server/app/index.js';
import { createApp } from '../../server/http/index.js';
import { dropPostgresSchema } from '../../server/store/postgres/open.js';
import { PG_URL } from '../store/backends.js';

/** Queue-mode test processes in one test process: real Redis (unique key prefix) and PostgreSQL (unique schema). */

export const REDIS_URL = process.env.FLOWWERK_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const API_KEY = 'queue-test-api-key-0123456789';
export const ENCRYPTION_KEY = 'queue-test-encryption-key-0123456789';

let counter = 0;

/** A Redis key prefix and a PostgreSQL schema no other test uses. */
export function uniqueNames(): { prefix: string; schema: string } {
  const tag = `${process.pid}_${Date.now().toString(36)}_${counter++}`;
  return { prefix: `fwtest:${tag}`, schema: `q_${tag}` };
}

/** Deletes every Redis key under `prefix`. */
export async function clearRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** The FLOWWERK_* environment of a queue-mode process for these names. */
export function queueEnv(names: { prefix: string; schema: string }, extra: Record<string, string> = {}): Record<string, string> {
  return {
    FLOWWERK_REDIS_URL: REDIS_URL,
    FLOWWERK_REDIS_PREFIX: names.prefix,
    FLOWWERK_DATABASE_URL: PG_URL,
    FLOWWERK_DATABASE_SCHEMA: names.schema,
    FLOWWERK_ENCRYPTION_KEY: ENCRYPTION_KEY,
    FLOWWERK_API_KEY: API_KEY,
    FLOWWERK_LOG_LEVEL: 'debug',
    ...extra,
  };
}

export interface TestProcess {
  readonly services: ServerServices;
  readonly logs: () => string;
  close(graceMs?: number): Promise<void>;
}

export interface MainProcess extends TestProcess {
  readonly app: Express;
}

export interface QueueCluster {
  readonly names: { prefix: string; schema: string };
  readonly main: MainProcess;
  readonly workers: TestProcess[];
  /** Starts one more worker. */
  addWorker(options?: { concurrency?: number }): Promise<TestProcess>;
  close(): Promise<void>;
}

async function buildProcess(role: 'main' | 'worker', env: Record<string, string>, parkAfterMs: number | undefined): Promise<TestProcess & { dataDir: string }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `flowwerk-${role}-`));
  const config = loadConfig(env, { dataDir });
  let logText = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logText += chunk.toString('utf8');
      callback();
    },
  });
  const services = await buildServices(config, createLogger(config.logLevel, sink), { role, ...(parkAfterMs !== undefined && { parkAfterMs }) });
  return {
    services,
    dataDir,
    logs: () => logText,
    async close(graceMs = 2000) {
      await services.close(graceMs);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A main (express app for supertest, recovered, triggers started) and `workers` workers on shared Redis + PostgreSQL. */
export async function startQueueCluster(options: { workers?: number; concurrency?: number; parkAfterMs?: number; env?: Record<string, string> } = {}): Promise<QueueCluster> {
  const names = uniqueNames();
  const env = queueEnv(names, { ...(options.concurrency !== undefined && { FLOWWERK_CONCURRENCY: String(options.concurrency) }), ...options.env });
  const mainProcess = await buildProcess('main', env, options.parkAfterMs);
  const app = createApp(mainProcess.services.deps);
  await mainProcess.services.executions.recover();
  await mainProcess.services.triggers.start();
  const main: MainProcess = { ...mainProcess, app };
  const workers: TestProcess[] = [];
  const addWorker = async (): Promise<TestProcess> => {
    const worker = await buildProcess('worker', env, options.parkAfterMs);
    workers.push(worker);
    return worker;
  };
  for (let index = 0; index < (options.workers ?? 1); index++) await addWorker();
  return {
    names,
    main,
    workers,
    addWorker,
    async close() {
      await Promise.allSettled(workers.map((worker) => worker.close()));
      await main.close();
      await clearRedisPrefix(names.prefix);
      await dropPostgresSchema(PG_URL, names.schema);
    },
  };
}

/** Polls `check` until it returns a value other than undefined (or throws after `timeoutMs`). */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
