import { z } from 'zod';
import { defineNode } from '../../sdk/index.js';
import { isWooCommercePing, normaliseWooCommerceOrder } from '../order/index.js';
import { orderTriggerParams, orderTriggerParamsDe, payloadOf, runOrderTrigger, secretParam } from '../order/trigger.js';

const params = z.object({
  ...orderTriggerParams,
  secret: secretParam.meta({ title: 'Signing secret', description: 'The webhook\'s secret (WooCommerce › Settings › Advanced › Webhooks)' }),
  shop: orderTriggerParams.shop.default('woocommerce').meta({ title: 'Shop name' }),
});

/**
 * WooCommerce `order.created` webhook → one item in the common order shape. The server checks
 * `X-WC-Webhook-Signature` (base64 HMAC-SHA256 of the raw body, preset `woocommerce`; 401 otherwise), runs a
 * repeated `X-WC-Webhook-Delivery-ID` only once, and answers WooCommerce's unsigned creation ping
 * (`webhook_id=<id>`) with 200 without starting a run. A ping that reaches the node anyway outputs nothing.
 */
export default defineNode({
  type: 'woocommerce.orderCreated',
  version: 1,
  displayName: 'WooCommerce Order Created',
  description: 'Starts the workflow when WooCommerce sends order.created; outputs the order in the common shape',
  group: 'commerce',
  inputs: [],
  params,
  trigger: {
    kind: 'webhook',
    webhook: (p) => ({
      path: p.path,
      method: 'POST',
      responseMode: 'onReceived',
      auth: { type: 'hmac', preset: 'woocommerce', secret: p.secret },
      eventIdHeader: 'X-WC-Webhook-Delivery-ID',
    }),
  },
  translations: {
    de: {
      displayName: 'WooCommerce: Bestellung erstellt',
      description: 'Startet den Workflow, wenn WooCommerce order.created sendet; gibt die Bestellung in der gemeinsamen Form aus',
      params: {
        ...orderTriggerParamsDe,
        secret: { label: 'Signatur-Schlüssel', description: 'Das Secret des Webhooks (WooCommerce › Einstellungen › Erweitert › Webhooks)' },
      },
    },
  },
  run: (ctx) => (isWooCommercePing(payloadOf(ctx.item.json)) ? null : runOrderTrigger(ctx, normaliseWooCommerceOrder)),
});
