/**
 * The HSI body of `POST /shipmentorders/labels` for one item (apis.md §2: weights in grams as integers, country
 * alpha-2): receiver from the common order shape with the `receiver` param on top, `parcel { parcelWeight,
 * productType, parcelClass? }`, optional divergent sender. Required receiver fields are checked before sending;
 * a gap fails the item with FatalError `HERMES_REQUEST_INVALID` naming the field and param.
 * `clientReference`: the param, else the order number, else `FW-` + a hash of the run's idempotency key.
 */
import { createHash } from 'node:crypto';
import { FatalError, type JsonObject } from '../../../sdk/index.js';
import { toAlpha2 } from '../../dhl/countries.js';
import { orderShipTo } from '../../dhl/order-input.js';
import type { HermesLabelParams } from './params.js';

export interface HermesRequest {
  readonly body: JsonObject;
  readonly clientReference: string;
  readonly orderId: string | undefined;
}

export function buildHermesRequest(params: HermesLabelParams, json: JsonObject, idempotencyKey: string): HermesRequest {
  const order = orderShipTo(json);
  const [nameFirst, nameLast] = splitName(order.name);
  const override = params.receiver ?? {};
  const pick = (value: string | undefined, fallback: string | undefined): string | undefined =>
    value !== undefined && value.trim() !== '' ? value.trim() : fallback;
  const receiver = {
    firstname: pick(override.firstname, nameFirst ?? order.firstName),
    lastname: pick(override.lastname, nameLast ?? order.lastName),
    street: pick(override.street, order.street),
    houseNumber: pick(override.houseNumber, order.houseNumber),
    addressAddition: pick(override.addressAddition, order.company ?? order.addition),
    zipCode: pick(override.zipCode, order.postalCode),
    town: pick(override.town, order.city),
    countryCode: pick(override.countryCode, order.country),
    mail: params.notifyReceiver ? pick(override.mail, order.email) : undefined,
    phone: pick(override.phone, undefined),
  };
  for (const field of ['lastname', 'street', 'zipCode', 'town', 'countryCode'] as const) {
    if (receiver[field] === undefined) {
      throw new FatalError(`hermes.createLabel: the receiver has no ${field} (from the order's shippingAddress or the receiver param)`, {
        code: 'HERMES_REQUEST_INVALID', param: 'receiver', details: [{ path: `receiver.${field}`, message: 'missing' }],
      });
    }
  }
  const countryCode = toAlpha2(receiver.countryCode ?? '');
  if (countryCode === undefined) {
    throw new FatalError(`hermes.createLabel: receiver country "${receiver.countryCode}" is not an ISO 3166 country code`, {
      code: 'HERMES_REQUEST_INVALID', param: 'receiver', details: [{ path: 'receiverAddress.countryCode', message: 'unknown country' }],
    });
  }
  const clientReference = referenceOf(params.clientReference, order.orderNumber, idempotencyKey);
  const body: JsonObject = compact({
    clientReference,
    receiverName: compact({ firstname: receiver.firstname, lastname: receiver.lastname }),
    receiverAddress: compact({
      street: receiver.street, houseNumber: receiver.houseNumber, zipCode: receiver.zipCode, town: receiver.town,
      countryCode, addressAddition: receiver.addressAddition,
    }),
    receiverContact: receiver.mail === undefined && receiver.phone === undefined ? undefined : compact({ mail: receiver.mail, phone: receiver.phone }),
    parcel: compact({ parcelWeight: Math.round(params.weightKg * 1000), productType: params.productType, parcelClass: params.parcelClass }),
    ...senderOf(params),
  });
  return { body, clientReference, orderId: order.orderId };
}

function splitName(name: string | undefined): [string | undefined, string | undefined] {
  if (name === undefined) return [undefined, undefined];
  const parts = name.split(/\s+/).filter((part) => part !== '');
  if (parts.length < 2) return [undefined, parts[0]];
  return [parts.slice(0, -1).join(' '), parts.at(-1)];
}

function referenceOf(reference: string | undefined, orderNumber: string | undefined, key: string): string {
  if (reference !== undefined && reference.trim() !== '') return reference.trim();
  if (orderNumber !== undefined) return orderNumber.replace(/^#/, '');
  return `FW-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

function senderOf(params: HermesLabelParams): JsonObject {
  const sender = params.sender;
  if (sender === undefined || Object.values(sender).every((value) => value === undefined || value === '')) return {};
  return {
    senderName: compact({ firstname: sender.firstname, lastname: sender.lastname }),
    senderAddress: compact({
      street: sender.street, houseNumber: sender.houseNumber, zipCode: sender.zipCode, town: sender.town,
      countryCode: sender.countryCode === undefined ? undefined : toAlpha2(sender.countryCode) ?? sender.countryCode,
    }),
  };
}

/** Drops undefined and empty-string fields. */
function compact(value: Record<string, JsonObject[string] | undefined>): JsonObject {
  const result: JsonObject = {};
  for (const [key, entry] of Object.entries(value)) if (entry !== undefined && entry !== '') result[key] = entry;
  return result;
}
