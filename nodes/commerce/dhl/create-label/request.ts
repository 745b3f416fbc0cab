/**
 * Builds the `POST /orders` body for one input item: one shipment per parcel, the consignee from the common order
 * shape with the `consignee` param's fields on top, the shipper from params. The body is checked against the zod
 * mirror of the official schema before it is sent; a problem fails the item with FatalError
 * `DHL_REQUEST_INVALID`, naming the DHL property and the node param it comes from.
 *
 * References (`refNo`): the `reference` param, else `Bestellung <orderNumber>` (orderId when absent), else `FW-` + a hash of the node run's
 * idempotency key; with several parcels `-1`, `-2`, … is appended. The same item of the same run therefore always
 * sends the same references, on every retry and after a resume.
 */
import { createHash } from 'node:crypto';
import { FatalError } from '../../../sdk/index.js';
import type { JsonObject } from '../../../sdk/index.js';
import { toAlpha3 } from '../countries.js';
import { orderLines, orderShipTo, type OrderShipTo } from '../order-input.js';
import { shipmentOrderRequestSchema, propertyPath } from '../schema.js';
import type { CreateLabelParams } from './params.js';

export interface BuiltRequest {
  /** Checked against `shipmentOrderRequestSchema` before it is returned. */
  readonly body: { readonly profile: string; readonly shipments: readonly Record<string, unknown>[] };
  readonly references: readonly string[];
  readonly orderId: string | undefined;
}

export function buildRequest(params: CreateLabelParams, json: JsonObject, idempotencyKey: string): BuiltRequest {
  const order = orderShipTo(json);
  const weights = params.parcelWeightsKg ?? [params.weightKg];
  const base = baseReference(params.reference, order.orderNumber, idempotencyKey);
  const references = weights.length === 1 ? [base] : weights.map((_, index) => `${base.slice(0, 31)}-${index + 1}`);
  const shipper = shipperOf(params);
  const consignee = consigneeOf(params, order);
  const customs = params.customs === undefined ? undefined : customsOf(params.customs, json);
  const shipments: Record<string, unknown>[] = weights.map((weightKg, index) => ({
    product: params.product,
    billingNumber: params.billingNumber,
    refNo: references[index],
    ...(params.shipDate !== undefined && params.shipDate !== '' && { shipDate: params.shipDate }),
    shipper,
    consignee,
    details: {
      weight: { uom: 'g', value: Math.round(weightKg * 1000) },
      ...(params.dimensions !== undefined && {
        dim: { uom: 'cm', length: params.dimensions.lengthCm, width: params.dimensions.widthCm, height: params.dimensions.heightCm },
      }),
    },
    ...(params.services !== undefined && Object.keys(withoutEmpty(params.services)).length > 0 && { services: withoutEmpty(params.services) }),
    ...(customs !== undefined && { customs: customs(weightKg) }),
  }));
  const body = { profile: params.profile, shipments };
  check(body, order);
  return { body, references, orderId: order.orderId };
}

