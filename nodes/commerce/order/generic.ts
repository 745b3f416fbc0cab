import type { JsonValue } from '../../sdk/index.js';
import { buildAddress, buildOrder, type NormaliseOptions } from './build.js';
import { PayloadReader } from './fields.js';
import type { Order, OrderAddress, OrderLine } from './schema.js';

/**
 * The generic shop payload (`shop.order`): the common order shape itself, read leniently, as the body or under
 * `order`. Money may be numbers or decimal strings, `qty` a numeric string, `country` alpha-2, alpha-3 or an
 * English/German name; a `street` with the number in it is split when `houseNumber` is absent; `totals.tax` and
 * `totals.shipping` default to 0, `orderNumber` to `orderId`, `shop` to the trigger's param.
 */
export function normaliseGenericOrder(payload: JsonValue, options: NormaliseOptions): Order {
  const r = new PayloadReader('shop');
  const body = r.object(payload, 'body');
  const wrapped = typeof body.order === 'object' && body.order !== null && !Array.isArray(body.order);
  const order = wrapped ? r.object(body.order, 'order') : body;
  const p = wrapped ? 'order.' : '';
  const customer = r.optionalObject(order.customer, `${p}customer`);
  const totals = r.object(order.totals, `${p}totals`);
  const lines = r.array(order.lines, `${p}lines`).map((value, index): OrderLine => {
    const path = `${p}lines[${index}]`;
    const line = r.object(value, path);
    return {
      sku: r.text(line.sku, `${path}.sku`),
      title: r.text(line.title, `${path}.title`),
      qty: r.quantity(line.qty, `${path}.qty`),
      unitPrice: r.money(line.unitPrice, `${path}.unitPrice`),
    };
  });
  const orderId = r.id(order.orderId, `${p}orderId`);
  const shop = r.text(order.shop, `${p}shop`);
  return buildOrder(
    {
      orderId,
      orderNumber: r.text(order.orderNumber, `${p}orderNumber`) || orderId,
      createdAt: r.timestamp(order.createdAt, `${p}createdAt`),
      currency: r.currency(order.currency, `${p}currency`),
      customer: {
        email: r.email(customer?.email, `${p}customer.email`),
        firstName: r.text(customer?.firstName, `${p}customer.firstName`),
        lastName: r.text(customer?.lastName, `${p}customer.lastName`),
      },
      shippingAddress: shippingAddress(r, order.shippingAddress, `${p}shippingAddress`),
      lines,
      gross: r.money(totals.gross, `${p}totals.gross`),
      tax: r.optionalMoney(totals.tax, `${p}totals.tax`, 0),
      shipping: r.optionalMoney(totals.shipping, `${p}totals.shipping`, 0),
    },
    payload,
    { shop: shop !== '' ? shop : options.shop },
  );
}

function shippingAddress(r: PayloadReader, value: unknown, p: string): OrderAddress | null {
  const address = r.optionalObject(value, p);
  if (address === undefined) return null;
  return buildAddress(r, {
    firstName: r.text(address.firstName, `${p}.firstName`),
    lastName: r.text(address.lastName, `${p}.lastName`),
    name: r.text(address.name, `${p}.name`),
    company: r.text(address.company, `${p}.company`),
    street: r.text(address.street, `${p}.street`),
    streetPath: `${p}.street`,
    houseNumber: r.text(address.houseNumber, `${p}.houseNumber`),
    addition: r.text(address.addition, `${p}.addition`),
    postalCode: r.text(address.postalCode, `${p}.postalCode`),
    city: r.text(address.city, `${p}.city`),
    cityPath: `${p}.city`,
    country: r.text(address.country, `${p}.country`),
    countryPath: `${p}.country`,
    phone: r.text(address.phone, `${p}.phone`),
  });
}
