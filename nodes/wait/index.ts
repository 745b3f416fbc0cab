import { z } from 'zod';
import { DateTime } from 'luxon';
import { defineNode } from '../sdk/index.js';
import { passAllThrough } from '../noop/pass-through.js';

const params = z
  .object({
    seconds: z
      .number()
      .min(0)
      .max(366 * 86_400)
      .optional()
      .meta({ title: 'Seconds', description: 'How long to wait; long waits park the run instead of holding a worker' }),
    until: z
      .string()
      .refine((text) => DateTime.fromISO(text, { setZone: true }).isValid, {
        message: 'must be an ISO 8601 date-time such as 2026-12-24T18:00:00+01:00',
      })
      .optional()
      .meta({ title: 'Until', description: 'An ISO date-time, e.g. {{ $now.plus({ hours: 2 }).toISO() }}' }),
  })
  .refine((p) => (p.seconds === undefined) !== (p.until === undefined), {
    message: 'set exactly one of `seconds` and `until`',
    path: ['seconds'],
  });

/**
 * Pauses the run, then passes every item on unchanged. Params are read for the first item. A time in the past
 * continues at once. The wait itself is the executor's `waitUntil`: slept when short, parked when long.
 */
export default defineNode({
  type: 'wait',
  version: 1,
  displayName: 'Wait',
  description: 'Pauses the run for some seconds or until a point in time',
  group: 'flow',
  mode: 'allItems',
  params,
  translations: {
    de: {
      displayName: 'Warten',
      description: 'Hält den Lauf für einige Sekunden oder bis zu einem Zeitpunkt an',
      params: {
        seconds: { label: 'Sekunden', description: 'Wartezeit; lange Wartezeiten parken den Lauf, statt einen Worker zu blockieren' },
        until: { label: 'Bis', description: 'Ein ISO-Zeitpunkt, z. B. {{ $now.plus({ hours: 2 }).toISO() }}' },
      },
    },
  },
  run: async (ctx) => {
    const { seconds, until } = ctx.params;
    const now = ctx.now();
    const target = until !== undefined ? DateTime.fromISO(until, { setZone: true }).toMillis() : now + (seconds ?? 0) * 1000;
    await ctx.waitUntil(target);
    return passAllThrough(ctx.items, (json, options) => ctx.emit(json, options));
  },
});
