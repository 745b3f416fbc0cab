/**
 * Queue-mode benchmark; one line per figure, then a summary line.
 * The order flow of bench/webhook.bench.ts (webhook → set → if → respond, `respondNode`, execution saving on)
 * served by one main (`flowwerk start`) in queue mode with 1 and then 2 workers (`flowwerk worker`, separate
 * processes), next to the same flow in one process on the same PostgreSQL (no Redis) for reference. Closed-loop
 * load with keep-alive connections for BENCH_SECONDS (default 5) per case; every answered call is one completed
 * execution (the respond node's answer comes back from the worker through Redis).
 * Where the time goes, per execution: Redis commands (INFO commandstats deltas; commands run inside BullMQ's Lua
 * scripts are included), PostgreSQL transactions and rows written (pg_stat_database deltas), CPU ms of each
 * process (main, workers, redis-server, all postgres backends; /proc). A separate short pass through a counting
 * TCP proxy gives the commands the processes send to Redis themselves (client round trips, scripts counted once).
 * Uses a private redis-server on a random port and its own PostgreSQL schema in FLOWWERK_BENCH_DATABASE_URL
 * (default postgres://postgres@127.0.0.1:5432/test); both are removed at the end.
 * Run: npm run build && node dist/bench/queue.bench.js
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { call, load, type Answer, type LoadResult } from './lib/http-load.js';
import { machine } from './lib/machine.js';
import { ORDER, orderFlow } from './lib/order-flow.js';
import { ROOT as root, freePort, spawnAndWait, stop } from './lib/processes.js';
import { commandStats, countingProxy, cpuMs, pgCounters, postgresPids, statsDelta, successCount } from './lib/queue-measure.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const PG_URL = process.env.FLOWWERK_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const API_KEY = 'bench-api-key-0123456789abcdef';
const ENCRYPTION_KEY = 'bench-encryption-key-0123456789abcdef';
const WORKFLOW_ID = 'order-queue';
/**
 * A PostgreSQL (15+) backend that goes idle reports its statistics within 10 s (PGSTAT_IDLE_INTERVAL): counters are
 * read this long after the warm-up and after the window, so that pool connections idle since then are counted.
 */
const PG_STATS_FLUSH_MS = 11_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const okAnswer = (answer: Answer): boolean => answer.status === 200 && answer.text.includes('"big":true');

// ---------------------------------------------------------------------------------------------- main

