import { z } from 'zod';
import { FatalError, defineNode } from '../../../sdk/index.js';
import type { CredentialSlots } from '../../../sdk/index.js';
import { dhlParcelCall, DHL_PARCEL_CREDENTIAL_NAME } from '../client.js';
import { dhlParcelCredential } from '../credentials.js';
import { dhlHttpFailure } from '../errors.js';
import { parseLabelData, statusOf } from '../response.js';
import { shipmentNumberOf } from '../shipment-number.js';

const params = z.object({
  shipmentNo: z.string().optional().meta({ title: 'Shipment number', description: 'Default: the item\'s shipmentNo (output of DHL: create label)' }),
  profile: z.string().max(35).default('STANDARD_GRUPPENPROFIL').meta({ title: 'User group profile' }),
  language: z.enum(['de-DE', 'en-US']).default('de-DE').meta({ title: 'Language of DHL messages' }),
});

const credentials = { dhlParcel: { type: dhlParcelCredential, required: true } } satisfies CredentialSlots;

/**
 * `dhl.cancelLabel`: cancels (storniert) one DHL Parcel DE shipment per item, `DELETE /orders?profile&shipment`.
 * Possible only before the day's manifest ("Tagesabschluss"). Output `{ shipmentNo, cancelled: true }`.
 * A number DHL does not know (or already cancelled/manifested) fails the item with FatalError
 * `DHL_SHIPMENT_UNKNOWN`; other refusals `DHL_CANCEL_REFUSED`; transport and auth errors as in errors.ts.
 */
export default defineNode({
  type: 'dhl.cancelLabel',
  version: 1,
  displayName: 'DHL: cancel label',
  description: 'Cancels a DHL Parcel DE shipment before the daily manifest',
  group: 'commerce',
  icon: 'truck',
  params,
  credentials,
  translations: {
    de: {
      displayName: 'DHL: Label stornieren',
      description: 'Storniert eine DHL-Paket-Sendung vor dem Tagesabschluss',
      params: {
        shipmentNo: { label: 'Sendungsnummer', description: 'Standard: shipmentNo des Elements (Ausgabe von „DHL: Label erstellen“)' },
        profile: { label: 'Nutzergruppenprofil' },
        language: { label: 'Sprache der DHL-Meldungen' },
      },
    },
  },
  run: async (ctx) => {
    const credential = await ctx.credential('dhlParcel');
    const shipmentNo = shipmentNumberOf(ctx.params.shipmentNo, ctx.item.json, 'shipmentNo', 'dhl.cancelLabel');
    const what = `cancel shipment ${shipmentNo}`;
    const response = await dhlParcelCall(ctx, credential, {
      method: 'DELETE',
      path: '/orders',
      query: { profile: ctx.params.profile, shipment: shipmentNo },
      language: ctx.params.language,
      what,
    });
    const item = parseLabelData(response.body).items?.[0];
    if (item === undefined) throw dhlHttpFailure(response, DHL_PARCEL_CREDENTIAL_NAME, what);
    const status = statusOf(item.sstatus);
    if (status === 200) return { shipmentNo, cancelled: true };
    const reason = [item.sstatus?.title, item.sstatus?.detail].filter((part) => part !== undefined && part !== '').join(': ');
    if (item.sstatus?.title === 'UnknownShipmentNumber' || status === 204) {
      throw new FatalError(`DHL does not know shipment ${shipmentNo}, or it is cancelled or manifested already (${reason})`, {
        code: 'DHL_SHIPMENT_UNKNOWN', param: 'shipmentNo', httpStatus: response.status,
      });
    }
    throw new FatalError(`DHL refused to cancel shipment ${shipmentNo}: ${reason || `status ${status ?? 'unknown'}`}`, {
      code: 'DHL_CANCEL_REFUSED', param: 'shipmentNo', httpStatus: response.status,
    });
  },
});
