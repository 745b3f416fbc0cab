/**
 * The execution queue contract. The in-process queue (`createInProcessQueue`) runs jobs in this process with a
 * concurrency limit and a bounded backlog; the BullMQ queue (`createBullQueue`, queue mode) keeps jobs in Redis
 * and runs them in worker processes. A job is only an execution id (plus where to send its answer): the store
 * holds everything else, so a lost job is recovered from the store (`ExecutionService.recover`/`reconcile`).
 * The BullMQ queue holds at most one job per execution id: enqueueing an id that is already waiting, delayed or
 * running there is a no-op.
 */

export interface QueueJob {
  readonly executionId: string;
  /** Queue mode: the reply address of the process that waits for this run's answer (webhook lastNode/respondNode). */
  readonly replyTo?: string;
}

/** What a processor asks of the queue when it returns: nothing (done), or run the same job again at `runAgainAt`. */
export type JobOutcome = { readonly runAgainAt: number } | undefined;

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

/**
 * Runs one job. A rejection is logged; the in-process queue drops the job, the BullMQ queue retries it a few
 * times with back-off (the store stays the source of truth either way).
 */
export type JobProcessor = (job: QueueJob) => Promise<JobOutcome | void>;

export interface Queue {
  /** True when jobs may run in other processes (queue mode): answers and cancels then travel through Redis. */
  readonly distributed: boolean;
  /**
   * Admission check without side effects: would a new job be refused? The execution service asks this before it
   * stores a new execution, so a refused request stores nothing.
   */
  admission(): EnqueueResult;
  /**
   * Queues a job. `force` skips the backlog bound (used for executions already stored: recovery, wake-ups, and
   * admissions that passed `admission()` just before), so a stored execution is never dropped. `runAt` delays
   * the job until then (a parked execution's wake-up).
   */
  enqueue(job: QueueJob, options?: { readonly force?: boolean; readonly runAt?: number }): Promise<EnqueueResult>;
  stats(): QueueStats;
  /** Resolves when the queue answers (healthz). */
  ping(): Promise<void>;
  /**
   * Stops taking jobs (enqueue → closed), drops the not-started backlog (those executions stay `queued` in the
   * store and are recovered on the next start), and resolves when running jobs finished or `graceMs` passed.
   * Returns how many jobs were still running at the deadline.
   */
  close(graceMs: number): Promise<{ readonly stillRunning: number }>;
  /** After `close`: waits for the jobs still running to return, then releases connections. */
  dispose(): Promise<void>;
}