async function main(): Promise<void> {
  if (!existsSync(path.join(root, 'dist/server/app/cli.js'))) throw new Error('run `npm run build` first');
  const figures: string[] = [];
  const line = (text: string): void => {
    figures.push(text);
    console.log(text);
  };
  const dirs: string[] = [];
  const dataDir = (label: string): string => {
    const dir = mkdtempSync(path.join(tmpdir(), `flowwerk-qbench-${label}-`));
    dirs.push(dir);
    return dir;
  };
  const children: ChildProcess[] = [];
  const schemas: string[] = [];
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();

  const redisPort = await freePort();
  const redisServer = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const redis = new Redis(`redis://127.0.0.1:${redisPort}`, { lazyConnect: true });
  redis.on('error', () => undefined);
  for (let attempt = 0; ; attempt++) {
    try {
      await redis.connect();
      break;
    } catch (error) {
      if (attempt > 100) throw error;
      await sleep(50);
    }
  }

  const schemaFor = async (label: string): Promise<string> => {
    const schema = `bench_queue_${label}_${process.pid}`;
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.query(`CREATE SCHEMA "${schema}"`);
    schemas.push(schema);
    return schema;
  };
  const urlWithSchema = (schema: string): string => `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const baseEnv = { FLOWWERK_API_KEY: API_KEY, FLOWWERK_ENCRYPTION_KEY: ENCRYPTION_KEY, FLOWWERK_LOG_LEVEL: 'warn' };

  const startMain = async (env: Record<string, string>, label: string): Promise<{ child: ChildProcess; url: string }> => {
    const { child, match } = await spawnAndWait(
      [path.join(root, 'bin/flowwerk.js'), 'start', '--port', '0', '--data-dir', dataDir(label)],
      { ...baseEnv, FLOWWERK_LOG_LEVEL: 'info', ...env },
      /flowwerk listening on (http:\/\/[^"\s]+)/,
    );
    children.push(child);
    return { child, url: match[1] ?? '' };
  };
  const startWorker = async (env: Record<string, string>, label: string, concurrency: number): Promise<ChildProcess> => {
    const { child } = await spawnAndWait(
      [path.join(root, 'bin/flowwerk.js'), 'worker', '--concurrency', String(concurrency), '--data-dir', dataDir(label)],
      { ...baseEnv, FLOWWERK_LOG_LEVEL: 'info', ...env },
      /flowwerk worker ready/,
    );
    children.push(child);
    return child;
  };
  const deploy = async (url: string): Promise<void> => {
    const agent = new Agent({ keepAlive: true });
    const created = await call(agent, `${url}/api/v1/workflows`, 'POST', JSON.stringify(orderFlow(WORKFLOW_ID)), { 'x-api-key': API_KEY });
    if (created.status !== 201) throw new Error(`create failed: ${created.status} ${created.text}`);
    const activated = await call(agent, `${url}/api/v1/workflows/${WORKFLOW_ID}/activate`, 'POST', '{}', { 'x-api-key': API_KEY });
    if (activated.status !== 200) throw new Error(`activate failed: ${activated.status} ${activated.text}`);
    const check = await call(agent, `${url}/webhook/${WORKFLOW_ID}`, 'POST', ORDER);
    if (check.status !== 200 || !check.text.includes('"big":true')) throw new Error(`unexpected answer: ${check.status} ${check.text}`);
    agent.destroy();
  };

  /** Warm-up, then one measured window with every counter read before and after. */
  const measure = async (
    label: string,
    url: string,
    schema: string,
    pids: Record<string, number | undefined>,
    withRedis: boolean,
  ): Promise<{ result: LoadResult; executions: number }> => {
    await load(`${url}/webhook/${WORKFLOW_ID}`, CONNECTIONS, 1.5, { ok: okAnswer });
    await sleep(PG_STATS_FLUSH_MS);
    const pgBefore = await pgCounters(admin);
    const doneBefore = await successCount(admin, schema);
    const redisBefore = withRedis ? await commandStats(redis) : new Map<string, number>();
    const cpuBefore = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMs(pid)]));
    const pgPids = postgresPids();
    const pgCpuBefore = pgPids.reduce((sum, pid) => sum + cpuMs(pid), 0);

    const result = await load(`${url}/webhook/${WORKFLOW_ID}`, CONNECTIONS, SECONDS, { ok: okAnswer });

    const cpuAfter = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMs(pid)]));
    const pgCpuAfter = pgPids.reduce((sum, pid) => sum + cpuMs(pid), 0) + postgresPids().filter((pid) => !pgPids.includes(pid)).reduce((sum, pid) => sum + cpuMs(pid), 0);
    const redisAfter = withRedis ? await commandStats(redis) : new Map<string, number>();
    await sleep(PG_STATS_FLUSH_MS);
    const executions = (await successCount(admin, schema)) - doneBefore;
    const pgAfter = await pgCounters(admin);

    line(`queue ${label} @${CONNECTIONS} connections: ${result.rps.toFixed(0)} executions/s (p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, ${result.errors} errors, ${executions} executions stored as success)`);
    const per = (value: number): string => (executions > 0 ? (value / executions).toFixed(2) : 'n/a');
    const pgWritten = pgAfter.written - pgBefore.written;
    line(
      `queue ${label} PostgreSQL per execution: ${per(pgAfter.commits - pgBefore.commits)} transactions (reads included), ${per(pgWritten)} rows written ` +
        `(${per(pgAfter.inserted - pgBefore.inserted)} inserted, ${per(pgAfter.updated - pgBefore.updated)} updated, ${per(pgAfter.deleted - pgBefore.deleted)} deleted)`,
    );
    if (withRedis) {
      const delta = statsDelta(redisBefore, redisAfter);
      delta.delete('info');
      const total = [...delta.values()].reduce((a, b) => a + b, 0);
      const scripts = (delta.get('evalsha') ?? 0) + (delta.get('eval') ?? 0) + (delta.get('fcall') ?? 0);
      const top = [...delta.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([name, calls]) => `${name} ${per(calls)}`).join(', ');
      line(`queue ${label} Redis commands per execution: ${per(total)} executed (incl. inside Lua scripts), of them ${per(scripts)} script calls; top: ${top}`);
    }
    const cpu = Object.entries(cpuAfter)
      .map(([name, ms]) => `${name} ${per(ms - (cpuBefore[name] ?? 0))}`)
      .concat(`postgres ${per(pgCpuAfter - pgCpuBefore)}`)
      .join(', ');
    line(`queue ${label} CPU ms per execution: ${cpu}`);
    return { result, executions };
  };

  const throughput: Record<string, number> = {};
  try {
    // Reference: one process, PostgreSQL store, in-process queue.
    {
      const schema = await schemaFor('single');
      const main = await startMain({ FLOWWERK_DATABASE_URL: urlWithSchema(schema), FLOWWERK_CONCURRENCY: '64' }, 'single');
      await deploy(main.url);
      const { result } = await measure('single process (PostgreSQL, no Redis)', main.url, schema, { main: main.child.pid }, false);
      throughput.single = result.rps;
      await stop(main.child);
    }

    for (const workers of [1, 2]) {
      const schema = await schemaFor(`w${workers}`);
      await redis.flushall();
      const env = {
        FLOWWERK_DATABASE_URL: urlWithSchema(schema),
        FLOWWERK_REDIS_URL: `redis://127.0.0.1:${redisPort}`,
        FLOWWERK_REDIS_PREFIX: `bench${workers}`,
      };
      const main = await startMain(env, `main${workers}`);
      const pool: ChildProcess[] = [];
      for (let index = 0; index < workers; index++) pool.push(await startWorker(env, `worker${workers}-${index}`, 32));
      await deploy(main.url);
      const pids: Record<string, number | undefined> = { main: main.child.pid };
      pool.forEach((child, index) => { pids[`worker${index + 1}`] = child.pid; });
      pids['redis-server'] = redisServer.pid;
      const { result } = await measure(`${workers} worker${workers === 1 ? '' : 's'}`, main.url, schema, pids, true);
      throughput[`w${workers}`] = result.rps;
      for (const child of [...pool, main.child]) await stop(child);
    }
    line(`queue scaling 2 workers / 1 worker: ${((throughput.w2 ?? 0) / (throughput.w1 ?? 1)).toFixed(2)}x (${machine()}; main, workers, Redis, PostgreSQL and the load generator share these cores)`);
    line(`queue mode 1 worker / single process: ${((throughput.w1 ?? 0) / (throughput.single ?? 1)).toFixed(2)}x`);

    // Accounting pass: the commands the processes send to Redis themselves, through a counting proxy.
    {
      const schema = await schemaFor('count');
      await redis.flushall();
      const proxy = await countingProxy(redisPort);
      const env = {
        FLOWWERK_DATABASE_URL: urlWithSchema(schema),
        FLOWWERK_REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
        FLOWWERK_REDIS_PREFIX: 'benchcount',
      };
      const main = await startMain(env, 'main-count');
      const worker = await startWorker(env, 'worker-count', 32);
      await deploy(main.url);
      await load(`${main.url}/webhook/${WORKFLOW_ID}`, 8, 1, { ok: okAnswer });
      await sleep(1_000);
      const idleBefore = proxy.commands();
      await sleep(2_000);
      const idlePerSecond = (proxy.commands() - idleBefore) / 2;
      const doneBefore = await successCount(admin, schema);
      const before = proxy.commands();
      const started = performance.now();
      const result = await load(`${main.url}/webhook/${WORKFLOW_ID}`, 8, 3, { ok: okAnswer });
      const elapsed = (performance.now() - started) / 1000;
      const sent = proxy.commands() - before;
      const executions = (await successCount(admin, schema)) - doneBefore;
      const perExecution = executions > 0 ? (sent - idlePerSecond * elapsed) / executions : 0;
      line(
        `queue Redis client commands per execution (main + 1 worker, via counting proxy, ${result.ok} calls @8 connections): ` +
          `${perExecution.toFixed(2)} (idle background ${idlePerSecond.toFixed(1)} commands/s subtracted)`,
      );
      for (const child of [worker, main.child]) await stop(child);
      await proxy.close();
    }
    console.log(`queue summary: ${figures.length} figures, ${SECONDS} s per load case, ${CONNECTIONS} connections, ${machine()}`);
  } finally {
    for (const child of children) await stop(child, 'SIGKILL');
    redis.disconnect();
    await stop(redisServer, 'SIGKILL');
    for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await admin.end();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`queue bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
