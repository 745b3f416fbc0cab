import { describe, expect, it } from 'vitest';
import { testNode } from '../testing/index.js';
import wait from './index.js';

const T0 = Date.parse('2026-12-01T10:00:00.000Z');

/** A clock that only moves when the executor sleeps (no real time passes). */
function fakeClock() {
  let now = T0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
  };
}

describe('wait', () => {
  it('sleeps short waits, then passes every item on', async () => {
    const clock = fakeClock();
    const result = await testNode(wait, {
      params: { seconds: 3 },
      items: [{ a: 1 }, { a: 2 }],
      now: clock.now,
      sleep: clock.sleep,
    });
    expect(result.status).toBe('success');
    expect(clock.sleeps).toEqual([3000]);
    expect(result.outputs.main).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('parks long waits: the run ends waiting with resumeAt', async () => {
    const clock = fakeClock();
    const result = await testNode(wait, {
      params: { until: '2026-12-01T12:00:00+01:00' },
      now: clock.now,
      sleep: clock.sleep,
      parkAfterMs: 5000,
    });
    expect(result.status).toBe('waiting');
    expect(result.record.resumeAt).toBe(Date.parse('2026-12-01T11:00:00.000Z'));
    expect(clock.sleeps).toEqual([]);
  });

  it('continues at once when until is in the past; until may be an expression', async () => {
    const clock = fakeClock();
    const result = await testNode(wait, {
      params: { until: '{{ $json.at }}' },
      items: [{ at: '2026-01-01T00:00:00Z' }],
      now: clock.now,
      sleep: clock.sleep,
    });
    expect(result.status).toBe('success');
    expect(clock.sleeps).toEqual([]);
  });

  it('takes exactly one of seconds and until, and a real ISO date', async () => {
    const neither = await testNode(wait, {});
    expect(neither.error?.message).toContain('set exactly one of `seconds` and `until`');
    const both = await testNode(wait, { params: { seconds: 1, until: '2026-01-01T00:00:00Z' } });
    expect(both.error?.code).toBe('PARAM_INVALID');
    const bad = await testNode(wait, { params: { until: 'tomorrow' } });
    expect(bad.error).toMatchObject({ code: 'PARAM_INVALID', param: 'until' });
  });
});
