import type { ExecutionStatus } from '../engine/run-record.js';

/** Callers waiting for an execution to settle (final or parked), resolved once each. */
export class SettledWaiters {
  private readonly waiting = new Map<string, ((status: ExecutionStatus) => void)[]>();

  wait(executionId: string): Promise<ExecutionStatus> {
    return new Promise((resolve) => {
      const list = this.waiting.get(executionId) ?? [];
      list.push(resolve);
      this.waiting.set(executionId, list);
    });
  }

  settle(executionId: string, status: ExecutionStatus): void {
    const list = this.waiting.get(executionId);
    if (list === undefined) return;
    this.waiting.delete(executionId);
    for (const resolve of list) resolve(status);
  }
}
