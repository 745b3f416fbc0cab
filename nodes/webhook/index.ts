import { z } from 'zod';
import { defineNode } from '../sdk/index.js';
import type { WebhookSpec } from '../sdk/index.js';
import { passThrough } from '../noop/pass-through.js';
import { webhookAuthSchema } from './auth.js';
import { webhookPathSchema } from './path.js';

export const webhookParams = z.object({
  path: webhookPathSchema.meta({
    title: 'Path',
    description: 'Called as /webhook/<path>; segments like `:shop` become `params.shop`',
    examples: ['orders', 'orders/:shop'],
  }),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']).default('POST').meta({ title: 'HTTP method' }),
  responseMode: z
    .enum(['onReceived', 'lastNode', 'respondNode'])
    .default('onReceived')
    .meta({
      title: 'Respond',
      description:
        'onReceived: 202 with the execution id once the request is stored; lastNode: the last node\'s output; respondNode: a Respond node answers',
    }),
  auth: webhookAuthSchema,
  eventIdHeader: z
    .string()
    .min(1)
    .optional()
    .meta({ title: 'Event id header', description: 'Header identifying a delivery; a repeated id within the window starts no run' }),
  dedupeWindowSeconds: z
    .int()
    .min(1)
    .max(30 * 86_400)
    .optional()
    .meta({ title: 'Duplicate window (s)', description: 'How long a seen event id suppresses repeats' }),
});

/** The server's listening spec, from the node's static params. */
export function webhookSpec(p: z.output<typeof webhookParams>): WebhookSpec {
  return {
    path: p.path,
    method: p.method,
    responseMode: p.responseMode,
    auth: p.auth,
    ...(p.eventIdHeader !== undefined && { eventIdHeader: p.eventIdHeader }),
    ...(p.dedupeWindowSeconds !== undefined && { dedupeWindowSeconds: p.dedupeWindowSeconds }),
  };
}

/**
 * Trigger on `ANY /webhook/<path>`. Served by the server; here it declares the spec and outputs the items it is
 * started with, one per request: json `{ body, headers, query, params, method }` (binary for uploads).
 */
export default defineNode({
  type: 'webhook',
  version: 1,
  displayName: 'Webhook',
  description: 'Starts the workflow when an HTTP request arrives at /webhook/<path>',
  group: 'trigger',
  inputs: [],
  params: webhookParams,
  trigger: { kind: 'webhook', webhook: webhookSpec },
  translations: {
    de: {
      displayName: 'Webhook',
      description: 'Startet den Workflow, wenn eine HTTP-Anfrage an /webhook/<Pfad> eintrifft',
      params: {
        path: { label: 'Pfad', description: 'Aufruf als /webhook/<Pfad>; Segmente wie `:shop` werden zu `params.shop`' },
        method: { label: 'HTTP-Methode' },
        responseMode: {
          label: 'Antwort',
          description:
            'onReceived: 202 mit der Ausführungs-ID, sobald die Anfrage gespeichert ist; lastNode: Ausgabe des letzten Knotens; respondNode: ein Antworten-Knoten antwortet',
        },
        auth: { label: 'Authentifizierung', description: 'keine, fester Header, HTTP Basic oder HMAC-Signatur des Bodys' },
        eventIdHeader: { label: 'Header der Ereignis-ID', description: 'Eine wiederholte ID innerhalb des Zeitfensters startet keinen Lauf' },
        dedupeWindowSeconds: { label: 'Duplikat-Zeitfenster (s)' },
      },
    },
  },
  run: (ctx) => passThrough(ctx),
});
