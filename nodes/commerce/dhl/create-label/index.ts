import { defineNode } from '../../../sdk/index.js';
import type { CredentialSlots } from '../../../sdk/index.js';
import { dhlParcelCall } from '../client.js';
import { dhlParcelCredential } from '../credentials.js';
import { createLabelParams, createLabelParamsDe } from './params.js';
import { buildRequest } from './request.js';
import { readCreateResponse } from './result.js';

const credentials = { dhlParcel: { type: dhlParcelCredential, required: true } } satisfies CredentialSlots;

/**
 * `dhl.createLabel`: creates DHL Parcel DE shipments and their labels (`POST /orders`), once per input item.
 * Input: an item in the common order shape (consignee from `shippingAddress`/`customer`) or any item with the
 * `consignee` param filled in. Output `main`: one item per created shipment, json `{ shipmentNo, trackingUrl,
 * warnings, reference, ... }` and binary `label` (application/pdf); output `failed`: refused parcels of an
 * item whose other parcels were created. See request.ts and result.ts for the rules, errors.ts for the codes.
 *
 * Idempotency: the request carries the run's `Idempotency-Key`, and every shipment a `refNo` that stays the same
 * across retries and resumes of the item (request.ts), so a duplicate can be recognised by reference.
 */
export default defineNode({
  type: 'dhl.createLabel',
  version: 1,
  displayName: 'DHL: create label',
  description: 'Creates a DHL Parcel DE shipment for an order and outputs the label PDF',
  group: 'commerce',
  icon: 'truck',
  outputs: ['main', 'failed'],
  params: createLabelParams,
  credentials,
  translations: {
    de: {
      displayName: 'DHL: Label erstellen',
      description: 'Legt eine DHL-Paket-Sendung für eine Bestellung an und gibt das Versandlabel als PDF aus',
      params: createLabelParamsDe,
    },
  },
  run: async (ctx) => {
    const credential = await ctx.credential('dhlParcel');
    const p = ctx.params;
    const request = buildRequest(p, ctx.item.json, ctx.idempotencyKey);
    const response = await dhlParcelCall(ctx, credential, {
      method: 'POST',
      path: '/orders',
      query: {
        docFormat: p.labelFormat,
        ...(p.printFormat !== undefined && { printFormat: p.printFormat }),
        ...(p.mustEncode && { mustEncode: true }),
      },
      body: request.body,
      language: p.language,
      what: `create label (${request.references.join(', ')})`,
    });
    return readCreateResponse(response, request, p.product).map((outcome) =>
      ctx.emit(outcome.json, { output: outcome.output, ...(outcome.binary !== undefined && { binary: outcome.binary }) }));
  },
});
