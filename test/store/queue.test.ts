import { describe, expect, it } from 'vitest';
import { createInProcessQueue } from '../../server/queue/in-process.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('in-process queue', () => {
  it('runs at most `concurrency` jobs, in order, and reports full beyond the backlog', async () => {
    const gates = new Map<string, { promise: Promise<void>; resolve: () => void }>();
    const started: string[] = [];
    const queue = createInProcessQueue({
      concurrency: 2,
      maxBacklog: 2,
      retryAfterSeconds: 3,
      process: async (job) => {
        started.push(job.executionId);
        const gate = deferred();
        gates.set(job.executionId, gate);
        await gate.promise;
      },
    });
    for (const id of ['a', 'b', 'c', 'd']) expect(await queue.enqueue({ executionId: id })).toEqual({ status: 'queued' });
    expect(started).toEqual(['a', 'b']);
    expect(queue.stats()).toEqual({ running: 2, backlog: 2, concurrency: 2, maxBacklog: 2 });
    expect(queue.admission()).toEqual({ status: 'full', retryAfterSeconds: 3 });
    expect(await queue.enqueue({ executionId: 'e' })).toEqual({ status: 'full', retryAfterSeconds: 3 });
    expect(await queue.enqueue({ executionId: 'forced' }, { force: true })).toEqual({ status: 'queued' });
    gates.get('a')?.resolve();
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual(['a', 'b', 'c']);
    for (const id of ['b', 'c']) gates.get(id)?.resolve();
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual(['a', 'b', 'c', 'd', 'forced']);
    const closing = queue.close(5_000);
    expect(await queue.enqueue({ executionId: 'late' }, { force: true })).toEqual({ status: 'closed' });
    for (const id of ['d', 'forced']) gates.get(id)?.resolve();
    expect(await closing).toEqual({ stillRunning: 0 });
  });

  it('close drops the backlog and reports jobs still running at the deadline', async () => {
    const started: string[] = [];
    const queue = createInProcessQueue({ concurrency: 1, process: async (job) => { started.push(job.executionId); await new Promise(() => undefined); } });
    await queue.enqueue({ executionId: 'a' });
    await queue.enqueue({ executionId: 'b' });
    expect(await queue.close(10)).toEqual({ stillRunning: 1 });
    expect(started).toEqual(['a']);
    expect(queue.stats().backlog).toBe(0);
  });

  it('reports a processor failure and goes on', async () => {
    const errors: string[] = [];
    const done: string[] = [];
    const queue = createInProcessQueue({
      concurrency: 1,
      process: async (job) => {
        if (job.executionId === 'bad') throw new Error('boom');
        done.push(job.executionId);
      },
      onError: (error, job) => errors.push(`${job.executionId}: ${String(error)}`),
    });
    await queue.enqueue({ executionId: 'bad' });
    await queue.enqueue({ executionId: 'good' });
    await queue.close(1_000);
    expect(errors).toEqual(['bad: Error: boom']);
    expect(done).toEqual(['good']);
  });
});
