/**
 * The execution queue contract. The in-process queue (`createInProcessQueue`) runs jobs in this process with a
 * concurrency limit and a bounded backlog; a BullMQ queue (queue mode) fills the same interface later, with the
 * processor running in worker processes. A job is only an execution id: the store holds everything else, so a
 * lost job is recovered from the store (`ExecutionService.recover`).
 */

export interface QueueJob {
  readonly executionId: string;
}

export type EnqueueResult =
  | { readonly status: 'queued' }
  /** Backlog full: nothing was queued; answer 429 with `Retry-After: retryAfterSeconds`. */
  | { readonly status: 'full'; readonly retryAfterSeconds: number }
  /** The queue is closing (drain): answer 503. */
  | { readonly status: 'closed' };

export interface QueueStats {
  readonly running: number;
  readonly backlog: number;
  readonly concurrency: number;
  readonly maxBacklog: number;
}

/** Runs one job; a rejection is logged by the queue, never retried by it (the execution service owns retries). */
export type JobProcessor = (job: QueueJob) => Promise<void>;

export interface Queue {
  /**
   * Admission check without side effects: would a new job be refused? The execution service asks this before it
   * stores a new execution, so a refused request stores nothing.
   */
  admission(): EnqueueResult;
  /**
   * Queues a job. `force` skips the backlog bound (used for executions already stored: recovery, wake-ups, and
   * admissions that passed `admission()` just before), so a stored execution is never dropped.
   */
  enqueue(job: QueueJob, options?: { readonly force?: boolean }): Promise<EnqueueResult>;
  stats(): QueueStats;
  /** Resolves when the queue answers (healthz). */
  ping(): Promise<void>;
  /**
   * Stops taking jobs (enqueue → closed), drops the not-started backlog (those executions stay `queued` in the
   * store and are recovered on the next start), and resolves when running jobs finished or `graceMs` passed.
   * Returns how many jobs were still running at the deadline.
   */
  close(graceMs: number): Promise<{ readonly stillRunning: number }>;
}
