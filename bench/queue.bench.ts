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
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer, Socket, type AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const PG_URL = process.env.FLOWWERK_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const API_KEY = 'bench-api-key-0123456789abcdef';
const ENCRYPTION_KEY = 'bench-encryption-key-0123456789abcdef';
const ORDER = JSON.stringify({ orderId: 'A-1001', items: [{ sku: 'TS-1', qty: 2, price: 30 }, { sku: 'MUG', qty: 1, price: 50 }] });
const WORKFLOW_ID = 'order-queue';
/**
 * A PostgreSQL (15+) backend that goes idle reports its statistics within 10 s (PGSTAT_IDLE_INTERVAL): counters are
 * read this long after the warm-up and after the window, so that pool connections idle since then are counted.
 */
const PG_STATS_FLUSH_MS = 11_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function machine(): string {
  return `load ${(loadavg()[0] ?? 0).toFixed(1)} on ${cpus().length} cores`;
}

const orderFlow = {
  id: WORKFLOW_ID,
  name: 'bench queue order flow',
  nodes: [
    { id: 'hook', type: 'webhook', params: { path: WORKFLOW_ID, method: 'POST', responseMode: 'respondNode' } },
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
};

// ------------------------------------------------------------------------------------------------ HTTP

function call(agent: Agent, url: string, method: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(60_000, () => req.destroy(new Error('timeout')));
    req.end(body);
  });
}

interface LoadResult {
  readonly rps: number;
  readonly ok: number;
  readonly errors: number;
  readonly p50: number;
  readonly p99: number;
}

/** Closed-loop load: `connections` loops each send the next call when the previous one answered. */
async function load(url: string, connections: number, seconds: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const res = await call(agent, url, 'POST', ORDER).catch(() => ({ status: 0, text: '' }));
        if (res.status === 200 && res.text.includes('"big":true')) latencies.push(performance.now() - t0);
        else errors++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    rps: latencies.length / elapsed,
    ok: latencies.length,
    errors,
    p50: latencies[Math.floor(latencies.length * 0.5)] ?? 0,
    p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
  };
}

// ------------------------------------------------------------------------------------------- processes

interface Proc {
  readonly child: ChildProcess;
  readonly match: RegExpExecArray;
}

function spawnAndWait(args: readonly string[], env: Record<string, string>, pattern: RegExp): Promise<Proc> {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 30 s: ${output}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      if (output.length < 100_000) output += chunk.toString('utf8');
      const match = pattern.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        child.stdout?.removeListener('data', onData);
        child.stderr?.removeListener('data', onData);
        child.stdout?.resume();
        child.stderr?.resume();
        resolve({ child, match });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}: ${output}`));
    });
  });
}

function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.removeAllListeners('exit');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

function portOf(address: AddressInfo | string | null): number {
  return typeof address === 'object' && address !== null ? address.port : 0;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = portOf(server.address());
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** CPU time (user + system) of a process in ms, from /proc (Linux); 0 when unreadable. */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

/** Every process named `postgres` (server and backends). */
function postgresPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return pids;
}

// ------------------------------------------------------------------------------------ Redis counting

/**
 * A TCP proxy in front of Redis that counts the commands clients send (top-level RESP arrays; a pipelined batch
 * counts each command, a Lua script call counts once).
 */
async function countingProxy(targetPort: number): Promise<{ port: number; commands: () => number; close: () => Promise<void> }> {
  let commands = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = new Socket();
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    upstream.connect(targetPort, '127.0.0.1');
    // RESP request parser state: remaining bulk strings of the current command, bytes to skip.
    let buffer: Buffer = Buffer.alloc(0);
    let args = 0;
    let skip = -1;
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      let at = 0;
      for (;;) {
        if (skip >= 0) {
          if (buffer.length - at < skip + 2) break;
          at += skip + 2;
          skip = -1;
          args--;
          continue;
        }
        const eol = buffer.indexOf('\r\n', at);
        if (eol === -1) break;
        const kind = String.fromCharCode(buffer[at] ?? 0);
        const n = Number(buffer.subarray(at + 1, eol).toString('latin1'));
        at = eol + 2;
        if (kind === '*' && args === 0) {
          commands++;
          args = n;
        } else if (kind === '$') {
          skip = n;
        }
      }
      buffer = buffer.subarray(at);
    });
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = portOf(server.address());
  return {
    port,
    commands: () => commands,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function commandStats(redis: Redis): Promise<Map<string, number>> {
  const text = await redis.info('commandstats');
  const stats = new Map<string, number>();
  for (const match of text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) stats.set(match[1] ?? '', Number(match[2]));
  return stats;
}

function statsDelta(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  const delta = new Map<string, number>();
  for (const [name, calls] of after) {
    const diff = calls - (before.get(name) ?? 0);
    if (diff > 0) delta.set(name, diff);
  }
  return delta;
}

// ------------------------------------------------------------------------------------------------ PG

interface PgCounters {
  readonly commits: number;
  readonly written: number;
  readonly inserted: number;
  readonly updated: number;
  readonly deleted: number;
}

async function pgCounters(client: pg.Client): Promise<PgCounters> {
  await client.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await client.query<{ xact_commit: string; tup_inserted: string; tup_updated: string; tup_deleted: string }>(
    'SELECT xact_commit, tup_inserted, tup_updated, tup_deleted FROM pg_stat_database WHERE datname = current_database()',
  );
  const row = rows[0];
  const inserted = Number(row?.tup_inserted ?? 0);
  const updated = Number(row?.tup_updated ?? 0);
  const deleted = Number(row?.tup_deleted ?? 0);
  return { commits: Number(row?.xact_commit ?? 0), inserted, updated, deleted, written: inserted + updated + deleted };
}

async function successCount(client: pg.Client, schema: string): Promise<number> {
  const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".executions WHERE status = 'success'`);
  return Number(rows[0]?.n ?? 0);
}

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
    const created = await call(agent, `${url}/api/v1/workflows`, 'POST', JSON.stringify(orderFlow), { 'x-api-key': API_KEY });
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
    await load(`${url}/webhook/${WORKFLOW_ID}`, CONNECTIONS, 1.5);
    await sleep(PG_STATS_FLUSH_MS);
    const pgBefore = await pgCounters(admin);
    const doneBefore = await successCount(admin, schema);
    const redisBefore = withRedis ? await commandStats(redis) : new Map<string, number>();
    const cpuBefore = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMs(pid)]));
    const pgPids = postgresPids();
    const pgCpuBefore = pgPids.reduce((sum, pid) => sum + cpuMs(pid), 0);

    const result = await load(`${url}/webhook/${WORKFLOW_ID}`, CONNECTIONS, SECONDS);

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
      await load(`${main.url}/webhook/${WORKFLOW_ID}`, 8, 1);
      await sleep(1_000);
      const idleBefore = proxy.commands();
      await sleep(2_000);
      const idlePerSecond = (proxy.commands() - idleBefore) / 2;
      const doneBefore = await successCount(admin, schema);
      const before = proxy.commands();
      const started = performance.now();
      const result = await load(`${main.url}/webhook/${WORKFLOW_ID}`, 8, 3);
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
