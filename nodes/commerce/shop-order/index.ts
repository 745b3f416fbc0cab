import { z } from 'zod';
import { defineNode } from '../../sdk/index.js';
import { webhookAuthSchema } from '../../webhook/auth.js';
import { normaliseGenericOrder } from '../order/index.js';
import { orderTriggerParams, orderTriggerParamsDe, runOrderTrigger } from '../order/trigger.js';

const params = z.object({
  ...orderTriggerParams,
  auth: webhookAuthSchema,
  eventIdHeader: z
    .string()
    .min(1)
    .optional()
    .meta({ title: 'Event id header', description: 'Header identifying a delivery; a repeated id within 24 h starts no run' }),
  shop: orderTriggerParams.shop.default('shop').meta({ title: 'Shop name' }),
});

/**
 * Generic shop webhook: any shop or middleware that posts the common order shape (docs/providers/shops.md) →
 * one item in that shape, validated and normalised. Authentication as the core webhook (none, header, basic or
 * HMAC with a generic header); duplicate suppression by a configurable event id header.
 */
export default defineNode({
  type: 'shop.order',
  version: 1,
  displayName: 'Shop Order (generic)',
  description: 'Starts the workflow when a shop posts an order in the common order shape',
  group: 'commerce',
  inputs: [],
  params,
  trigger: {
    kind: 'webhook',
    webhook: (p) => ({
      path: p.path,
      method: 'POST',
      responseMode: 'onReceived',
      auth: p.auth,
      ...(p.eventIdHeader !== undefined && { eventIdHeader: p.eventIdHeader }),
    }),
  },
  translations: {
    de: {
      displayName: 'Shop-Bestellung (allgemein)',
      description: 'Startet den Workflow, wenn ein Shop eine Bestellung in der gemeinsamen Form sendet',
      params: {
        ...orderTriggerParamsDe,
        auth: { label: 'Authentifizierung', description: 'keine, fester Header, HTTP Basic oder HMAC-Signatur des Bodys' },
        eventIdHeader: { label: 'Header der Ereignis-ID', description: 'Eine wiederholte ID innerhalb von 24 h startet keinen Lauf' },
      },
    },
  },
  run: (ctx) => runOrderTrigger(ctx, normaliseGenericOrder),
});
