/**
 * The common order shape (contract: "Commerce nodes") and the normalisers from each shop's webhook payload.
 * Other commerce nodes import `orderSchema` / `Order` from here.
 */
export { orderSchema, addressSchema, orderLineSchema, orderTotalsSchema } from './schema.js';
export type { Order, OrderLine, OrderAddress, OrderTotals } from './schema.js';
export { normaliseShopifyOrder } from './shopify.js';
export { normaliseWooCommerceOrder, isWooCommercePing } from './woocommerce.js';
export { normaliseShopwareOrder } from './shopware.js';
export { normaliseGenericOrder } from './generic.js';
export { splitStreet, toCountryCode } from './address.js';
export { OrderPayloadError, roundMoney } from './fields.js';
export type { NormaliseOptions } from './build.js';
