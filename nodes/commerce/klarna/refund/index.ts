import { z } from 'zod';
import { defineNode } from '../../../sdk/index.js';
import { idFromLocation, klarnaRequest } from '../client.js';
import { klarnaCredential } from '../credentials.js';
import { formatMinorUnits, toMinorUnits } from '../money.js';
import { klarnaAmount, klarnaCurrency, klarnaDescription, klarnaOrderId } from '../order-params.js';

const params = z.object({
  orderId: klarnaOrderId,
  amount: klarnaAmount,
  currency: klarnaCurrency,
  description: klarnaDescription,
  reference: z.string().trim().min(1).max(255).optional().meta({ title: 'Reference', description: 'Your reference for this refund (e.g. the return number)' }),
});

/**
 * `POST /ordermanagement/v1/orders/{orderId}/refunds` `{ refunded_amount, description?, reference? }` with
 * `Klarna-Idempotency-Key` derived from the node's idempotency key. Klarna answers 201 with
 * `Location: …/refunds/{refund_id}`. Output: `{ orderId, refundId, refundedAmount (minor units), amount,
 * currency, location }`.
 */
export default defineNode({
  type: 'klarna.refund',
  version: 1,
  displayName: 'Klarna: Refund Order',
  description: 'Refunds an amount of a captured Klarna order (Order Management)',
  group: 'commerce',
  params,
  credentials: { klarna: { type: klarnaCredential, required: true } },
  translations: {
    de: {
      displayName: 'Klarna: Bestellung erstatten',
      description: 'Erstattet einen Betrag einer eingezogenen Klarna-Bestellung (Order Management)',
      params: {
        orderId: { label: 'Bestell-ID', description: 'Klarna order_id' },
        amount: { label: 'Betrag', description: 'In Haupteinheiten, z. B. 19.99 (an Klarna als 1999 Cent, ohne Rundungsfehler)' },
        currency: { label: 'Währung', description: 'Währung der Bestellung (ISO 4217); bestimmt die Nachkommastellen' },
        description: { label: 'Beschreibung' },
        reference: { label: 'Referenz', description: 'Ihre Referenz für diese Erstattung (z. B. die Retourennummer)' },
      },
    },
  },
  async run(ctx) {
    const { orderId, amount, currency, description, reference } = ctx.params;
    const refundedAmount = toMinorUnits(amount, currency, 'amount');
    const credential = await ctx.credential('klarna');
    const response = await klarnaRequest(ctx.http, credential, {
      method: 'POST',
      path: `/ordermanagement/v1/orders/${encodeURIComponent(orderId)}/refunds`,
      body: {
        refunded_amount: refundedAmount,
        ...(description !== undefined && { description }),
        ...(reference !== undefined && { reference }),
      },
      idempotencyKey: ctx.idempotencyKey,
      action: `Klarna refund of ${formatMinorUnits(refundedAmount, currency)} ${currency} on order ${orderId}`,
      resourceParam: 'orderId',
      fieldParams: { refunded_amount: 'amount', description: 'description', reference: 'reference' },
    });
    const location = response.headers.location;
    return {
      orderId,
      refundId: response.headers['refund-id'] ?? idFromLocation(location) ?? null,
      refundedAmount,
      amount: formatMinorUnits(refundedAmount, currency),
      currency,
      location: location ?? null,
    };
  },
});
