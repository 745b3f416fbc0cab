import { z } from 'zod';
import { defineNode, isJsonObject } from '../../../sdk/index.js';
import type { CredentialSlots, JsonObject } from '../../../sdk/index.js';
import { dhlTrackingBaseUrl, dhlTrackingCredential } from '../credentials.js';
import { dhlHttpFailure } from '../errors.js';
import { shipmentNumberOf } from '../shipment-number.js';
import { readTracking } from './read.js';

const params = z.object({
  trackingNumber: z.string().optional().meta({ title: 'Tracking number', description: 'Default: the item\'s shipmentNo' }),
  service: z.enum(['parcel-de', 'express', 'ecommerce', 'dgf', 'freight', 'post-de', 'parcel-nl', 'parcel-pl', 'dsc', 'ecommerce-europe', 'svb'])
    .optional().meta({ title: 'Service', description: 'Narrows the search, e.g. parcel-de for DHL Paket Germany' }),
  recipientPostalCode: z.string().optional().meta({ title: 'Recipient postal code', description: 'Unlocks full details for parcel-de' }),
  language: z.enum(['de', 'en']).default('de').meta({ title: 'Language' }),
});

const credentials = { dhlTracking: { type: dhlTrackingCredential, required: true } } satisfies CredentialSlots;

export const DHL_TRACKING_CREDENTIAL_NAME = 'DHL Shipment Tracking';

/**
 * `dhl.track`: the status of a DHL shipment from Shipment Tracking – Unified (`GET /track/shipments
 * ?trackingNumber=`). Output `{ trackingNumber, found, status, statusText, description, timestamp, delivered,
 * service, events: [{ timestamp, statusCode, status, description, location }] }`; a number DHL does not know
 * (404) gives `found: false, status: 'unknown'` rather than an error (new labels are unknown until scanned).
 * 401/403 → `DHL_AUTH_FAILED`, 429 → `DHL_RATE_LIMITED` (Retry-After), 5xx → `DHL_UNAVAILABLE`.
 */
export default defineNode({
  type: 'dhl.track',
  version: 1,
  displayName: 'DHL: track shipment',
  description: 'Reads the tracking status and events of a DHL shipment',
  group: 'commerce',
  icon: 'truck',
  params,
  credentials,
  translations: {
    de: {
      displayName: 'DHL: Sendung verfolgen',
      description: 'Liest Status und Ereignisse einer DHL-Sendung',
      params: {
        trackingNumber: { label: 'Sendungsnummer', description: 'Standard: shipmentNo des Elements' },
        service: { label: 'Dienst', description: 'Schränkt die Suche ein, z. B. parcel-de für DHL Paket Deutschland' },
        recipientPostalCode: { label: 'PLZ des Empfängers', description: 'Schaltet bei parcel-de alle Details frei' },
        language: { label: 'Sprache' },
      },
    },
  },
  run: async (ctx) => {
    const credential = await ctx.credential('dhlTracking');
    const p = ctx.params;
    const trackingNumber = shipmentNumberOf(p.trackingNumber, ctx.item.json, 'trackingNumber', 'dhl.track');
    const response = await ctx.http.request({
      method: 'GET',
      url: dhlTrackingBaseUrl(credential),
      query: {
        trackingNumber,
        service: p.service,
        recipientPostalCode: p.recipientPostalCode === '' ? undefined : p.recipientPostalCode,
        language: p.language,
      },
      headers: { 'DHL-API-Key': credential.apiKey, accept: 'application/json' },
      idempotencyHeader: false,
      throwOnError: false,
    });
    if (response.status === 404) return notFound(trackingNumber);
    if (response.status !== 200) throw dhlHttpFailure(response, DHL_TRACKING_CREDENTIAL_NAME, `track ${trackingNumber}`);
    const shipment = isJsonObject(response.body) ? readTracking(response.body, trackingNumber) : undefined;
    return shipment ?? notFound(trackingNumber);
  },
});

function notFound(trackingNumber: string): JsonObject {
  return { trackingNumber, found: false, status: 'unknown', delivered: false, events: [] };
}
