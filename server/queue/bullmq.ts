import { DelayedError, Queue as BullQueue, Worker, type Job } from 'bullmq';
import { z } from 'zod';
import { redisConnection } from './redis.js';
import type { EnqueueResult, JobProcessor, Queue, QueueJob, QueueStats } from './types.js';

export interface BullQueueOptions {
  readonly redisUrl: string;
  /** Redis key prefix of the queue (default `flowwerk`); tests use a unique one each. */
  readonly prefix?: string;
  /** Default `executions`. */
  readonly queueName?: string;
  /** Present in workers: this process takes jobs from Redis and runs them. Absent: producer only (main, webhook). */
  readonly process?: JobProcessor;
  /** Jobs this worker runs at once (default 10). */
  readonly concurrency?: number;
  /** Waiting jobs (cluster-wide) beyond which `admission()` says full (default 1000). */
  readonly maxBacklog?: number;
  readonly retryAfterSeconds?: number;
  /** BullMQ job lock: a worker that stops renewing it for this long is considered dead (default 30 s). */
  readonly lockDurationMs?: number;
  /** How often the cached counts behind `admission()`/`stats()` refresh (default 500 ms). */
  readonly statsIntervalMs?: number;
  readonly onError?: (error: unknown, job?: QueueJob) => void;
}

const jobData = z.object({ executionId: z.string().min(1), replyTo: z.string().min(1).optional() });

/**
 * The execution queue on BullMQ (queue mode). Job id = execution id, so enqueueing an execution that already has
 * a waiting, delayed or active job is a no-op; finished jobs are removed at once (the store keeps the history).
 * A processor's `runAgainAt` moves the job to BullMQ's delayed set (parked runs, leases held elsewhere, shutdown)
 * — no worker sleeps. A job whose worker died is re-delivered by BullMQ's stalled-job check after the lock
 * expires. Admission reads a cached waiting count (one Redis call per `statsIntervalMs`, not per request).
 */
export function createBullQueue(options: BullQueueOptions): Queue {
  const prefix = options.prefix ?? 'flowwerk';
  const name = options.queueName ?? 'executions';
  const concurrency = Math.max(1, options.concurrency ?? 10);
  const maxBacklog = Math.max(0, options.maxBacklog ?? 1000);
  const retryAfterSeconds = options.retryAfterSeconds ?? 1;
  const lockDuration = options.lockDurationMs ?? 30_000;
  const report = (error: unknown, job?: QueueJob): void => options.onError?.(error, job);

  const connection = redisConnection(options.redisUrl, 'command', 'flowwerk-queue');
  connection.on('error', (error) => report(error));
  const queue = new BullQueue(name, { connection, prefix });
  queue.on('error', (error) => report(error));

  let closed = false;
  let running = 0;
  let counts = { waiting: 0, active: 0, delayed: 0 };
  let refreshing: Promise<void> | undefined;

  const refresh = (): Promise<void> =>
    (refreshing ??= queue
      .getJobCounts('waiting', 'prioritized', 'active', 'delayed')
      .then((fresh) => {
        counts = { waiting: (fresh.waiting ?? 0) + (fresh.prioritized ?? 0), active: fresh.active ?? 0, delayed: fresh.delayed ?? 0 };
      })
      .catch((error: unknown) => report(error))
      .finally(() => {
        refreshing = undefined;
      }));
  void refresh();
  const statsTimer = setInterval(() => void refresh(), options.statsIntervalMs ?? 500);
  statsTimer.unref();

  let worker: Worker | undefined;
  const processor = options.process;
  if (processor !== undefined) {
    const workerConnection = redisConnection(options.redisUrl, 'blocking', 'flowwerk-worker');
    workerConnection.on('error', (error) => report(error));
    worker = new Worker(
      name,
      async (job: Job, token?: string) => {
        const data = jobData.parse(job.data);
        running++;
        let runAgainAt: number | undefined;
        try {
          runAgainAt = (await processor(data))?.runAgainAt;
        } finally {
          running--;
        }
        if (runAgainAt !== undefined) {
          await job.moveToDelayed(Math.max(runAgainAt, Date.now()), token);
          throw new DelayedError();
        }
      },
      {
        connection: workerConnection,
        prefix,
        concurrency,
        lockDuration,
        stalledInterval: Math.max(1000, Math.floor(lockDuration / 2)),
        maxStalledCount: 10,
      },
    );
    worker.on('error', (error) => report(error));
    worker.on('failed', (job, error) => {
      const parsed = jobData.safeParse(job?.data);
      report(error, parsed.success ? parsed.data : undefined);
    });
  }
  let workerClosing: Promise<void> | undefined;

  function admission(): EnqueueResult {
    if (closed) return { status: 'closed' };
    if (counts.waiting >= maxBacklog) return { status: 'full', retryAfterSeconds };
    return { status: 'queued' };
  }

  return {
    distributed: true,
    admission,
    async enqueue(job, enqueueOptions) {
      const verdict = admission();
      if (verdict.status === 'closed') return verdict;
      if (verdict.status === 'full' && enqueueOptions?.force !== true) return verdict;
      const delay = enqueueOptions?.runAt === undefined ? 0 : Math.max(0, enqueueOptions.runAt - Date.now());
      await queue.add('run', { executionId: job.executionId, ...(job.replyTo !== undefined && { replyTo: job.replyTo }) }, {
        jobId: job.executionId,
        ...(delay > 0 && { delay }),
        removeOnComplete: true,
        removeOnFail: true,
        // Processor errors (store unreachable, ...) are retried; a job that still fails is left to recovery.
        attempts: 5,
        backoff: { type: 'exponential', delay: 1000 },
      });
      if (delay === 0) counts = { ...counts, waiting: counts.waiting + 1 };
      return { status: 'queued' };
    },
    stats(): QueueStats {
      return { running: worker === undefined ? counts.active : running, backlog: counts.waiting, concurrency, maxBacklog };
    },
    async ping() {
      await connection.ping();
    },
    async close(graceMs) {
      closed = true;
      clearInterval(statsTimer);
      // Stops taking jobs; resolves once the running processors returned.
      workerClosing ??= worker?.close() ?? Promise.resolve();
      if (running > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([workerClosing, new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, graceMs))))]);
        clearTimeout(timer);
      }
      return { stillRunning: running };
    },
    async dispose() {
      closed = true;
      clearInterval(statsTimer);
      await (workerClosing ??= worker?.close() ?? Promise.resolve()).catch((error: unknown) => report(error));
      await refreshing;
      await queue.close().catch((error: unknown) => report(error));
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
