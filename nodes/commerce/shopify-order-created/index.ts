import { z } from 'zod';
import { defineNode } from '../../sdk/index.js';
import { normaliseShopifyOrder } from '../order/index.js';
import { orderTriggerParams, orderTriggerParamsDe, runOrderTrigger, secretParam } from '../order/trigger.js';

const params = z.object({
  ...orderTriggerParams,
  secret: secretParam.meta({ title: 'Signing secret', description: 'The app\'s client secret, or the signing key shown under Settings › Notifications › Webhooks' }),
  shop: orderTriggerParams.shop.default('shopify').meta({ title: 'Shop name' }),
});

/**
 * Shopify `orders/create` webhook → one item in the common order shape. The server checks `X-Shopify-Hmac-Sha256`
 * (base64 HMAC-SHA256 of the raw body, preset `shopify`) before anything is stored (401 otherwise) and runs a
 * repeated `X-Shopify-Webhook-Id` only once (24 h window).
 */
export default defineNode({
  type: 'shopify.orderCreated',
  version: 1,
  displayName: 'Shopify Order Created',
  description: 'Starts the workflow when Shopify sends orders/create; outputs the order in the common shape',
  group: 'commerce',
  inputs: [],
  params,
  trigger: {
    kind: 'webhook',
    webhook: (p) => ({
      path: p.path,
      method: 'POST',
      responseMode: 'onReceived',
      auth: { type: 'hmac', preset: 'shopify', secret: p.secret },
      eventIdHeader: 'X-Shopify-Webhook-Id',
    }),
  },
  translations: {
    de: {
      displayName: 'Shopify: Bestellung erstellt',
      description: 'Startet den Workflow, wenn Shopify orders/create sendet; gibt die Bestellung in der gemeinsamen Form aus',
      params: {
        ...orderTriggerParamsDe,
        secret: { label: 'Signatur-Schlüssel', description: 'Client-Secret der App oder der Signaturschlüssel unter Einstellungen › Benachrichtigungen › Webhooks' },
      },
    },
  },
  run: (ctx) => runOrderTrigger(ctx, normaliseShopifyOrder),
});
