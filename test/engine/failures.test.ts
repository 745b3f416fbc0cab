import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FatalError, HttpError, RetryAfterError, RetryableError } from '../../nodes/sdk/index.js';
import type { Item } from '../../nodes/sdk/index.js';
import { runWorkflow } from '../../server/engine/index.js';
import type { OnError, RunOptions, RunOutcome } from '../../server/engine/index.js';
import { calls, jsonOf, registry, script, seen, wf } from './fixtures.js';

const retry = { maxAttempts: 4, initialDelayMs: 100, backoff: 2, maxDelayMs: 250, jitter: 0.5 };

function flakyWorkflow(onError: OnError = 'fail') {
  return wf({
    nodes: [{ id: 'start', type: 'test.start' }, { id: 'call', type: 'test.flaky', retry, onError }],
    connections: [{ from: 'start', to: 'call' }],
  });
}

function recorder(): { delays: number[]; sleep: NonNullable<RunOptions['sleep']> } {
  const delays: number[] = [];
  return { delays, sleep: async (ms) => { delays.push(ms); } };
}

function networkError(): Error {
  return Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
}

beforeEach(() => {
  calls.clear();
  script.failures = [];
});

describe('retries', () => {
  it('retries retryable errors with capped exponential backoff and jitter', async () => {
    script.failures = [new RetryableError('a'), new RetryableError('b'), new RetryableError('c')];
    const { delays, sleep } = recorder();
    const outcome = await runWorkflow({ workflow: flakyWorkflow(), registry, executionId: 'e', sleep, random: () => 0.5 });
    expect(outcome.status).toBe('success');
    expect(calls.get('call')).toBe(4);
    expect(outcome.record.nodes.call?.attempts).toBe(4);
    // base 100, 200, min(400, 250) = 250; jitter 0.5 · random 0.5 removes a quarter.
    expect(delays).toEqual([75, 150, 188]);
    if (outcome.status === 'success') expect(jsonOf(outcome.output)).toEqual([{ attempt: 4 }]);
  });

  it('honours the delay of RetryAfterError and HTTP Retry-After', async () => {
    script.failures = [new RetryAfterError('slow down', 1234), new HttpError(429, 'Too Many Requests', '', 40)];
    const { delays, sleep } = recorder();
    const outcome = await runWorkflow({ workflow: flakyWorkflow(), registry, executionId: 'e', sleep, random: () => 0 });
    expect(outcome.status).toBe('success');
    expect(delays).toEqual([1234, 40]);
  });

  it('retries 5xx and network errors', async () => {
    script.failures = [new HttpError(503, 'Unavailable', 'down'), networkError()];
    const { sleep } = recorder();
    const outcome = await runWorkflow({ workflow: flakyWorkflow(), registry, executionId: 'e', sleep, random: () => 0 });
    expect(outcome.status).toBe('success');
    expect(calls.get('call')).toBe(3);
  });

  it.each([
    ['FatalError', () => new FatalError('no', { code: 'NOPE' }), 'NOPE'],
    ['HTTP 404', () => new HttpError(404, 'Not Found', 'missing'), 'HTTP_ERROR'],
    ['plain Error', () => new Error('bug'), 'NODE_ERROR'],
  ])('does not retry a %s', async (_name, make, code) => {
    script.failures = [make()];
    const { delays, sleep } = recorder();
    const outcome = await runWorkflow({ workflow: flakyWorkflow(), registry, executionId: 'e', sleep });
    expect(outcome.status).toBe('failed');
    expect(calls.get('call')).toBe(1);
    expect(delays).toEqual([]);
    if (outcome.status === 'failed') expect(outcome.error).toMatchObject({ code, node: 'call' });
    expect(outcome.record.nodes.call).toMatchObject({ status: 'failed', attempts: 1, error: { code } });
  });

  it('gives up after maxAttempts with the last error', async () => {
    script.failures = [1, 2, 3, 4, 5].map((n) => new RetryableError(`try ${n}`));
    const { delays, sleep } = recorder();
    const outcome = await runWorkflow({ workflow: flakyWorkflow(), registry, executionId: 'e', sleep, random: () => 0 });
    expect(outcome.status).toBe('failed');
    expect(delays).toHaveLength(3);
    if (outcome.status === 'failed') expect(outcome.error.message).toBe('try 4');
  });

  it('sleeps between tries with the real timer (fake timers)', async () => {
    vi.useFakeTimers();
    try {
      script.failures = [new RetryableError('once')];
      const pending = runWorkflow({ workflow: flakyWorkflow(), registry, executionId: 'e', random: () => 0 });
      await vi.advanceTimersByTimeAsync(99);
      expect(calls.get('call')).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      const outcome = await pending;
      expect(outcome.status).toBe('success');
      expect(calls.get('call')).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('onError', () => {
  const items: Item[] = [{ json: { n: 1 } }, { json: { n: 2, bad: true } }, { json: { n: 3 } }];
  function picky(onError: OnError) {
    return wf({
      nodes: [
        { id: 'start', type: 'test.start' },
        { id: 'check', type: 'test.picky', onError },
        { id: 'good', type: 'test.put', params: { field: 'route', value: 'good' } },
        ...(onError === 'errorOutput' ? [{ id: 'bad', type: 'test.put', params: { field: 'route', value: 'bad' } }] : []),
      ],
      connections: [
        { from: 'start', to: 'check' }, { from: 'check', to: 'good' },
        ...(onError === 'errorOutput' ? [{ from: 'check', output: 'error', to: 'bad' }] : []),
      ],
    });
  }

  it('fail: ends the run at the failing item', async () => {
    const outcome = await runWorkflow({ workflow: picky('fail'), registry, executionId: 'e', triggerItems: items });
    expect(outcome.status).toBe('failed');
    if (outcome.status === 'failed') expect(outcome.error).toMatchObject({ code: 'BAD_ITEM', node: 'check' });
    expect(outcome.record.nodes.good).toBeUndefined();
    expect(calls.get('check')).toBe(2);
  });

  it('continue: passes the failed item on the regular output with json.error', async () => {
    const outcome = await runWorkflow({ workflow: picky('continue'), registry, executionId: 'e', triggerItems: items });
    expect(outcome.status).toBe('success');
    if (outcome.status !== 'success') return;
    expect(jsonOf(outcome.output)).toEqual([
      { n: 1, ok: true, route: 'good' },
      { n: 2, bad: true, error: { code: 'BAD_ITEM', message: 'bad item' }, route: 'good' },
      { n: 3, ok: true, route: 'good' },
    ]);
    expect(outcome.record.nodes.check).toMatchObject({ status: 'failed', error: { code: 'BAD_ITEM' } });
  });

  it('errorOutput: sends the failed item to the error output', async () => {
    const outcome = await runWorkflow({ workflow: picky('errorOutput'), registry, executionId: 'e', triggerItems: items });
    expect(outcome.status).toBe('success');
    if (outcome.status !== 'success') return;
    expect(jsonOf(outcome.record.nodes.good?.outputs.main ?? [])).toEqual([{ n: 1, ok: true, route: 'good' }, { n: 3, ok: true, route: 'good' }]);
    expect(jsonOf(outcome.record.nodes.bad?.outputs.main ?? [])).toEqual([
      { n: 2, bad: true, error: { code: 'BAD_ITEM', message: 'bad item' }, route: 'bad' },
    ]);
  });

  it('errorOutput with no failures skips the error branch', async () => {
    const outcome = await runWorkflow({ workflow: picky('errorOutput'), registry, executionId: 'e', triggerItems: [{ json: { n: 1 } }] });
    expect(outcome.record.nodes.bad?.status).toBe('skipped');
  });
});

describe('parking', () => {
  function clock(start: number): { now: () => number; set: (ms: number) => void } {
    let current = start;
    return { now: () => current, set: (ms) => { current = ms; } };
  }

  it('parks a long retry delay and continues the attempt count on resume', async () => {
    script.failures = [new RetryAfterError('later', 60_000), new RetryableError('again')];
    const time = clock(1_000);
    const { delays, sleep } = recorder();
    const workflow = flakyWorkflow();
    const first = await runWorkflow({ workflow, registry, executionId: 'e', now: time.now, sleep, random: () => 0 });
    expect(first.status).toBe('waiting');
    if (first.status !== 'waiting') return;
    expect(first.resumeAt).toBe(61_000);
    expect(first.record.nodes.call).toMatchObject({ status: 'waiting', attempts: 1, resumeAt: 61_000, progress: { item: 0, attempt: 1, reason: 'retry' } });
    expect(delays).toEqual([]);

    const early = await runWorkflow({ workflow, registry, executionId: 'e', now: time.now, sleep, resumeFrom: first.record });
    expect(early.status).toBe('waiting');
    expect(calls.get('call')).toBe(1);

    time.set(61_000);
    const resumed = await runWorkflow({ workflow, registry, executionId: 'e', now: time.now, sleep, random: () => 0, resumeFrom: first.record });
    expect(resumed.status).toBe('success');
    expect(calls.get('start')).toBe(1);
    expect(resumed.record.nodes.call?.attempts).toBe(3);
    if (resumed.status === 'success') expect(jsonOf(resumed.output)).toEqual([{ attempt: 3 }]);
    expect(delays).toEqual([200]);
  });

  it('parks a long waitUntil and releases it at once on resume', async () => {
    const time = clock(0);
    const { delays, sleep } = recorder();
    const workflow = wf({
      nodes: [{ id: 'start', type: 'test.start' }, { id: 'wait', type: 'test.pause', params: { until: '{{ $now.toMillis() + 3600000 }}' } }],
      connections: [{ from: 'start', to: 'wait' }],
    });
    const first = await runWorkflow({ workflow, registry, executionId: 'e', now: time.now, sleep, triggerItems: [{ json: { a: 1 } }] });
    expect(first).toMatchObject({ status: 'waiting', resumeAt: 3_600_000 });
    time.set(3_600_000);
    const resumed = await runWorkflow({ workflow, registry, executionId: 'e', now: time.now, sleep, resumeFrom: first.record });
    expect(resumed.status).toBe('success');
    if (resumed.status === 'success') expect(jsonOf(resumed.output)).toEqual([{ a: 1 }]);
    expect(delays).toEqual([]);
    expect(calls.get('wait')).toBe(2);
  });

  it('sleeps a short waitUntil', async () => {
    const { delays, sleep } = recorder();
    const workflow = wf({
      nodes: [{ id: 'start', type: 'test.start' }, { id: 'wait', type: 'test.pause', params: { until: 1_500 } }],
      connections: [{ from: 'start', to: 'wait' }],
    });
    const outcome = await runWorkflow({ workflow, registry, executionId: 'e', now: () => 1_000, sleep });
    expect(outcome.status).toBe('success');
    expect(delays).toEqual([500]);
  });
});

describe('cancel and timeout', () => {
  function hangWorkflow(settings?: { timeoutMs: number }) {
    return wf({
      nodes: [{ id: 'start', type: 'test.start' }, { id: 'hang', type: 'test.hang' }, { id: 'after', type: 'test.later' }],
      connections: [{ from: 'start', to: 'hang' }, { from: 'hang', to: 'after' }],
      ...(settings !== undefined && { settings }),
    });
  }

  it('cancels through the signal: the node sees the abort, nothing further runs', async () => {
    const controller = new AbortController();
    const outcome: Promise<RunOutcome> = runWorkflow({
      workflow: hangWorkflow(), registry, executionId: 'e', signal: controller.signal,
      hooks: { onNodeStart: (id) => { if (id === 'hang') setTimeout(() => controller.abort(), 5); } },
    });
    const result = await outcome;
    expect(result.status).toBe('cancelled');
    expect(result.record.status).toBe('cancelled');
    expect(result.record.nodes.hang).toMatchObject({ status: 'failed', error: { code: 'CANCELLED' } });
    expect(calls.get('after')).toBeUndefined();
    expect(seen.signal?.aborted).toBe(true);
  });

  it('fails with EXECUTION_TIMEOUT after timeoutMs (settings or option)', async () => {
    vi.useFakeTimers();
    try {
      const pending = runWorkflow({ workflow: hangWorkflow({ timeoutMs: 1000 }), registry, executionId: 'e' });
      await vi.advanceTimersByTimeAsync(1000);
      const outcome = await pending;
      expect(outcome.status).toBe('failed');
      if (outcome.status === 'failed') expect(outcome.error).toMatchObject({ code: 'EXECUTION_TIMEOUT', node: 'hang' });
      const viaOption = runWorkflow({ workflow: hangWorkflow(), registry, executionId: 'e', timeoutMs: 50 });
      await vi.advanceTimersByTimeAsync(50);
      expect((await viaOption).status).toBe('failed');
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not start when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const outcome = await runWorkflow({ workflow: hangWorkflow(), registry, executionId: 'e', signal: controller.signal });
    expect(outcome.status).toBe('cancelled');
    expect(calls.size).toBe(0);
  });
});

afterEach(() => vi.useRealTimers());
