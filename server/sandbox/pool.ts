import { SandboxProcess } from './sandbox-process.js';
import type { LaunchSpec } from './launch.js';

/**
 * A warm pool of sandbox processes with bounded concurrency.
 * - `size` processes are started at creation and kept running; at most `size` calls run at once, the rest
 *   wait in FIFO order.
 * - A process that failed (killed on timeout/abort/oversized output, crashed, out of memory) is discarded and a
 *   replacement is started at once; a process that served `maxRunsPerProcess` runs is recycled the same way.
 * - After each run the process must answer a ping before it serves again (detects leftover microtask loops).
 */
export interface PoolOptions {
  readonly size: number;
  readonly spec: LaunchSpec;
  readonly maxFrameBytes: number;
  readonly maxRunsPerProcess: number;
  readonly pingTimeoutMs: number;
}

interface Waiter {
  readonly resolve: (process: SandboxProcess) => void;
  readonly reject: (error: Error) => void;
}

export class PoolClosedError extends Error {
  constructor() {
    super('the code sandbox is closed');
    this.name = 'PoolClosedError';
  }
}

export class SandboxPool {
  private readonly idle: SandboxProcess[] = [];
  private readonly all = new Set<SandboxProcess>();
  private readonly waiters: Waiter[] = [];
  private closed = false;

  constructor(private readonly options: PoolOptions) {
    for (let i = 0; i < options.size; i++) this.start();
  }

  /** Resolves with a ready, idle process reserved for the caller; `release` must follow. */
  acquire(signal: AbortSignal): Promise<SandboxProcess> {
    if (this.closed) return Promise.reject(new PoolClosedError());
    for (let ready = this.idle.shift(); ready !== undefined; ready = this.idle.shift()) {
      if (ready.alive) return Promise.resolve(ready);
      this.discard(ready);
      this.start();
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve: (process) => { signal.removeEventListener('abort', onAbort); resolve(process); },
        reject: (error) => { signal.removeEventListener('abort', onAbort); reject(error); },
      };
      const onAbort = (): void => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** Returns a process after a call: healthy ones go back to the pool, others are replaced. */
  release(process: SandboxProcess): void {
    if (this.closed) { this.discard(process); return; }
    if (!process.alive || process.runs >= this.options.maxRunsPerProcess) {
      this.discard(process);
      this.start();
      return;
    }
    void process.ping(this.options.pingTimeoutMs).then((ok) => {
      if (ok && process.alive && !this.closed) this.offer(process);
      else { this.discard(process); if (!this.closed) this.start(); }
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter.reject(new PoolClosedError());
    for (const process of this.all) process.kill();
    this.all.clear();
    this.idle.length = 0;
  }

  private start(): void {
    const process = new SandboxProcess(this.options.spec, this.options.maxFrameBytes);
    this.all.add(process);
    void process.ready.then((ok) => {
      if (this.closed) { this.discard(process); return; }
      if (ok) this.offer(process);
      else {
        this.discard(process);
        // A process that cannot even start: fail waiters instead of spinning.
        for (const waiter of this.waiters.splice(0)) waiter.reject(new Error('sandbox process failed to start'));
      }
    });
  }

  private offer(process: SandboxProcess): void {
    const waiter = this.waiters.shift();
    if (waiter !== undefined) waiter.resolve(process);
    else this.idle.push(process);
  }

  private discard(process: SandboxProcess): void {
    this.all.delete(process);
    const index = this.idle.indexOf(process);
    if (index >= 0) this.idle.splice(index, 1);
    if (process.alive) process.kill();
  }
}