function baseReference(reference: string | undefined, orderNumber: string | undefined, key: string): string {
  if (reference !== undefined && reference.trim() !== '') return reference.trim();
  if (orderNumber !== undefined) {
    const fromOrder = `Bestellung ${orderNumber.replace(/^#/, '')}`;
    if (fromOrder.length <= 35) return fromOrder;
  }
  return `FW-${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}

function shipperOf(params: CreateLabelParams): Record<string, unknown> {
  if (params.shipper !== undefined) {
    const { country, ...rest } = params.shipper;
    return { ...withoutEmpty(rest), country: toAlpha3(country) ?? country };
  }
  if (params.shipperRef !== undefined && params.shipperRef !== '') return { shipperRef: params.shipperRef };
  throw new FatalError('dhl.createLabel needs the shipper: fill in "shipper" (name, street, postal code, city) or "shipperRef"', {
    code: 'DHL_SHIPPER_MISSING', param: 'shipper',
  });
}

function consigneeOf(params: CreateLabelParams, order: OrderShipTo): Record<string, unknown> {
  const fromOrder: Record<string, string | undefined> = {
    name1: order.name,
    name2: order.company,
    name3: order.addition,
    addressStreet: order.street,
    addressHouse: order.houseNumber,
    postalCode: order.postalCode,
    city: order.city,
    country: order.country,
    email: params.notifyConsignee ? order.email : undefined,
  };
  const merged = { ...withoutEmpty(fromOrder), ...withoutEmpty(params.consignee ?? {}) };
  if (!params.notifyConsignee) delete merged.email;
  const country = merged.country;
  return typeof country === 'string' ? { ...merged, country: toAlpha3(country) ?? country } : merged;
}

type CustomsParam = NonNullable<CreateLabelParams['customs']>;

/**
 * The customs declaration per parcel weight: the param's items, else one item per order line (title, qty,
 * qty × unitPrice in the order currency, the parcel weight split by quantity). No items → FatalError
 * `DHL_CUSTOMS_ITEMS_MISSING`.
 */
function customsOf(param: CustomsParam, json: JsonObject): (weightKg: number) => Record<string, unknown> {
  const order = orderLines(json);
  const currency = order.currency ?? 'EUR';
  const country = (code: string | undefined): string | undefined => (code === undefined || code === '' ? undefined : toAlpha3(code) ?? code);
  const value = (amount: number): Record<string, unknown> => ({ currency, value: Math.round(amount * 100) / 100 });
  const totalQty = order.lines.reduce((sum, line) => sum + line.qty, 0);
  if (param.items === undefined && order.lines.length === 0) {
    throw new FatalError('dhl.createLabel: customs needs items: fill in customs.items or pass an order with lines', {
      code: 'DHL_CUSTOMS_ITEMS_MISSING', param: 'customs',
    });
  }
  return (weightKg) => {
    const items = param.items !== undefined
      ? param.items.map((item) => ({ description: item.description, quantity: item.quantity, total: item.value, weightKg: item.weightKg, hsCode: item.hsCode, origin: item.countryOfOrigin }))
      : order.lines.map((line) => ({
        description: line.title ?? line.sku ?? 'Ware', quantity: line.qty, total: line.qty * line.unitPrice,
        weightKg: (weightKg * line.qty) / totalQty, hsCode: undefined, origin: undefined,
      }));
    return withoutEmpty({
      exportType: param.exportType,
      invoiceNo: param.invoiceNo,
      shippingConditions: param.shippingConditions,
      postalCharges: value(param.postalCharges),
      items: items.map((item) => withoutEmpty({
        itemDescription: item.description.slice(0, 256),
        packagedQuantity: item.quantity,
        itemValue: value(item.total),
        itemWeight: { uom: 'g', value: Math.max(1, Math.round(item.weightKg * 1000)) },
        hsCode: item.hsCode ?? param.hsCode,
        countryOfOrigin: country(item.origin ?? param.countryOfOrigin),
      })),
    });
  };
}

function withoutEmpty(value: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined && entry !== ''));
}

/** Which node param a DHL property comes from. */
function paramOf(path: readonly PropertyKey[]): string {
  const field = path[2];
  switch (field) {
    case 'shipper': return 'shipper';
    case 'consignee': return 'consignee';
    case 'billingNumber': return 'billingNumber';
    case 'refNo': return 'reference';
    case 'shipDate': return 'shipDate';
    case 'services': return 'services';
    case 'customs': return 'customs';
    case 'product': return 'product';
    case 'details': return path[3] === 'dim' ? 'dimensions' : 'weightKg';
    default: return path[0] === 'profile' ? 'profile' : 'params';
  }
}

function check(body: BuiltRequest['body'], order: OrderShipTo): void {
  const result = shipmentOrderRequestSchema.safeParse(body);
  if (result.success) return;
  const details = result.error.issues.map((issue) => ({ path: propertyPath(issue.path), message: issue.message }));
  const first = result.error.issues[0];
  const path = first?.path ?? [];
  const param = paramOf(path);
  const property = propertyPath(path.slice(2));
  const hint = param === 'consignee' ? ` (from the order's shippingAddress${order.orderNumber === undefined ? '' : ` of order ${order.orderNumber}`} or the consignee param)` : ` (param "${param}")`;
  throw new FatalError(`DHL request invalid: ${property || propertyPath(path)}: ${first?.message ?? 'invalid'}${hint}`, {
    code: 'DHL_REQUEST_INVALID', param, details,
  });
}
