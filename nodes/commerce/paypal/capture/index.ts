import { z } from 'zod';
import { defineNode, isJsonObject, type JsonObject, type JsonValue } from '../../../sdk/index.js';
import { paypalRequest } from '../client.js';
import { paypalCredential } from '../credentials.js';

const params = z.object({
  orderId: z
    .string()
    .trim()
    .min(1, 'the PayPal order id must not be empty')
    .max(128)
    .meta({ title: 'Order ID', description: 'The approved PayPal order (Orders v2 id, e.g. 5O190127TN364715T)', examples: ['{{ $json.paypalOrderId }}'] }),
});

/** The first capture of the first purchase unit of an Orders v2 `order` body, or null. */
function firstCapture(order: JsonObject): JsonObject | null {
  const units = order.purchase_units;
  const unit = Array.isArray(units) ? units[0] : undefined;
  const payments = isJsonObject(unit) ? unit.payments : undefined;
  const captures = isJsonObject(payments) ? payments.captures : undefined;
  const capture = Array.isArray(captures) ? captures[0] : undefined;
  return isJsonObject(capture) ? capture : null;
}

const field = (object: JsonObject | null, name: string): JsonValue => object?.[name] ?? null;

/**
 * `POST /v2/checkout/orders/{orderId}/capture` with `PayPal-Request-Id` = the node's idempotency key, so retries
 * and resumes never capture twice (PayPal answers the first result again, with 200). Output: `{ orderId, status,
 * captureId, captureStatus, amount: { currency_code, value }, replayed, order }` (`order`: PayPal's full body).
 */
export default defineNode({
  type: 'paypal.capture',
  version: 1,
  displayName: 'PayPal: Capture Order',
  description: 'Captures the payment of an approved PayPal order (Orders v2)',
  group: 'commerce',
  params,
  credentials: { paypal: { type: paypalCredential, required: true } },
  translations: {
    de: {
      displayName: 'PayPal: Bestellung erfassen',
      description: 'Zieht die Zahlung einer freigegebenen PayPal-Bestellung ein (Orders v2)',
      params: { orderId: { label: 'Bestell-ID', description: 'Die freigegebene PayPal-Bestellung (Orders-v2-ID)' } },
    },
  },
  async run(ctx) {
    const credential = await ctx.credential('paypal');
    const { orderId } = ctx.params;
    const response = await paypalRequest(ctx, credential, {
      method: 'POST',
      path: `/v2/checkout/orders/${encodeURIComponent(orderId)}/capture`,
      body: {},
      requestId: ctx.idempotencyKey,
      action: `PayPal capture of order ${orderId}`,
      resourceParam: 'orderId',
    });
    const order = isJsonObject(response.body) ? response.body : {};
    const capture = firstCapture(order);
    return {
      orderId: typeof order.id === 'string' ? order.id : orderId,
      status: field(order, 'status'),
      captureId: field(capture, 'id'),
      captureStatus: field(capture, 'status'),
      amount: field(capture, 'amount'),
      replayed: response.status === 200,
      order,
    };
  },
});
