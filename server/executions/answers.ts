import type { WebhookResponse } from '../../nodes/sdk/index.js';
import type { RunOutcome } from '../engine/run-record.js';
import type { AwaitMode, ExecutionAnswer } from './types.js';

export type SetTimer = (callback: () => void, ms: number) => { cancel(): void };

/** Real timers that do not keep the process alive; delays beyond setTimeout's range are clamped. */
export const realSetTimer: SetTimer = (callback, ms) => {
  const handle = setTimeout(callback, Math.min(Math.max(0, ms), 2_147_483_647));
  handle.unref();
  return { cancel: () => clearTimeout(handle) };
};

/** The answer a run's outcome gives a waiting caller. */
export function answerOf(executionId: string, outcome: RunOutcome): ExecutionAnswer {
  switch (outcome.status) {
    case 'success':
      return { kind: 'finished', executionId, status: 'success', output: outcome.output.map((item) => item.json) };
    case 'failed':
      return { kind: 'finished', executionId, status: 'failed', output: [], error: outcome.error };
    case 'cancelled':
      return { kind: 'finished', executionId, status: 'cancelled', output: [] };
    case 'waiting':
      return { kind: 'pending', executionId, reason: 'waiting' };
    default: {
      const unreachable: never = outcome;
      throw new Error(`unknown outcome ${JSON.stringify(unreachable)}`);
    }
  }
}

interface Waiter {
  readonly mode: AwaitMode;
  readonly resolve: (answer: ExecutionAnswer) => void;
  readonly timer: { cancel(): void };
}

/**
 * Pending answers for HTTP callers (webhook `lastNode` / `respondNode`). Invariant: each registered answer
 * resolves exactly once — with the respond node's response, the run's end, `pending` when it parks or drains,
 * or `pending: timeout`.
 */
export class Answers {
  private readonly waiters = new Map<string, Waiter>();

  constructor(private readonly setTimer: SetTimer) {}

  register(executionId: string, mode: AwaitMode, timeoutMs: number): Promise<ExecutionAnswer> {
    return new Promise<ExecutionAnswer>((resolve) => {
      const timer = this.setTimer(() => this.settle(executionId, { kind: 'pending', executionId, reason: 'timeout' }), timeoutMs);
      this.waiters.set(executionId, { mode, resolve, timer });
    });
  }

  /** A `respond` node answered: only a respondNode waiter takes it; later calls are ignored. */
  respond(executionId: string, response: WebhookResponse): void {
    if (this.waiters.get(executionId)?.mode !== 'respondNode') return;
    this.settle(executionId, { kind: 'respond', executionId, response });
  }

  ended(executionId: string, outcome: RunOutcome): void {
    if (!this.waiters.has(executionId)) return;
    this.settle(executionId, answerOf(executionId, outcome));
  }

  /** An answer from another process (queue mode): `respond` only for a respondNode waiter, like `respond`. */
  deliver(answer: ExecutionAnswer): void {
    if (answer.kind === 'respond') this.respond(answer.executionId, answer.response);
    else this.settle(answer.executionId, answer);
  }

  /** The run stopped without an outcome to report (drain, store failure): the caller gets 202. */
  abandon(executionId: string): void {
    this.settle(executionId, { kind: 'pending', executionId, reason: 'waiting' });
  }

  private settle(executionId: string, answer: ExecutionAnswer): void {
    const waiter = this.waiters.get(executionId);
    if (waiter === undefined) return;
    this.waiters.delete(executionId);
    waiter.timer.cancel();
    waiter.resolve(answer);
  }
}
