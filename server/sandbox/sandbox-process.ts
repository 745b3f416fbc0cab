import { spawn, type ChildProcess } from 'node:child_process';
import { encodeFrame, FrameReader } from './frames.js';
import type { LaunchSpec } from './launch.js';

/**
 * One confined runner process, serving one request at a time.
 * `call` resolves with the runner's reply or with a `Failure` (timeout, crash, OOM, oversized output, abort);
 * any failure kills the process, so after a failure `alive` is false and the pool replaces it.
 */

export type RunnerReply =
  | { readonly ok: true; readonly out: string }
  | { readonly ok: false; readonly error: { readonly kind: string; readonly message: string; readonly line?: number }; readonly logs: string };

export type Failure =
  | { readonly kind: 'timeout' }
  | { readonly kind: 'memory' }
  | { readonly kind: 'outputTooLarge'; readonly bytes: number }
  | { readonly kind: 'crashed'; readonly detail: string }
  | { readonly kind: 'aborted' };

export type CallOutcome = { readonly kind: 'reply'; readonly reply: RunnerReply } | { readonly kind: 'failure'; readonly failure: Failure };

interface Pending {
  readonly id: number;
  readonly resolve: (outcome: CallOutcome) => void;
  readonly timer: NodeJS.Timeout;
  readonly onAbort: () => void;
  readonly signal: AbortSignal;
  readonly isPing: boolean;
}

const STDERR_KEEP = 8192;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function toReply(message: Record<string, unknown>, body: string): RunnerReply | undefined {
  if (message.ok === true) return { ok: true, out: body };
  const error = message.error;
  if (message.ok === false && isRecord(error) && typeof error.kind === 'string' && typeof error.message === 'string') {
    return {
      ok: false,
      error: { kind: error.kind, message: error.message, ...(typeof error.line === 'number' && { line: error.line }) },
      logs: typeof message.logs === 'string' ? message.logs : '[]',
    };
  }
  return undefined;
}

export class SandboxProcess {
  readonly ready: Promise<boolean>;
  runs = 0;
  private readonly child: ChildProcess;
  private readonly reader: FrameReader;
  private pending: Pending | undefined;
  private stderr = '';
  private nextId = 1;
  private exited = false;
  private killedFor: Failure | undefined;

  constructor(spec: LaunchSpec, maxFrameBytes: number) {
    this.reader = new FrameReader(maxFrameBytes);
    this.child = spawn(spec.command, [...spec.args], { env: {}, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    let markReady: (ok: boolean) => void = () => undefined;
    this.ready = new Promise((resolve) => { markReady = resolve; });
    this.child.stdout?.on('data', (chunk: Buffer) => {
      for (const event of this.reader.push(chunk)) {
        if (event.kind === 'tooLarge') { this.fail({ kind: 'outputTooLarge', bytes: event.bytes }); return; }
        if (event.kind === 'invalid') { this.fail({ kind: 'crashed', detail: 'sandbox sent an invalid message' }); return; }
        const message = event.message;
        if (!isRecord(message)) continue;
        if (message.t === 'ready') markReady(true);
        else this.onMessage(message, event.body);
      }
    });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-STDERR_KEEP);
    });
    this.child.stdin?.on('error', () => undefined);
    this.child.on('error', (error) => { this.stderr += String(error.message); });
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      markReady(false);
      const pending = this.pending;
      if (pending === undefined) return;
      this.settle(pending, { kind: 'failure', failure: this.killedFor ?? this.exitFailure(code, signal) });
    });
  }

  get alive(): boolean {
    return !this.exited && this.killedFor === undefined;
  }

  get busy(): boolean {
    return this.pending !== undefined;
  }

  /** Sends a run request; resolves within `timeoutMs` (the process is killed if it does not answer in time). */
  call(request: { code: string; mode: string; payload: string }, timeoutMs: number, signal: AbortSignal): Promise<CallOutcome> {
    this.runs += 1;
    return this.send({ t: 'run', code: request.code, mode: request.mode }, timeoutMs, signal, false, { kind: 'timeout' }, request.payload);
  }

  /** Proves the event loop is free again (no leftover microtask loop); kills the process if not. */
  async ping(timeoutMs: number): Promise<boolean> {
    const outcome = await this.send({ t: 'ping' }, timeoutMs, new AbortController().signal, true, { kind: 'crashed', detail: 'sandbox stopped answering' });
    return outcome.kind === 'reply';
  }

  kill(): void {
    if (this.killedFor === undefined) this.killedFor = { kind: 'crashed', detail: 'sandbox closed' };
    this.child.kill('SIGKILL');
  }

  private send(message: Record<string, unknown>, timeoutMs: number, signal: AbortSignal, isPing: boolean, onTimeout: Failure, body = ''): Promise<CallOutcome> {
    if (!this.alive) return Promise.resolve({ kind: 'failure', failure: { kind: 'crashed', detail: 'sandbox process is not running' } });
    if (this.pending !== undefined) throw new Error('sandbox process is busy');
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.fail(onTimeout), timeoutMs);
      const onAbort = (): void => this.fail({ kind: 'aborted' });
      this.pending = { id, resolve, timer, onAbort, signal, isPing };
      if (signal.aborted) { this.fail({ kind: 'aborted' }); return; }
      signal.addEventListener('abort', onAbort, { once: true });
      this.child.stdin?.write(encodeFrame({ ...message, id }, body));
    });
  }

  private onMessage(message: Record<string, unknown>, body: string): void {
    const pending = this.pending;
    if (pending === undefined || message.id !== pending.id) return;
    if (pending.isPing) {
      if (message.t === 'pong') this.settle(pending, { kind: 'reply', reply: { ok: true, out: '' } });
      return;
    }
    const reply = message.t === 'done' ? toReply(message, body) : undefined;
    if (reply === undefined) { this.fail({ kind: 'crashed', detail: 'sandbox sent an unexpected message' }); return; }
    this.settle(pending, { kind: 'reply', reply });
  }

  private settle(pending: Pending, outcome: CallOutcome): void {
    if (this.pending !== pending) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    pending.signal.removeEventListener('abort', pending.onAbort);
    pending.resolve(outcome);
  }

  /** Kills the process and settles the current call with `failure` immediately (no wait for the exit event). */
  private fail(failure: Failure): void {
    if (this.killedFor === undefined) this.killedFor = failure;
    this.child.kill('SIGKILL');
    const pending = this.pending;
    if (pending !== undefined) this.settle(pending, { kind: 'failure', failure });
  }

  private exitFailure(code: number | null, signal: NodeJS.Signals | null): Failure {
    if (/heap limit|out of memory|Allocation failed|invalid (array|table) size/i.test(this.stderr) || signal === 'SIGABRT' || signal === 'SIGTRAP') {
      return { kind: 'memory' };
    }
    const tail = this.stderr.trim().split('\n').slice(-3).join(' ').slice(0, 300);
    return { kind: 'crashed', detail: `sandbox process exited (${signal ?? `code ${String(code)}`})${tail ? `: ${tail}` : ''}` };
  }
}
