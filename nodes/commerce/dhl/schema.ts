/**
 * A zod mirror of the request schema of DHL Parcel DE Shipping v2 (`ShipmentOrderRequest` in the official
 * OpenAPI 2.1.12, shared/contracts/dhl-parcel-de.yaml), hand-derived field by field: lengths, patterns, enums and
 * `required` lists as the yaml states them. Like the yaml, objects accept unknown properties. Two deviations,
 * both from the contract notes (apis.md §1a): `product` and `billingNumber` are required per shipment (the
 * backend rejects shipments without them although the schema does not say so).
 *
 * Used twice: `dhl.createLabel` validates its request before sending (so a bad address fails with the field
 * named, without a round trip), and the DHL stand-in validates what it receives, answering 400 problem+json
 * with `propertyPath` items as DHL does.
 */
import { z } from 'zod';
import { DHL_COUNTRIES } from './countries.js';

export const DHL_PRODUCTS = ['V01PAK', 'V53WPAK', 'V54EPAK', 'V62WP', 'V62KP', 'V66WPI'] as const;
export type DhlProduct = (typeof DHL_PRODUCTS)[number];

/** Digits 11–12 of a billing number name the product's procedure ("Verfahren"). */
export const PRODUCT_PROCEDURE: Readonly<Record<DhlProduct, string>> = {
  V01PAK: '01', V53WPAK: '53', V54EPAK: '54', V62WP: '62', V62KP: '62', V66WPI: '66',
};

export const PRINT_FORMATS = [
  'A4', '910-300-600', '910-300-610', '910-300-700', '910-300-700-oz', '910-300-710', '910-300-300',
  '910-300-300-oz', '910-300-400', '910-300-410', '100x70mm',
] as const;

const str = (min: number, max: number): z.ZodString => z.string().min(min).max(max);
const POSTAL_CODE = /^[0-9A-Za-z]+([ -]?[0-9A-Za-z]+)*$/;
const postalCode = str(3, 10).regex(POSTAL_CODE, 'postalCode has an invalid format');
const COUNTRIES: ReadonlySet<string> = new Set(DHL_COUNTRIES);
const country = z.string().refine((code) => COUNTRIES.has(code), {
  error: 'Parameter country must be a valid country code consisting of three characters according to ISO 3166-1 alpha-3.',
});
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date yyyy-mm-dd');
export const BILLING_NUMBER = /^\w{10}\d{2}\w{2}$/;
const billingNumber = z.string().regex(BILLING_NUMBER, 'billingNumber must be 14 characters: 10 + 2 digits (procedure) + 2');

const weight = z.looseObject({ uom: z.enum(['g', 'kg']), value: z.number().min(0).max(31500) });
const value = z.looseObject({ currency: z.string().length(3), value: z.number().min(0).max(100000) });
const dimensions = z.looseObject({
  uom: z.enum(['cm', 'mm']), height: z.number().int(), length: z.number().int(), width: z.number().int(),
});

export const contactAddressSchema = z.looseObject({
  name1: str(1, 50),
  name2: str(1, 50).optional(),
  name3: str(1, 50).optional(),
  dispatchingInformation: str(1, 35).optional(),
  addressStreet: str(1, 50),
  addressHouse: str(1, 10).optional(),
  additionalAddressInformation1: str(1, 60).optional(),
  additionalAddressInformation2: str(1, 60).optional(),
  postalCode: postalCode.optional(),
  city: str(1, 40),
  state: str(1, 20).optional(),
  country,
  contactName: str(3, 80).optional(),
  phone: str(1, 20).optional(),
  email: str(3, 80).optional(),
});

const locker = z.looseObject({
  name: str(1, 50), lockerID: z.number().int().min(100).max(999), postNumber: z.string().regex(/^[0-9]{6,10}$/),
  city: str(0, 40), country: country.optional(), postalCode,
});
const postOffice = z.looseObject({
  name: str(1, 50), retailID: z.number().int().min(401).max(999), postNumber: z.string().regex(/^[0-9]{6,10}$/).optional(),
  email: str(3, 80).optional(), city: str(0, 80), country: country.optional(), postalCode,
});
const poBox = z.looseObject({
  name1: str(1, 50), name2: str(1, 50).optional(), name3: str(1, 50).optional(), poBoxID: z.number().int(),
  email: str(3, 80).optional(), city: str(0, 80), country: country.optional(), postalCode,
});

/** Which of the `Consignee` oneOf branches a body means, picked by its distinguishing key. */
function consigneeSchema(value: unknown): z.ZodType {
  if (typeof value === 'object' && value !== null) {
    if ('lockerID' in value) return locker;
    if ('retailID' in value) return postOffice;
    if ('poBoxID' in value) return poBox;
  }
  return contactAddressSchema;
}

