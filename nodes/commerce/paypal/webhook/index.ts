import { z } from 'zod';
import { FatalError, defineNode, isJsonObject, type WebhookSpec } from '../../../sdk/index.js';
import { webhookPathSchema } from '../../../webhook/path.js';
import { paypalWebhookCredential, paypalWebhookCredentialSchema } from '../credentials.js';
import { PAYPAL_HEADERS, verifyPaypalSignature } from './signature.js';

const params = z.object({
  path: webhookPathSchema.meta({
    title: 'Path',
    description: 'Called as /webhook/<path>; register that URL as the webhook in the PayPal app',
    examples: ['paypal'],
  }),
  eventTypes: z
    .array(z.string().trim().regex(/^[A-Z0-9_.]+(\.\*)?$|^\*$/, 'an event type like PAYMENT.CAPTURE.COMPLETED, PAYMENT.CAPTURE.* or *'))
    .default([])
    .meta({
      title: 'Event types',
      description: 'Only these start a run (PAYMENT.CAPTURE.* matches a prefix); empty: every event. Others are acknowledged and dropped.',
      examples: [['PAYMENT.CAPTURE.COMPLETED', 'PAYMENT.CAPTURE.REFUNDED']],
    }),
});

type Params = z.output<typeof params>;

export function eventTypeMatches(eventType: string, patterns: readonly string[]): boolean {
  if (patterns.length === 0) return true;
  return patterns.some((pattern) =>
    pattern === '*' || pattern === eventType || (pattern.endsWith('.*') && eventType.startsWith(pattern.slice(0, -1))));
}

/** Listens on POST /webhook/<path>; every delivery is checked with the credential's certificate before it is stored. */
function paypalWebhookSpec(p: Params): WebhookSpec {
  return {
    path: p.path,
    method: 'POST',
    responseMode: 'onReceived',
    auth: { type: 'none' },
    eventIdHeader: PAYPAL_HEADERS.id,
    verify: async (call, tools) => {
      const data = await tools.credential('paypalWebhook', paypalWebhookCredential.type);
      const parsed = paypalWebhookCredentialSchema.safeParse(data);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(`the paypalWebhook credential is invalid (${issue?.path.join('.') ?? 'data'}: ${issue?.message ?? 'unreadable'})`);
      }
      return verifyPaypalSignature(call, parsed.data);
    },
  };
}

/**
 * Trigger for PayPal webhooks. The server verifies `PAYPAL-TRANSMISSION-SIG` (SHA256withRSA over
 * `transmissionId|transmissionTime|webhookId|crc32(rawBody)`) against the `paypalWebhook` credential before the
 * run is accepted: a bad or missing signature answers 401 and stores nothing. A repeated `PAYPAL-TRANSMISSION-ID`
 * starts no second run. Output: the PayPal event as sent (`id`, `event_type`, `resource_type`, `resource`, ...);
 * events whose type is not in `eventTypes` end the run without output.
 */
export default defineNode({
  type: 'paypal.webhook',
  version: 1,
  displayName: 'PayPal: Webhook',
  description: 'Starts the workflow when PayPal sends a signed webhook event (e.g. PAYMENT.CAPTURE.COMPLETED)',
  group: 'commerce',
  inputs: [],
  params,
  credentials: { paypalWebhook: { type: paypalWebhookCredential, required: true } },
  trigger: { kind: 'webhook', webhook: paypalWebhookSpec },
  translations: {
    de: {
      displayName: 'PayPal: Webhook',
      description: 'Startet den Workflow, wenn PayPal ein signiertes Webhook-Ereignis sendet (z. B. PAYMENT.CAPTURE.COMPLETED)',
      params: {
        path: { label: 'Pfad', description: 'Aufruf als /webhook/<Pfad>; diese URL in der PayPal-App als Webhook eintragen' },
        eventTypes: {
          label: 'Ereignistypen',
          description: 'Nur diese starten einen Lauf (PAYMENT.CAPTURE.* passt als Präfix); leer: alle. Andere werden bestätigt und verworfen.',
        },
      },
    },
  },
  run(ctx) {
    const body = ctx.item.json.body;
    if (!isJsonObject(body) || typeof body.event_type !== 'string') {
      throw new FatalError('the PayPal webhook body is not an event (no event_type)', { code: 'PAYPAL_EVENT_INVALID' });
    }
    if (!eventTypeMatches(body.event_type, ctx.params.eventTypes)) {
      ctx.logger.info('PayPal event ignored by the event type filter', { eventType: body.event_type, id: body.id ?? null });
      return null;
    }
    return body;
  },
});
