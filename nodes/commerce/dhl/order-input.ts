/**
 * Reads the parts of the common order shape (contract: "Commerce nodes"; zod in nodes/commerce/order) that
 * shipping needs: `orderId`, `orderNumber`, `customer { email, firstName, lastName }` and `shippingAddress { name,
 * company, street, houseNumber, addition, postalCode, city, country }`. Lenient on purpose: any item is accepted, missing or non-string fields are simply absent, so the
 * shipping nodes work on an order from any shop trigger and on hand-made items alike (params fill the gaps).
 */
import { z } from 'zod';
import type { JsonObject } from '../../sdk/index.js';

const text = z.union([z.string(), z.number()]).transform((value) => String(value).trim()).optional().catch(undefined);

const orderInputSchema = z.looseObject({
  orderId: text,
  orderNumber: text,
  currency: text,
  lines: z.array(z.looseObject({
    sku: text, title: text, qty: z.number().catch(0), unitPrice: z.number().catch(0),
  })).optional().catch(undefined),
  customer: z.looseObject({ email: text, firstName: text, lastName: text }).optional().catch(undefined),
  shippingAddress: z.looseObject({
    name: text, company: text, street: text, houseNumber: text, addition: text, postalCode: text, city: text, country: text,
  }).optional().catch(undefined),
});

export interface OrderLineInput {
  readonly sku?: string;
  readonly title?: string;
  readonly qty: number;
  readonly unitPrice: number;
}

/** The order's `lines` and `currency` (for customs declarations); empty when the item has none. */
export function orderLines(json: JsonObject): { readonly currency?: string; readonly lines: readonly OrderLineInput[] } {
  const parsed = orderInputSchema.safeParse(json);
  if (!parsed.success) return { lines: [] };
  const lines = (parsed.data.lines ?? []).filter((line) => line.qty > 0).map((line) => ({
    ...(line.sku !== undefined && { sku: line.sku }),
    ...(line.title !== undefined && { title: line.title }),
    qty: line.qty,
    unitPrice: line.unitPrice,
  }));
  return parsed.data.currency === undefined ? { lines } : { currency: parsed.data.currency, lines };
}

export interface OrderShipTo {
  readonly orderId?: string;
  /** The number the customer sees; falls back to orderId. */
  readonly orderNumber?: string;
  readonly name?: string;
  readonly company?: string;
  readonly addition?: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly street?: string;
  readonly houseNumber?: string;
  readonly postalCode?: string;
  readonly city?: string;
  /** As the order has it (alpha-2 in the common shape). */
  readonly country?: string;
  readonly email?: string;
}

export function orderShipTo(json: JsonObject): OrderShipTo {
  const parsed = orderInputSchema.safeParse(json);
  if (!parsed.success) return {};
  const { orderId, orderNumber, customer, shippingAddress: address } = parsed.data;
  const first = customer?.firstName;
  const last = customer?.lastName;
  const customerName = [first, last].filter((part) => part !== undefined && part !== '').join(' ');
  const result: Record<string, string | undefined> = {
    orderId,
    orderNumber: nonEmpty(orderNumber) ?? orderId,
    company: nonEmpty(address?.company),
    addition: nonEmpty(address?.addition),
    name: nonEmpty(address?.name) ?? nonEmpty(customerName),
    firstName: nonEmpty(first),
    lastName: nonEmpty(last),
    street: nonEmpty(address?.street),
    houseNumber: nonEmpty(address?.houseNumber),
    postalCode: nonEmpty(address?.postalCode),
    city: nonEmpty(address?.city),
    country: nonEmpty(address?.country),
    email: nonEmpty(customer?.email),
  };
  return Object.fromEntries(Object.entries(result).filter(([, value]) => value !== undefined));
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
