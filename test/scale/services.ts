import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, Socket, type Server } from 'node:net';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/**
 * Real services for the scale-out tests: a private PostgreSQL schema per test (selected through the URL's
 * `options=-c search_path=...`), flowwerk processes from dist/, a cuttable TCP proxy, and a private redis-server.
 */

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PG_URL = process.env.FLOWWERK_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const API_KEY = 'scale-test-key-0123456789';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a value other than undefined; throws with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last === undefined ? '' : ` (last error: ${String(last)})`}`);
    await sleep(everyMs);
  }
}

// ------------------------------------------------------------------------------------------- PostgreSQL

export interface PgSchema {
  readonly schema: string;
  /** FLOWWERK_DATABASE_URL selecting the schema (through `url`, default PG_URL). */
  urlVia(base?: string): string;
  /** A query on the schema (search_path set). */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

export async function createPgSchema(prefix: string): Promise<PgSchema> {
  const schema = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.query(`SET search_path TO "${schema}"`);
  const withSchema = (base: string): string => `${base}${base.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    schema,
    urlVia: (base = PG_URL) => withSchema(base),
    async query<R extends pg.QueryResultRow>(text: string, values?: unknown[]) {
      return (await admin.query<R>(text, values)).rows;
    },
    async drop() {
      try {
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await admin.end().catch(() => undefined);
      }
    },
  };
}

// ------------------------------------------------------------------------------------------- processes

export interface FlowwerkProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Base URL once listening (`start`), else undefined. */
  readonly url: string | undefined;
  output(): string;
  /** Exit code or signal name. */
  readonly exited: Promise<number | string>;
  kill(signal?: NodeJS.Signals): Promise<number | string>;
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), `flowwerk-${prefix}-`));
  return { path: dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface SpawnOptions {
  readonly name: string;
  /** e.g. `['start', '--port', '0', '--data-dir', DIR]` or `['worker']`. */
  readonly args: readonly string[];
  readonly env: Record<string, string>;
  /** Output that means "ready" (default: the listening line). */
  readonly ready?: RegExp;
  readonly readyTimeoutMs?: number;
}

/** `node bin/flowwerk.js ARGS` from dist/; resolves once `ready` appears in its output. */
export async function spawnFlowwerk(options: SpawnOptions): Promise<FlowwerkProcess> {
  if (!existsSync(path.join(ROOT, 'dist/server/app/cli.js'))) throw new Error('dist/ is missing: run `npx tsc -p tsconfig.build.json` first');
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/flowwerk.js'), ...options.args], {
    cwd: ROOT,
    env: { ...process.env, FLOWWERK_LOG_LEVEL: 'info', FLOWWERK_API_KEY: API_KEY, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const ready = options.ready ?? /flowwerk listening on (http:\/\/[^"\s]+)/;
  const url = await new Promise<string | undefined>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${options.name} not ready within ${options.readyTimeoutMs ?? 30_000} ms:\n${output.slice(-4000)}`)), options.readyTimeoutMs ?? 30_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (output.length > 2_000_000) output = output.slice(-1_000_000);
      const match = ready.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${options.name} exited (${code}) before it was ready:\n${output.slice(-4000)}`));
    });
  });
  return {
    name: options.name,
    child,
    url,
    output: () => output,
    exited,
    kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs `node bin/flowwerk.js ARGS` to completion (start-up error tests). */
export function runFlowwerk(args: readonly string[], env: Record<string, string>, timeoutMs = 30_000): Promise<{ code: number | string; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/flowwerk.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, FLOWWERK_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8'); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`flowwerk ${args.join(' ')} did not exit within ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal ?? 'unknown', stdout, stderr });
    });
  });
}

// -------------------------------------------------------------------------------------------- HTTP

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
  readonly text: string;
}

export async function call(base: string, method: string, url: string, body?: unknown, options: { readonly headers?: Record<string, string>; readonly timeoutMs?: number } = {}): Promise<Reply> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const res = await fetch(`${base}${url}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-api-key': API_KEY, ...options.headers },
    ...(body !== undefined && { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/** Creates and activates a workflow through the API of `base`. */
export async function deployWorkflow(base: string, workflow: Record<string, unknown>): Promise<void> {
  const created = await call(base, 'POST', '/api/v1/workflows', workflow);
  if (created.status !== 201) throw new Error(`create workflow: ${created.status} ${created.text}`);
  const activated = await call(base, 'POST', `/api/v1/workflows/${String(workflow.id)}/activate`);
  if (activated.status !== 200) throw new Error(`activate workflow: ${activated.status} ${activated.text}`);
}

// --------------------------------------------------------------------------------------- TCP proxy

/** The test database URL (PG_URL) with its host replaced by a local proxy's port. */
export function pgUrlVia(port: number): string {
  const url = new URL(PG_URL);
  url.host = `127.0.0.1:${port}`;
  return url.toString();
}

export interface CuttableProxy {
  readonly port: number;
  /** Refuses new connections and resets open ones. */
  cut(): Promise<void>;
  /** Accepts and forwards again (same port). */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** A TCP proxy on a random local port forwarding to `target`; the test can cut and restore it. */
export async function startProxy(targetHost: string, targetPort: number): Promise<CuttableProxy> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  };
  const makeServer = (): Server =>
    createServer((client) => {
      track(client);
      const upstream = new Socket();
      track(upstream);
      upstream.connect(targetPort, targetHost);
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
  let server = makeServer();
  const listen = (port: number): Promise<number> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : port);
      });
    });
  const port = await listen(0);
  let open = true;
  const shut = async (): Promise<void> => {
    if (!open) return;
    open = false;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.resetAndDestroy();
    await closed;
  };
  return {
    port,
    cut: shut,
    async restore() {
      if (open) return;
      server = makeServer();
      await listen(port);
      open = true;
    },
    close: shut,
  };
}
