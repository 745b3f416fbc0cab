import { FlowError } from '../../../nodes/sdk/index.js';

export type AbortKind = 'cancelled' | 'timeout';

/** Thrown inside the executor when the run's signal fires; never reaches node code as a node error. */
export class RunAborted extends Error {
  constructor(readonly kind: AbortKind) {
    super(kind === 'timeout' ? 'execution timed out' : 'execution cancelled');
    this.name = 'RunAborted';
  }
}

export function abortError(kind: AbortKind, timeoutMs: number | undefined): FlowError {
  return kind === 'timeout'
    ? new FlowError('EXECUTION_TIMEOUT', `execution exceeded its time limit of ${timeoutMs ?? 0} ms`)
    : new FlowError('CANCELLED', 'execution cancelled');
}

/** Sleeps `ms`, rejecting with `RunAborted` (via `onAbort`) as soon as `signal` fires. */
export function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Settles like `promise`, or rejects with the signal's reason as soon as it aborts. */
export function raceAbort<T>(promise: PromiseLike<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => { signal.removeEventListener('abort', onAbort); resolve(value); },
      (error: unknown) => { signal.removeEventListener('abort', onAbort); reject(error); },
    );
  });
}

export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
