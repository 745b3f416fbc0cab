import { FatalError, defineNode, isJsonObject } from '../../../sdk/index.js';
import type { CredentialSlots } from '../../../sdk/index.js';
import { HERMES_CREDENTIAL_NAME, hermesPost, resultCodes } from '../client.js';
import { hermesCredential } from '../credentials.js';
import { hermesLabelParams, hermesLabelParamsDe } from './params.js';
import { buildHermesRequest } from './request.js';

const credentials = { hermes: { type: hermesCredential, required: true } } satisfies CredentialSlots;

export const HERMES_TRACKING_URL = 'https://www.myhermes.de/empfangen/sendungsverfolgung/sendungsinformation#';

/**
 * `hermes.createLabel`: creates a Hermes shipment order and its label in one call (HSI `POST
 * /shipmentorders/labels`, `Accept: application/shippinglabel-pdf+json`), once per item. Output json
 * `{ shipmentId, shipmentOrderId, trackingUrl, warnings: [{ code, message }], clientReference, orderId? }`
 * and binary `label` (the base64 PDF of `labelImage`, application/pdf).
 * Result codes: `e…` → FatalError `HERMES_REQUEST_INVALID` (details: code and message), `w…` → warnings.
 * Auth, rate limit and availability errors: see client.ts.
 */
export default defineNode({
  type: 'hermes.createLabel',
  version: 1,
  displayName: 'Hermes: create label',
  description: 'Creates a Hermes shipment for an order and outputs the label PDF',
  group: 'commerce',
  icon: 'truck',
  params: hermesLabelParams,
  credentials,
  translations: {
    de: {
      displayName: 'Hermes: Label erstellen',
      description: 'Legt einen Hermes-Versandauftrag für eine Bestellung an und gibt das Label als PDF aus',
      params: hermesLabelParamsDe,
    },
  },
  run: async (ctx) => {
    const credential = await ctx.credential('hermes');
    const request = buildHermesRequest(ctx.params, ctx.item.json, ctx.idempotencyKey);
    const what = `create Hermes label (${request.clientReference})`;
    const response = await hermesPost(ctx, credential, {
      path: '/shipmentorders/labels',
      body: request.body,
      accept: 'application/shippinglabel-pdf+json',
      what,
    });
    const codes = resultCodes(response.body);
    const errors = codes.filter((entry) => entry.code.toLowerCase().startsWith('e'));
    if (errors.length > 0 || response.status >= 300) {
      const details = (errors.length > 0 ? errors : codes).map((entry) => ({ path: entry.code, message: entry.message }));
      const text = details.map((detail) => `${detail.path} ${detail.message}`).join('; ') || `HTTP ${response.status}`;
      throw new FatalError(`Hermes refused the shipment ${request.clientReference}: ${text}`, {
        code: 'HERMES_REQUEST_INVALID', httpStatus: response.status, details, param: 'receiver',
      });
    }
    const body = isJsonObject(response.body) ? response.body : {};
    const shipmentId = typeof body.shipmentID === 'string' ? body.shipmentID : undefined;
    const labelImage = typeof body.labelImage === 'string' && body.labelImage !== '' ? body.labelImage : undefined;
    if (shipmentId === undefined || labelImage === undefined) {
      throw new FatalError(`${what}: the answer has no ${shipmentId === undefined ? 'shipmentID' : 'labelImage'} (credential "${HERMES_CREDENTIAL_NAME}")`, {
        code: 'HERMES_BAD_RESPONSE', httpStatus: response.status,
      });
    }
    const mimeType = typeof body.labelMediatype === 'string' && body.labelMediatype !== '' ? body.labelMediatype : 'application/pdf';
    return ctx.emit({
      shipmentId,
      shipmentOrderId: typeof body.shipmentOrderID === 'string' ? body.shipmentOrderID : null,
      trackingUrl: HERMES_TRACKING_URL + encodeURIComponent(shipmentId),
      warnings: codes.filter((entry) => entry.code.toLowerCase().startsWith('w')).map((entry) => ({ ...entry })),
      clientReference: request.clientReference,
      ...(request.orderId !== undefined && { orderId: request.orderId }),
    }, {
      binary: {
        label: { data: labelImage, mimeType, fileName: `hermes-label-${shipmentId}.pdf`, fileSize: Buffer.from(labelImage, 'base64').byteLength },
      },
    });
  },
});
