import type { JsonValue } from '../../sdk/index.js';
import { buildAddress, buildOrder, type NormaliseOptions } from './build.js';
import { PayloadReader, type Fields } from './fields.js';
import type { Order, OrderAddress, OrderLine } from './schema.js';

/**
 * WooCommerce `order.created` (body = the WC REST API v3 order; totals as decimal strings, `line_items[].price` a
 * number) → common order.
 *
 * | common | WooCommerce |
 * |---|---|
 * | orderId / orderNumber | `id` / `number` |
 * | createdAt | `date_created_gmt` (read as UTC; `date_created` is the site's local time without zone) |
 * | currency | `currency` |
 * | customer | `billing.email`, `billing.first_name`, `billing.last_name` |
 * | shippingAddress | `shipping` (`address_1` split into street + number, `address_2` → addition, `postcode`, `country`); null when `shipping.address_1` is empty |
 * | lines | `line_items[]`: `sku`, `name`, `quantity`; unitPrice = (`subtotal` + `subtotal_tax`) / quantity (gross, before coupons), else `price` |
 * | totals | gross `total`, tax `total_tax`, shipping `shipping_total` + `shipping_tax` |
 */
export function normaliseWooCommerceOrder(payload: JsonValue, options: NormaliseOptions): Order {
  const r = new PayloadReader('woocommerce');
  const order = r.object(payload, 'body');
  const billing = r.optionalObject(order.billing, 'billing');
  const lines = r.array(order.line_items, 'line_items').map((value, index): OrderLine => {
    const path = `line_items[${index}]`;
    const line = r.object(value, path);
    const qty = r.quantity(line.quantity, `${path}.quantity`);
    return { sku: r.text(line.sku, `${path}.sku`), title: r.text(line.name, `${path}.name`), qty, unitPrice: unitPrice(r, line, path, qty) };
  });
  return buildOrder(
    {
      orderId: r.id(order.id, 'id'),
      orderNumber: r.text(order.number, 'number') || r.id(order.id, 'id'),
      createdAt: r.timestamp(order.date_created_gmt, 'date_created_gmt', { assumeUtc: true }),
      currency: r.currency(order.currency, 'currency'),
      customer: {
        email: r.email(billing?.email, 'billing.email'),
        firstName: r.text(billing?.first_name, 'billing.first_name'),
        lastName: r.text(billing?.last_name, 'billing.last_name'),
      },
      shippingAddress: shippingAddress(r, order.shipping),
      lines,
      gross: r.money(order.total, 'total'),
      tax: r.optionalMoney(order.total_tax, 'total_tax', 0),
      shipping: r.optionalMoney(order.shipping_total, 'shipping_total', 0) + r.optionalMoney(order.shipping_tax, 'shipping_tax', 0),
    },
    payload,
    options,
  );
}

function unitPrice(r: PayloadReader, line: Fields, path: string, qty: number): number {
  if (line.subtotal !== undefined && line.subtotal !== null && line.subtotal !== '') {
    return (r.money(line.subtotal, `${path}.subtotal`) + r.optionalMoney(line.subtotal_tax, `${path}.subtotal_tax`, 0)) / qty;
  }
  return r.money(line.price, `${path}.price`);
}

function shippingAddress(r: PayloadReader, value: unknown): OrderAddress | null {
  const address = r.optionalObject(value, 'shipping');
  const p = 'shipping';
  if (address === undefined || r.text(address.address_1, `${p}.address_1`) === '') return null;
  return buildAddress(r, {
    firstName: r.text(address.first_name, `${p}.first_name`),
    lastName: r.text(address.last_name, `${p}.last_name`),
    company: r.text(address.company, `${p}.company`),
    street: r.text(address.address_1, `${p}.address_1`),
    streetPath: `${p}.address_1`,
    addition: r.text(address.address_2, `${p}.address_2`),
    postalCode: r.text(address.postcode, `${p}.postcode`),
    city: r.text(address.city, `${p}.city`),
    cityPath: `${p}.city`,
    country: r.text(address.country, `${p}.country`),
    countryPath: `${p}.country`,
    phone: r.text(address.phone, `${p}.phone`),
  });
}

/** WooCommerce's creation ping: a form body `webhook_id=<id>` and nothing else (see docs/providers/shops.md). */
export function isWooCommercePing(body: JsonValue): boolean {
  if (typeof body === 'string') return /^webhook_id=\d+$/.test(body.trim());
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const keys = Object.keys(body);
  return keys.length === 1 && keys[0] === 'webhook_id';
}
