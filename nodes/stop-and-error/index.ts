import { z } from 'zod';
import { FatalError, defineNode } from '../sdk/index.js';

const params = z.object({
  message: z.string().min(1).max(2000).default('Workflow stopped').meta({ title: 'Message', description: 'May use expressions' }),
  code: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]*$/, 'must be UPPER_SNAKE_CASE, e.g. ORDER_INVALID')
    .max(64)
    .default('STOPPED')
    .meta({ title: 'Error code', description: 'A stable UPPER_SNAKE_CASE code, e.g. ORDER_INVALID' }),
});

/** Fails the run with a FatalError (`code`, `message`, never retried) at the first item that reaches it. */
export default defineNode({
  type: 'stopAndError',
  version: 1,
  displayName: 'Stop and error',
  description: 'Fails the run with a message and an error code',
  group: 'flow',
  params,
  translations: {
    de: {
      displayName: 'Mit Fehler abbrechen',
      description: 'Beendet den Lauf als fehlgeschlagen, mit Meldung und Fehlercode',
      params: { message: { label: 'Meldung', description: 'Darf Ausdrücke enthalten' }, code: { label: 'Fehlercode' } },
    },
  },
  run: (ctx) => {
    throw new FatalError(ctx.params.message, { code: ctx.params.code });
  },
});
