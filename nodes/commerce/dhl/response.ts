/**
 * The response bodies of DHL Parcel DE Shipping v2 as zod (`LabelDataResponse`, `RequestStatus`, `ResponseItem`,
 * `Document`, `ValidationMessageItem` of the official spec), parsed leniently: every field optional, unknown
 * fields kept. A schema-error item (`{ propertyPath, message }`, the answer to a request that broke the JSON
 * schema) shares the `items` array with shipment items.
 */
import { z } from 'zod';

export const requestStatusSchema = z.looseObject({
  title: z.string().optional(),
  statusCode: z.number().optional(),
  status: z.number().optional(),
  detail: z.string().optional(),
  instance: z.string().optional(),
});

const documentSchema = z.looseObject({
  b64: z.string().optional(),
  zpl2: z.string().optional(),
  url: z.string().optional(),
  fileFormat: z.string().optional(),
  printFormat: z.string().optional(),
});

export const validationMessageSchema = z.looseObject({
  property: z.string().optional(),
  validationMessage: z.string().optional(),
  validationState: z.string().optional(),
});

export const responseItemSchema = z.looseObject({
  shipmentNo: z.union([z.string(), z.number()]).transform(String).optional(),
  routingCode: z.string().optional(),
  returnShipmentNo: z.string().optional(),
  shipmentRefNo: z.string().optional(),
  sstatus: requestStatusSchema.optional(),
  label: documentSchema.optional(),
  returnLabel: documentSchema.optional(),
  customsDoc: documentSchema.optional(),
  codLabel: documentSchema.optional(),
  validationMessages: z.array(validationMessageSchema).optional(),
  propertyPath: z.string().optional(),
  message: z.string().optional(),
});

export const labelDataResponseSchema = z.looseObject({
  status: requestStatusSchema.optional(),
  items: z.array(responseItemSchema).optional(),
});

export type RequestStatus = z.output<typeof requestStatusSchema>;
export type ResponseItem = z.output<typeof responseItemSchema>;
export type LabelDataResponse = z.output<typeof labelDataResponseSchema>;
export type ValidationMessage = z.output<typeof validationMessageSchema>;

/** The body as LabelDataResponse; an unreadable body gives `{}`. */
export function parseLabelData(body: unknown): LabelDataResponse {
  const parsed = labelDataResponseSchema.safeParse(body);
  return parsed.success ? parsed.data : {};
}

/** The HTTP-like status of a status object (`status`, else the deprecated `statusCode`). */
export function statusOf(status: RequestStatus | undefined): number | undefined {
  return status?.status ?? status?.statusCode;
}

/** A warning or error as the nodes output it. */
export interface DhlMessage {
  readonly property: string;
  readonly message: string;
  readonly state: string;
}

export function messagesOf(item: ResponseItem): DhlMessage[] {
  return (item.validationMessages ?? []).map((entry) => ({
    property: entry.property ?? '',
    message: entry.validationMessage ?? '',
    state: entry.validationState ?? 'Warning',
  }));
}
