import { z } from 'zod';
import { defineNode } from '../../sdk/index.js';
import { normaliseShopwareOrder } from '../order/index.js';
import { orderTriggerParams, orderTriggerParamsDe, runOrderTrigger, secretParam } from '../order/trigger.js';

const params = z.object({
  ...orderTriggerParams,
  secret: secretParam.meta({ title: 'Shop secret', description: 'The per-shop secret your app returned at registration' }),
  shop: orderTriggerParams.shop.default('shopware').meta({ title: 'Shop name' }),
});

/**
 * Shopware 6 app webhook `checkout.order.placed` → one item in the common order shape. The server checks
 * `shopware-shop-signature` (hex HMAC-SHA256 of the raw body, preset `shopware`; 401 otherwise) and runs a repeated
 * `X-Shopware-Event-Id` only once (sent by Shopware with the webhook outbox, 6.7.12 opt-in, default from 6.8).
 * Older versions send no such header: there the order history (skipKnownOrders) suppresses a repeated order.
 */
export default defineNode({
  type: 'shopware.orderPlaced',
  version: 1,
  displayName: 'Shopware Order Placed',
  description: 'Starts the workflow when Shopware 6 sends checkout.order.placed; outputs the order in the common shape',
  group: 'commerce',
  inputs: [],
  params,
  trigger: {
    kind: 'webhook',
    webhook: (p) => ({
      path: p.path,
      method: 'POST',
      responseMode: 'onReceived',
      auth: { type: 'hmac', preset: 'shopware', secret: p.secret },
      eventIdHeader: 'X-Shopware-Event-Id',
    }),
  },
  translations: {
    de: {
      displayName: 'Shopware: Bestellung aufgegeben',
      description: 'Startet den Workflow, wenn Shopware 6 checkout.order.placed sendet; gibt die Bestellung in der gemeinsamen Form aus',
      params: {
        ...orderTriggerParamsDe,
        secret: { label: 'Shop-Secret', description: 'Das Secret pro Shop, das Ihre App bei der Registrierung zurückgegeben hat' },
      },
    },
  },
  run: (ctx) => runOrderTrigger(ctx, normaliseShopwareOrder),
});
