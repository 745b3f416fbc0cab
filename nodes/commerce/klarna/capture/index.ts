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
  shippingCompany: z.string().trim().min(1).max(100).optional().meta({ title: 'Shipping company', description: 'e.g. DHL; sent with the tracking number' }),
  trackingNumber: z.string().trim().min(1).max(100).optional().meta({ title: 'Tracking number', description: 'e.g. the DHL shipmentNo of the label' }),
});

/**
 * `POST /ordermanagement/v1/orders/{orderId}/captures` `{ captured_amount, description?, shipping_info? }` with
 * `Klarna-Idempotency-Key` derived from the node's idempotency key (a retry or resume captures once). Klarna
 * answers 201 with `Location: …/captures/{capture_id}`. Output: `{ orderId, captureId, capturedAmount (minor
 * units), amount (major, "19.99"), currency, location }`.
 */
export default defineNode({
  type: 'klarna.capture',
  version: 1,
  displayName: 'Klarna: Capture Order',
  description: 'Captures an amount of an authorized Klarna order (Order Management)',
  group: 'commerce',
  params,
  credentials: { klarna: { type: klarnaCredential, required: true } },
  translations: {
    de: {
      displayName: 'Klarna: Bestellung erfassen',
      description: 'Zieht einen Betrag einer autorisierten Klarna-Bestellung ein (Order Management)',
      params: {
        orderId: { label: 'Bestell-ID', description: 'Klarna order_id aus der Autorisierung' },
        amount: { label: 'Betrag', description: 'In Haupteinheiten, z. B. 19.99 (an Klarna als 1999 Cent, ohne Rundungsfehler)' },
        currency: { label: 'Währung', description: 'Währung der Bestellung (ISO 4217); bestimmt die Nachkommastellen' },
        description: { label: 'Beschreibung' },
        shippingCompany: { label: 'Versanddienstleister', description: 'z. B. DHL; zusammen mit der Sendungsnummer' },
        trackingNumber: { label: 'Sendungsnummer', description: 'z. B. die DHL-Sendungsnummer des Labels' },
      },
    },
  },
  async run(ctx) {
    const { orderId, amount, currency, description, shippingCompany, trackingNumber } = ctx.params;
    const capturedAmount = toMinorUnits(amount, currency, 'amount');
    const credential = await ctx.credential('klarna');
    const response = await klarnaRequest(ctx.http, credential, {
      method: 'POST',
      path: `/ordermanagement/v1/orders/${encodeURIComponent(orderId)}/captures`,
      body: {
        captured_amount: capturedAmount,
        ...(description !== undefined && { description }),
        ...(trackingNumber !== undefined && {
          shipping_info: [{ tracking_number: trackingNumber, ...(shippingCompany !== undefined && { shipping_company: shippingCompany }) }],
        }),
      },
      idempotencyKey: ctx.idempotencyKey,
      action: `Klarna capture of ${formatMinorUnits(capturedAmount, currency)} ${currency} on order ${orderId}`,
      resourceParam: 'orderId',
      fieldParams: { captured_amount: 'amount', shipping_info: 'trackingNumber', description: 'description' },
    });
    const location = response.headers.location;
    return {
      orderId,
      captureId: response.headers['capture-id'] ?? idFromLocation(location) ?? null,
      capturedAmount,
      amount: formatMinorUnits(capturedAmount, currency),
      currency,
      location: location ?? null,
    };
  },
});
