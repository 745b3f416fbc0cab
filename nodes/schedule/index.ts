import { z } from 'zod';
import { defineNode } from '../sdk/index.js';
import type { ScheduleSpec } from '../sdk/index.js';
import { cronProblem, isValidTimezone } from './validation.js';

export const scheduleParams = z
  .object({
    cron: z
      .string()
      .superRefine((expression, ctx) => {
        const problem = cronProblem(expression);
        if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional()
      .meta({ title: 'Cron', description: 'e.g. `0 7 * * 1-5` (07:00 on weekdays); 6 fields add seconds', examples: ['0 7 * * 1-5'] }),
    everySeconds: z
      .int()
      .min(1)
      .max(366 * 86_400)
      .optional()
      .meta({ title: 'Every (seconds)', description: 'A fixed interval instead of a cron expression' }),
    timezone: z
      .string()
      .refine(isValidTimezone, { message: 'must be an IANA time zone such as Europe/Berlin' })
      .optional()
      .meta({ title: 'Time zone', description: 'For cron; default the workflow\'s time zone, else the server\'s' }),
    missed: z
      .enum(['skip', 'runOnce'])
      .default('skip')
      .meta({ title: 'Missed ticks', description: 'While the server was down: skip them, or run once on start-up' }),
  })
  .refine((p) => (p.cron === undefined) !== (p.everySeconds === undefined), {
    message: 'set exactly one of `cron` and `everySeconds`',
    path: ['cron'],
  });

export function scheduleSpec(p: z.output<typeof scheduleParams>): ScheduleSpec {
  return {
    missed: p.missed,
    ...(p.cron !== undefined && { cron: p.cron }),
    ...(p.everySeconds !== undefined && { everySeconds: p.everySeconds }),
    ...(p.timezone !== undefined && { timezone: p.timezone }),
  };
}

/**
 * Trigger on a cron expression or a fixed interval, served by the server. Output: one item `{ firedAt }` (ISO
 * time of the tick) — the host's item passed on, or, when started without one (a test run), the current time.
 */
export default defineNode({
  type: 'schedule',
  version: 1,
  displayName: 'Schedule',
  description: 'Starts the workflow on a cron schedule or every N seconds',
  group: 'trigger',
  inputs: [],
  params: scheduleParams,
  trigger: { kind: 'schedule', schedule: scheduleSpec },
  translations: {
    de: {
      displayName: 'Zeitplan',
      description: 'Startet den Workflow nach Cron-Ausdruck oder alle N Sekunden',
      params: {
        cron: { label: 'Cron', description: 'z. B. `0 7 * * 1-5` (werktags 07:00); 6 Felder erlauben Sekunden' },
        everySeconds: { label: 'Alle (Sekunden)', description: 'Festes Intervall statt Cron-Ausdruck' },
        timezone: { label: 'Zeitzone', description: 'Für Cron; sonst die Zeitzone des Workflows bzw. des Servers' },
        missed: { label: 'Verpasste Termine', description: 'Während der Server aus war: überspringen oder beim Start einmal ausführen' },
      },
    },
  },
  run: (ctx) => {
    const { json, binary } = ctx.item;
    if (typeof json.firedAt === 'string' && binary === undefined) return json;
    const firedAt = typeof json.firedAt === 'string' ? json.firedAt : new Date(ctx.now()).toISOString();
    return ctx.emit({ ...json, firedAt }, binary === undefined ? {} : { binary });
  },
});
