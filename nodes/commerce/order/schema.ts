import { z } from 'zod';

/**
 * The common order shape every order trigger outputs (contract: "Commerce nodes"), whatever the shop. Money is a
 * number in major units (19.99), rounded to cents; `createdAt` is an ISO 8601 UTC timestamp; `country` is ISO 3166
 * alpha-2. `raw` is the shop's original payload, unchanged.
 */
export const addressSchema = z.object({
  /** Recipient: first and last name as the shop has them. */
  name: z.string(),
  company: z.string().optional(),
  /** The street without the house number (see splitStreet for the rule when the shop gives one line). */
  street: z.string().min(1),
  /** '' when the address line has no recognisable house number. */
  houseNumber: z.string(),
  /** Second address line (c/o, floor, Packstation number, ...). */
  addition: z.string().optional(),
  postalCode: z.string(),
  city: z.string().min(1),
  country: z.string().regex(/^[A-Z]{2}$/, 'country must be an ISO 3166 alpha-2 code'),
  phone: z.string().optional(),
});

export const orderLineSchema = z.object({
  /** The shop's SKU ('' when the product has none; stock nodes skip such lines). */
  sku: z.string(),
  title: z.string(),
  qty: z.int().positive(),
  /** Price of one unit as the shop states it on the line, before order-level discounts. */
  unitPrice: z.number().finite(),
});

export const orderTotalsSchema = z.object({
  /** gross − tax. */
  net: z.number().finite(),
  tax: z.number().finite(),
  /** What the customer pays: goods, shipping and tax, after discounts. */
  gross: z.number().finite(),
  /** Shipping charged (as the shop states it, usually gross). */
  shipping: z.number().finite(),
});

export const orderSchema = z.object({
  /** The shop's id of the order (unique per shop). */
  orderId: z.string().min(1),
  /** The number the customer sees (Shopify "#1001", WooCommerce "4750", Shopware "10023"). */
  orderNumber: z.string().min(1),
  /** Which shop it came from: the trigger's `shop` param ('shopify', 'woocommerce', 'shopware' by default). */
  shop: z.string().min(1),
  createdAt: z.iso.datetime({ offset: true }),
  currency: z.string().regex(/^[A-Z]{3}$/, 'currency must be an ISO 4217 code'),
  customer: z.object({
    /** Lower-cased; '' when the shop has none (POS orders). */
    email: z.string(),
    firstName: z.string(),
    lastName: z.string(),
  }),
  /** null when the order has no shipping address (digital goods, pickup). */
  shippingAddress: addressSchema.nullable(),
  lines: z.array(orderLineSchema),
  totals: orderTotalsSchema,
  raw: z.json(),
});

export type Order = z.output<typeof orderSchema>;
export type OrderLine = z.output<typeof orderLineSchema>;
export type OrderAddress = z.output<typeof addressSchema>;
export type OrderTotals = z.output<typeof orderTotalsSchema>;
