/**
 * Reads DHL's answer to `POST /orders` per shipment (200 single, 207 multi-status, 400 problem+json):
 * - a created shipment → an item on `main`: json `{ shipmentNo, trackingUrl, warnings, reference, product,
 *   routingCode?, returnShipmentNo?, orderId?, parcel, parcels }`, binary `label` (application/pdf, or ZPL2 as application/x-zpl) and
 *   `returnLabel` when DHL sent one;
 * - a refused shipment while others of the same item were created → an item on `failed` (the created labels
 *   must not be lost to an error): json `{ reference, product, orderId?, parcel, parcels, error: { code:
 *   'DHL_SHIPMENT_REJECTED', message, details } }`;
 * - every shipment refused → FatalError `DHL_SHIPMENT_REJECTED` whose message names the DHL properties
 *   (`consignee: The city entered does not match the postcode…`) and whose details list them;
 * - schema errors (`propertyPath` items) → FatalError `DHL_REQUEST_INVALID` (see errors.ts).
 * `warnings` are the shipment's `validationMessages` (`{ property, message }`), which DHL also sends with 200.
 */
import { FatalError } from '../../../sdk/index.js';
import type { BinaryData, BinaryMap, ErrorDetail, HttpResponse, JsonObject } from '../../../sdk/index.js';
import { dhlHttpFailure } from '../errors.js';
import { DHL_PARCEL_CREDENTIAL_NAME } from '../client.js';
import { messagesOf, parseLabelData, statusOf, type ResponseItem } from '../response.js';
import type { BuiltRequest } from './request.js';

export interface ShipmentOutcome {
  readonly output: 'main' | 'failed';
  readonly json: JsonObject;
  readonly binary?: BinaryMap;
}

export const TRACKING_URL = 'https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=';

export function readCreateResponse(response: HttpResponse<unknown>, request: BuiltRequest, product: string): ShipmentOutcome[] {
  const data = parseLabelData(response.body);
  const items = data.items ?? [];
  if (items.some((item) => item.propertyPath !== undefined)) throw dhlHttpFailure({ ...response, status: 400 }, DHL_PARCEL_CREDENTIAL_NAME, 'create label');
  const expected = request.references.length;
  if (items.length !== expected) {
    if (response.status === 400) throw dhlHttpFailure(response, DHL_PARCEL_CREDENTIAL_NAME, 'create label');
    throw new FatalError(`create label: DHL answered HTTP ${response.status} with ${items.length} items for ${expected} shipments`, {
      code: 'DHL_BAD_RESPONSE', httpStatus: response.status,
    });
  }
  const outcomes = items.map((item, index) => outcomeOf(item, index, request, product));
  if (outcomes.every((outcome) => outcome.output === 'failed')) {
    const details = items.flatMap((item) => rejectionOf(item).details);
    const first = rejectionOf(items[0]);
    throw new FatalError(`DHL refused the shipment${expected > 1 ? 's' : ''}: ${first.message}`, {
      code: 'DHL_SHIPMENT_REJECTED', httpStatus: response.status, details, param: paramOfProperty(first.details[0]?.path),
    });
  }
  return outcomes;
}

function outcomeOf(item: ResponseItem, index: number, request: BuiltRequest, product: string): ShipmentOutcome {
  const reference = request.references[index] ?? '';
  const common: JsonObject = {
    reference,
    product,
    ...(request.orderId !== undefined && { orderId: request.orderId }),
    parcel: index + 1,
    parcels: request.references.length,
  };
  const status = statusOf(item.sstatus);
  const created = item.shipmentNo !== undefined && (status === undefined || status === 200);
  if (!created) {
    const rejection = rejectionOf(item);
    return {
      output: 'failed',
      json: { ...common, error: { code: 'DHL_SHIPMENT_REJECTED', message: rejection.message, details: rejection.details.map((d) => ({ ...d })) } },
    };
  }
  const shipmentNo = item.shipmentNo ?? '';
  const warnings = messagesOf(item).map((message) => ({ property: message.property, message: message.message }));
  const binary: Record<string, BinaryData> = {};
  const label = documentOf(item.label, `dhl-label-${shipmentNo}`);
  if (label !== undefined) binary.label = label;
  const returnLabel = documentOf(item.returnLabel, `dhl-return-label-${shipmentNo}`);
  if (returnLabel !== undefined) binary.returnLabel = returnLabel;
  return {
    output: 'main',
    json: {
      shipmentNo,
      trackingUrl: TRACKING_URL + encodeURIComponent(shipmentNo),
      warnings,
      ...common,
      ...(item.routingCode !== undefined && { routingCode: item.routingCode }),
      ...(item.returnShipmentNo !== undefined && { returnShipmentNo: item.returnShipmentNo }),
      ...(item.label?.url !== undefined && { labelUrl: item.label.url }),
    },
    ...(Object.keys(binary).length > 0 && { binary }),
  };
}

function documentOf(document: ResponseItem['label'], name: string): BinaryData | undefined {
  if (document === undefined) return undefined;
  if (document.b64 !== undefined && document.b64 !== '') {
    const zpl = document.fileFormat === 'ZPL2';
    return {
      data: document.b64,
      mimeType: zpl ? 'application/x-zpl' : 'application/pdf',
      fileName: `${name}.${zpl ? 'zpl' : 'pdf'}`,
      fileSize: Buffer.from(document.b64, 'base64').byteLength,
    };
  }
  if (document.zpl2 !== undefined && document.zpl2 !== '') {
    const bytes = Buffer.from(document.zpl2, 'utf8');
    return { data: bytes.toString('base64'), mimeType: 'application/x-zpl', fileName: `${name}.zpl`, fileSize: bytes.byteLength };
  }
  return undefined;
}

/** Why DHL refused a shipment: its error messages (else all messages, else the status) as text and details. */
function rejectionOf(item: ResponseItem | undefined): { message: string; details: ErrorDetail[] } {
  const messages = item === undefined ? [] : messagesOf(item);
  const errors = messages.filter((message) => message.state.toLowerCase() === 'error');
  const chosen = errors.length > 0 ? errors : messages;
  const details = chosen.map((message) => ({ path: message.property, message: message.message }));
  if (details.length > 0) return { message: details.map((d) => `${d.path}: ${d.message}`).join('; '), details };
  const status = item?.sstatus;
  const text = [status?.title, status?.detail].filter((part) => part !== undefined && part !== '').join(': ') || 'no reason given';
  return { message: `${text} (status ${statusOf(status) ?? 'unknown'})`, details: [{ path: '', message: text }] };
}

function paramOfProperty(property: string | undefined): string | undefined {
  if (property === undefined || property === '') return undefined;
  const head = property.split(/[.[]/)[0] ?? '';
  if (head === 'shipper' || head === 'consignee' || head === 'billingNumber' || head === 'services' || head === 'customs' || head === 'product') return head;
  if (head === 'refNo') return 'reference';
  if (head === 'details' || head === 'weight' || head === 'dimension') return 'weightKg';
  return undefined;
}
