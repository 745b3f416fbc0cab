import type { JsonValue } from '../../sdk/index.js';
import { buildAddress, buildOrder, type NormaliseOptions } from './build.js';
import { PayloadReader, type Fields } from './fields.js';
import type { Order, OrderAddress, OrderLine } from './schema.js';

/**
 * Shopify `orders/create` (body = the REST Admin API Order resource; money as decimal strings) → common order.
 *
 * | common | Shopify |
 * |---|---|
 * | orderId / orderNumber | `id` / `name` ("#1001", else `order_number`) |
 * | createdAt, currency | `created_at`, `currency` |
 * | customer | `email` (else `contact_email`, `customer.email`), `customer.first_name/last_name` (else billing address) |
 * | shippingAddress | `shipping_address` (`address1` split into street + number, `address2` → addition, `country_code`) |
 * | lines | `line_items[]`: `sku`, `title`, `quantity`, `price` (+ `tax_lines` per unit when `taxes_included` is false) |
 * | totals | gross `total_price`, tax `total_tax`, shipping `total_shipping_price_set.shop_money.amount` (else Σ `shipping_lines[].price`) |
 */
export function normaliseShopifyOrder(payload: JsonValue, options: NormaliseOptions): Order {
  const r = new PayloadReader('shopify');
  const order = r.object(payload, 'body');
  const customer = r.optionalObject(order.customer, 'customer');
  const billing = r.optionalObject(order.billing_address, 'billing_address');
  const taxesIncluded = order.taxes_included !== false;
  const lines = r.array(order.line_items, 'line_items').map((value, index): OrderLine => {
    const path = `line_items[${index}]`;
    const line = r.object(value, path);
    const qty = r.quantity(line.quantity, `${path}.quantity`);
    const price = r.money(line.price, `${path}.price`);
    const taxPerUnit = taxesIncluded ? 0 : lineTax(r, line, path) / qty;
    return {
      sku: r.text(line.sku, `${path}.sku`),
      title: r.text(line.title, `${path}.title`) || r.text(line.name, `${path}.name`),
      qty,
      unitPrice: price + taxPerUnit,
    };
  });
  const firstName = r.text(customer?.first_name, 'customer.first_name') || r.text(billing?.first_name, 'billing_address.first_name');
  const lastName = r.text(customer?.last_name, 'customer.last_name') || r.text(billing?.last_name, 'billing_address.last_name');
  return buildOrder(
    {
      orderId: r.id(order.id, 'id'),
      orderNumber: r.text(order.name, 'name') || r.id(order.order_number ?? order.id, 'order_number'),
      createdAt: r.timestamp(order.created_at, 'created_at'),
      currency: r.currency(order.currency, 'currency'),
      customer: {
        email: r.email(order.email, 'email') || r.email(order.contact_email, 'contact_email') || r.email(customer?.email, 'customer.email'),
        firstName,
        lastName,
      },
      shippingAddress: shippingAddress(r, order.shipping_address),
      lines,
      gross: r.money(order.total_price, 'total_price'),
      tax: r.optionalMoney(order.total_tax, 'total_tax', 0),
      shipping: shippingTotal(r, order),
    },
    payload,
    options,
  );
}

function lineTax(r: PayloadReader, line: Fields, path: string): number {
  if (line.tax_lines === undefined || line.tax_lines === null) return 0;
  return r.array(line.tax_lines, `${path}.tax_lines`).reduce<number>((sum, tax, index) => {
    const taxPath = `${path}.tax_lines[${index}]`;
    return sum + r.money(r.object(tax, taxPath).price, `${taxPath}.price`);
  }, 0);
}

function shippingAddress(r: PayloadReader, value: unknown): OrderAddress | null {
  const address = r.optionalObject(value, 'shipping_address');
  if (address === undefined) return null;
  const p = 'shipping_address';
  return buildAddress(r, {
    firstName: r.text(address.first_name, `${p}.first_name`),
    lastName: r.text(address.last_name, `${p}.last_name`),
    name: r.text(address.name, `${p}.name`),
    company: r.text(address.company, `${p}.company`),
    street: r.text(address.address1, `${p}.address1`),
    streetPath: `${p}.address1`,
    addition: r.text(address.address2, `${p}.address2`),
    postalCode: r.text(address.zip, `${p}.zip`),
    city: r.text(address.city, `${p}.city`),
    cityPath: `${p}.city`,
    country: r.text(address.country_code, `${p}.country_code`) || r.text(address.country, `${p}.country`),
    countryPath: `${p}.country_code`,
    phone: r.text(address.phone, `${p}.phone`),
  });
}

function shippingTotal(r: PayloadReader, order: Fields): number {
  const set = r.optionalObject(order.total_shipping_price_set, 'total_shipping_price_set');
  const shopMoney = r.optionalObject(set?.shop_money, 'total_shipping_price_set.shop_money');
  if (shopMoney !== undefined) return r.money(shopMoney.amount, 'total_shipping_price_set.shop_money.amount');
  if (order.shipping_lines === undefined || order.shipping_lines === null) return 0;
  return r.array(order.shipping_lines, 'shipping_lines').reduce<number>((sum, line, index) => {
    const path = `shipping_lines[${index}]`;
    return sum + r.money(r.object(line, path).price, `${path}.price`);
  }, 0);
}
