import { FlowError, isJsonObject, type CodeRequest, type CodeResult, type CodeSandbox, type JsonObject, type JsonValue } from '../../nodes/sdk/index.js';
import { launchSpec } from './launch.js';
import { PoolClosedError, SandboxPool } from './pool.js';
import type { Failure, RunnerReply } from './sandbox-process.js';

/**
 * The `code` node's sandbox: user JavaScript runs in a pool of confined processes (see launch.ts, runner.cjs).
 * Errors: CODE_TIMEOUT (wall clock, the process is killed), CODE_MEMORY_LIMIT (heap limit reached, or a single
 * allocation beyond V8's maximum), CODE_OUTPUT_TOO_LARGE, CODE_ERROR (the user's error message and line),
 * CANCELLED (the signal aborted), SANDBOX_UNAVAILABLE (closed, or a process could not start).
 */
export interface CodeSandboxOptions {
  /** Processes kept warm; also the number of code runs at once (default: 2). */
  readonly poolSize?: number;
  /** V8 old-space limit of each process in MB (default 128). */
  readonly heapMb?: number;
  /** Alias of `heapMb` (used when `heapMb` is absent). */
  readonly memoryMb?: number;
  /** Wall-clock limit per run in ms (default 10000). */
  readonly timeoutMs?: number;
  /** Largest JSON output of one run in bytes (default 16 MiB). */
  readonly maxOutputBytes?: number;
  /** Largest captured console output of one run in characters (default 64 KiB). */
  readonly maxLogBytes?: number;
  /** Modules user code may `require`: 'luxon' and/or 'crypto' (hashes, HMAC, randomUUID). Default none. */
  readonly allowModules?: readonly string[];
  /** Runs a process serves before it is replaced (default 1000). */
  readonly maxRunsPerProcess?: number;
}

export type ClosableCodeSandbox = CodeSandbox & { close(): Promise<void> };

const ALLOWED_MODULES = new Set(['luxon', 'crypto']);

function failureError(failure: Failure, timeoutMs: number, heapMb: number, maxOutputBytes: number): FlowError {
  switch (failure.kind) {
    case 'timeout': return new FlowError('CODE_TIMEOUT', `code ran longer than ${timeoutMs} ms and was stopped`);
    case 'memory': return new FlowError('CODE_MEMORY_LIMIT', `code exceeded the memory limit of ${heapMb} MB and was stopped`);
    case 'outputTooLarge': return new FlowError('CODE_OUTPUT_TOO_LARGE', `code output (${failure.bytes} bytes) is larger than ${maxOutputBytes} bytes`);
    case 'aborted': return new FlowError('CANCELLED', 'code run was cancelled');
    case 'crashed': return new FlowError('CODE_ERROR', failure.detail);
    default: {
      const unreachable: never = failure;
      return new FlowError('CODE_ERROR', `unknown sandbox failure ${JSON.stringify(unreachable)}`);
    }
  }
}

function parseLogs(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.map((line) => String(line)) : [];
  } catch {
    return [];
  }
}

/** An item returned by user code: `{ json: {...} }` is unwrapped, any other object is the json itself. */
function itemJson(value: JsonValue, index: number): JsonObject {
  if (!isJsonObject(value)) throw new FlowError('CODE_ERROR', `item ${index} returned by the code is not an object`);
  const keys = Object.keys(value);
  const json = value.json;
  if (isJsonObject(json) && keys.every((key) => key === 'json' || key === 'binary')) return json;
  return value;
}

function toResult(request: CodeRequest, value: JsonValue, logs: string[]): CodeResult {
  if (request.mode === 'allItems') {
    if (Array.isArray(value)) return { items: value.map((entry, index) => itemJson(entry, index)), logs };
    if (isJsonObject(value)) return { items: [itemJson(value, 0)], logs };
    throw new FlowError('CODE_ERROR', 'code in mode allItems must return an array of items');
  }
  if (value === null) return { items: [null], logs };
  if (isJsonObject(value)) return { items: [itemJson(value, 0)], logs };
  throw new FlowError('CODE_ERROR', 'code in mode perItem must return an object, or null to drop the item');
}

function replyResult(request: CodeRequest, reply: RunnerReply, heapMb: number, maxOutputBytes: number): CodeResult {
  if (!reply.ok) {
    const logs = parseLogs(reply.logs);
    const { kind, message, line } = reply.error;
    const error = kind === 'memory'
      ? new FlowError('CODE_MEMORY_LIMIT', `code exceeded the memory limit (${message}); heap limit ${heapMb} MB`)
      : kind === 'output'
        ? new FlowError('CODE_OUTPUT_TOO_LARGE', `code output is larger than ${maxOutputBytes} bytes`)
        : new FlowError('CODE_ERROR', line === undefined ? message : `${message} (line ${line})`);
    Object.defineProperty(error, 'logs', { value: logs, enumerable: false });
    throw error;
  }
  const parsed: unknown = JSON.parse(reply.out);
  if (!isJsonObject(parsed)) throw new FlowError('CODE_ERROR', 'sandbox returned an invalid result');
  const value = parsed.value ?? null;
  const logs = Array.isArray(parsed.logs) ? parsed.logs.map((line) => String(line)) : [];
  return toResult(request, value, logs);
}

export function createCodeSandbox(options: CodeSandboxOptions = {}): ClosableCodeSandbox {
  const poolSize = Math.max(1, options.poolSize ?? 2);
  const heapMb = options.heapMb ?? options.memoryMb ?? 128;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxOutputBytes = options.maxOutputBytes ?? 16 * 1024 * 1024;
  const maxLogBytes = options.maxLogBytes ?? 64 * 1024;
  const allowModules = (options.allowModules ?? []).filter((name) => ALLOWED_MODULES.has(name));
  const spec = launchSpec({ heapMb, allowModules, maxOutputBytes, maxLogBytes });
  const pool = new SandboxPool({
    size: poolSize,
    spec,
    // The output travels as the frame body; error frames carry logs in the header.
    maxFrameBytes: maxOutputBytes + maxLogBytes * 8 + 65_536,
    maxRunsPerProcess: options.maxRunsPerProcess ?? 1000,
    pingTimeoutMs: 1000,
  });

  async function run(request: CodeRequest, signal: AbortSignal): Promise<CodeResult> {
    let process;
    try {
      process = await pool.acquire(signal);
    } catch (error) {
      if (signal.aborted) throw new FlowError('CANCELLED', 'code run was cancelled');
      if (error instanceof PoolClosedError) throw new FlowError('SANDBOX_UNAVAILABLE', error.message);
      throw new FlowError('SANDBOX_UNAVAILABLE', error instanceof Error ? error.message : String(error));
    }
    try {
      const payload = JSON.stringify({ items: request.items, scope: request.scope });
      const outcome = await process.call({ code: request.code, mode: request.mode, payload }, timeoutMs, signal);
      if (outcome.kind === 'failure') throw failureError(outcome.failure, timeoutMs, heapMb, maxOutputBytes);
      return replyResult(request, outcome.reply, heapMb, maxOutputBytes);
    } finally {
      pool.release(process);
    }
  }

  return { run, close: () => pool.close() };
}
