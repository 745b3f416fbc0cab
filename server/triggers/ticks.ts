import { Cron } from 'croner';
import type { ScheduleSpec } from '../../nodes/sdk/index.js';

/**
 * Tick arithmetic for a schedule: `everySeconds` ticks sit on multiples of the interval since the epoch (so every
 * process computes the same ticks); cron ticks come from croner in the given time zone.
 */
export interface TickSource {
  /** The first tick strictly after `after` (epoch ms), or undefined when the pattern has no more. */
  next(after: number): number | undefined;
}

export function tickSource(spec: ScheduleSpec, defaultTimezone: string | undefined): TickSource {
  if (spec.everySeconds !== undefined) {
    const interval = spec.everySeconds * 1000;
    return { next: (after) => Math.floor(after / interval) * interval + interval };
  }
  if (spec.cron === undefined) throw new Error('a schedule needs cron or everySeconds');
  const timezone = spec.timezone ?? defaultTimezone;
  const cron = new Cron(spec.cron, { ...(timezone !== undefined && { timezone }), paused: true });
  return {
    next(after) {
      const date = cron.nextRun(new Date(after));
      return date === null ? undefined : date.getTime();
    },
  };
}

/** The latest tick in (after, until], or undefined. Walks at most `maxSteps` ticks (then returns the last seen). */
export function latestTickBetween(source: TickSource, after: number, until: number, maxSteps = 100_000): number | undefined {
  let latest: number | undefined;
  let cursor = after;
  for (let step = 0; step < maxSteps; step++) {
    const tick = source.next(cursor);
    if (tick === undefined || tick > until) return latest;
    latest = tick;
    cursor = tick;
  }
  return latest;
}
