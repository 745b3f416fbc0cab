import { describe, expect, it } from 'vitest';
import { testNode } from '../testing/index.js';
import schedule, { scheduleParams, scheduleSpec } from './index.js';

const messages = (params: unknown): string => {
  const result = schedule.params.safeParse(params);
  return result.success ? '' : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n');
};

describe('schedule', () => {
  it('takes exactly one of cron and everySeconds', () => {
    expect(messages({ cron: '0 7 * * 1-5', timezone: 'Europe/Berlin' })).toBe('');
    expect(messages({ everySeconds: 30 })).toBe('');
    expect(messages({})).toContain('set exactly one of `cron` and `everySeconds`');
    expect(messages({ cron: '* * * * *', everySeconds: 5 })).toContain('set exactly one of `cron` and `everySeconds`');
  });

  it('validates the cron expression with croner and the time zone', () => {
    expect(messages({ cron: '61 * * * *' })).toContain("cron: invalid cron expression '61 * * * *': Invalid value for minute: 61");
    expect(messages({ cron: 'every day' })).toContain('cron: invalid cron expression');
    expect(messages({ cron: '@daily' })).toBe('');
    expect(messages({ cron: '*/10 * * * * *' })).toBe('');
    expect(messages({ cron: '0 7 * * *', timezone: 'Mars/Olympus' })).toContain('timezone: must be an IANA time zone');
    expect(messages({ everySeconds: 0 })).toContain('everySeconds');
  });

  it('gives the server its spec', () => {
    expect(scheduleSpec(scheduleParams.parse({ cron: '0 7 * * *', timezone: 'Europe/Berlin' }))).toEqual({
      cron: '0 7 * * *',
      timezone: 'Europe/Berlin',
      missed: 'skip',
    });
    expect(schedule.trigger?.schedule?.(schedule.params.parse({ everySeconds: 60, missed: 'runOnce' }))).toEqual({
      everySeconds: 60,
      missed: 'runOnce',
    });
  });

  it('passes the tick item on', async () => {
    const result = await testNode(schedule, { params: { everySeconds: 60 }, items: [{ firedAt: '2026-11-30T07:00:00.000Z' }] });
    expect(result.outputs.main).toEqual([{ firedAt: '2026-11-30T07:00:00.000Z' }]);
  });

  it('stamps firedAt with the clock when started without a tick (a test run)', async () => {
    const now = Date.parse('2026-12-01T08:30:00.000Z');
    const result = await testNode(schedule, { params: { cron: '30 8 * * *' }, now: () => now });
    expect(result.outputs.main).toEqual([{ firedAt: '2026-12-01T08:30:00.000Z' }]);
  });
});
