import type { EnqueueResult, JobProcessor, Queue, QueueJob, QueueStats } from './types.js';

export interface InProcessQueueOptions {
  /** Jobs running at once (default 10). */
  readonly concurrency?: number;
  /** Jobs waiting beyond the running ones before `admission()` says full (default 1000). */
  readonly maxBacklog?: number;
  /** Suggested Retry-After when full (default 1 s). */
  readonly retryAfterSeconds?: number;
  readonly process: JobProcessor;
  /** Called with a processor rejection (the job is not retried). */
  readonly onError?: (error: unknown, job: QueueJob) => void;
}

/**
 * FIFO queue in this process. Invariants: at most `concurrency` processors run at once; without `force`, at most
 * `maxBacklog` jobs wait; after `close` nothing new starts.
 */
export function createInProcessQueue(options: InProcessQueueOptions): Queue {
  const concurrency = Math.max(1, options.concurrency ?? 10);
  const maxBacklog = Math.max(0, options.maxBacklog ?? 1000);
  const retryAfterSeconds = options.retryAfterSeconds ?? 1;
  const backlog: QueueJob[] = [];
  let head = 0;
  let running = 0;
  let closed = false;
  const idleWaiters = new Set<() => void>();
  const delayed = new Set<NodeJS.Timeout>();

  /** Pushes `job` at `runAt` (a parked execution's wake-up, or a processor's run-again). */
  function later(job: QueueJob, runAt: number): void {
    const timer = setTimeout(() => {
      delayed.delete(timer);
      if (closed) return;
      backlog.push(job);
      pump();
    }, Math.min(Math.max(0, runAt - Date.now()), 2_147_483_647));
    timer.unref();
    delayed.add(timer);
  }

  const waiting = (): number => backlog.length - head;

  function admission(): EnqueueResult {
    if (closed) return { status: 'closed' };
    if (waiting() >= maxBacklog && running >= concurrency) return { status: 'full', retryAfterSeconds };
    return { status: 'queued' };
  }

  function pump(): void {
    while (!closed && running < concurrency && waiting() > 0) {
      const job = backlog[head];
      backlog[head] = undefined as never;
      head++;
      if (head > 1024 && head * 2 > backlog.length) {
        backlog.splice(0, head);
        head = 0;
      }
      if (job === undefined) continue;
      running++;
      void runJob(job);
    }
    if (running === 0) for (const resolve of idleWaiters) resolve();
  }

  async function runJob(job: QueueJob): Promise<void> {
    try {
      const outcome = await options.process(job);
      if (outcome !== undefined && !closed) later(job, outcome.runAgainAt);
    } catch (error) {
      options.onError?.(error, job);
    } finally {
      running--;
      pump();
    }
  }

  return {
    distributed: false,
    admission,
    async enqueue(job, enqueueOptions) {
      const verdict = admission();
      if (verdict.status === 'closed') return verdict;
      if (verdict.status === 'full' && enqueueOptions?.force !== true) return verdict;
      if (enqueueOptions?.runAt !== undefined && enqueueOptions.runAt > Date.now()) {
        later(job, enqueueOptions.runAt);
        return { status: 'queued' };
      }
      backlog.push(job);
      pump();
      return { status: 'queued' };
    },
    stats(): QueueStats {
      return { running, backlog: waiting(), concurrency, maxBacklog };
    },
    async ping() {},
    async close(graceMs) {
      closed = true;
      for (const timer of delayed) clearTimeout(timer);
      delayed.clear();
      backlog.length = 0;
      head = 0;
      if (running === 0) return { stillRunning: 0 };
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.max(0, graceMs));
        function done(): void {
          clearTimeout(timer);
          idleWaiters.delete(done);
          resolve();
        }
        idleWaiters.add(done);
      });
      return { stillRunning: running };
    },
    async dispose() {},
  };
}