export const shipperSchema = z.looseObject({
  name1: str(1, 50),
  name2: str(1, 50).optional(),
  name3: str(1, 50).optional(),
  addressStreet: str(1, 50),
  addressHouse: str(1, 10).optional(),
  postalCode: postalCode.optional(),
  city: str(1, 40),
  country,
  contactName: str(3, 80).optional(),
  email: str(3, 80).optional(),
});
const shipperReference = z.looseObject({ shipperRef: str(0, 50) });

const services = z.looseObject({
  preferredNeighbour: str(0, 100).optional(),
  preferredLocation: str(0, 100).optional(),
  visualCheckOfAge: z.enum(['A16', 'A18']).optional(),
  namedPersonOnly: z.boolean().optional(),
  signedForByRecipient: z.boolean().optional(),
  endorsement: z.enum(['RETURN', 'ABANDON']).optional(),
  preferredDay: date.optional(),
  noNeighbourDelivery: z.boolean().optional(),
  additionalInsurance: value.optional(),
  bulkyGoods: z.boolean().optional(),
  individualSenderRequirement: z.string().regex(/^[a-zA-Z0-9]{2}$/).optional(),
  premium: z.boolean().optional(),
  closestDropPoint: z.boolean().optional(),
  parcelOutletRouting: z.string().optional(),
  postalDeliveryDutyPaid: z.boolean().optional(),
  dhlRetoure: z.looseObject({
    billingNumber, refNo: str(6, 50).optional(), returnAddress: contactAddressSchema.optional(),
  }).optional(),
});

export const EXPORT_TYPES = ['OTHER', 'PRESENT', 'COMMERCIAL_SAMPLE', 'DOCUMENT', 'RETURN_OF_GOODS', 'COMMERCIAL_GOODS'] as const;
export const SHIPPING_CONDITIONS = ['DDU', 'DAP', 'DDP', 'DDX', 'DXV'] as const;

const commodity = z.looseObject({
  itemDescription: str(1, 256),
  countryOfOrigin: country.optional(),
  hsCode: str(6, 11).optional(),
  packagedQuantity: z.number().int(),
  itemValue: value,
  itemWeight: weight,
});

const customs = z.looseObject({
  invoiceNo: str(0, 35).optional(),
  exportType: z.enum(EXPORT_TYPES),
  exportDescription: str(0, 80).optional(),
  shippingConditions: z.enum(SHIPPING_CONDITIONS).optional(),
  permitNo: str(0, 30).optional(),
  attestationNo: str(0, 30).optional(),
  hasElectronicExportNotification: z.boolean().optional(),
  MRN: z.string().max(18).optional(),
  postalCharges: value,
  officeOfOrigin: str(0, 35).optional(),
  shipperCustomsRef: z.string().max(35).optional(),
  consigneeCustomsRef: z.string().max(35).optional(),
  items: z.array(commodity).min(1).max(99),
});

export const shipmentSchema = z.looseObject({
  product: z.enum(DHL_PRODUCTS),
  billingNumber,
  refNo: str(8, 35).optional(),
  costCenter: z.string().optional(),
  creationSoftware: z.string().optional(),
  shipDate: date.optional(),
  shipper: z.unknown().superRefine((value, ctx) => {
    const schema = typeof value === 'object' && value !== null && 'shipperRef' in value && !('name1' in value) ? shipperReference : shipperSchema;
    forward(schema.safeParse(value), ctx);
  }),
  consignee: z.unknown().superRefine((value, ctx) => forward(consigneeSchema(value).safeParse(value), ctx)),
  details: z.looseObject({ dim: dimensions.optional(), weight }),
  services: services.optional(),
  customs: customs.optional(),
});

export const shipmentOrderRequestSchema = z.looseObject({
  profile: str(0, 35),
  shipments: z.array(shipmentSchema).min(1).max(30),
});

export type DhlShipment = z.input<typeof shipmentSchema>;
export type DhlContactAddress = z.output<typeof contactAddressSchema>;
export type DhlShipper = z.output<typeof shipperSchema>;
export type ShipmentOrderRequest = z.input<typeof shipmentOrderRequestSchema>;

/** A property path as DHL writes it: `shipments[0].shipper.country`. */
export function propertyPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : `${text === '' ? '' : '.'}${String(part)}`;
  return text;
}

/** Every problem of a request body, as `{ propertyPath, message }` (DHL's schema-error item shape). */
export function requestProblems(body: unknown): { propertyPath: string; message: string }[] {
  const result = shipmentOrderRequestSchema.safeParse(body);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ propertyPath: propertyPath(issue.path), message: issue.message }));
}

function forward(result: z.ZodSafeParseResult<unknown>, ctx: z.RefinementCtx): void {
  if (result.success) return;
  for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
}
