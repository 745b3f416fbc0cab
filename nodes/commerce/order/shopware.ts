import type { JsonValue } from '../../sdk/index.js';
import { buildAddress, buildOrder, type NormaliseOptions } from './build.js';
import { PayloadReader, type Fields } from './fields.js';
import type { Order, OrderAddress, OrderLine } from './schema.js';

const EVENT = 'checkout.order.placed';
const P = 'data.payload.order';

/**
 * Shopware 6 app webhook `checkout.order.placed` (body `{ data: { payload: { order }, event }, source, timestamp }`,
 * the order entity as camelCase JSON with its line items, deliveries, currency and orderCustomer) → common order.
 *
 * | common | Shopware (below `data.payload.order`) |
 * |---|---|
 * | orderId / orderNumber | `id` / `orderNumber` |
 * | createdAt, currency | `orderDateTime`, `currency.isoCode` |
 * | customer | `orderCustomer.email/firstName/lastName` |
 * | shippingAddress | `deliveries[0].shippingOrderAddress` (`street` split into street + number, `additionalAddressLine1` → addition, `zipcode`, `country.iso`); null without deliveries |
 * | lines | `lineItems[]` except type `promotion`: SKU `payload.productNumber`, `label`, `quantity`, `unitPrice` (+ its taxes per unit when the order's `taxStatus` is `net`) |
 * | totals | gross `amountTotal`, tax Σ `price.calculatedTaxes[].tax` (else `amountTotal − amountNet`), shipping `shippingTotal` |
 */
export function normaliseShopwareOrder(payload: JsonValue, options: NormaliseOptions): Order {
  const r = new PayloadReader('shopware');
  const body = r.object(payload, 'body');
  const data = r.object(body.data, 'data');
  const event = r.text(data.event, 'data.event');
  if (event !== '' && event !== EVENT) r.fail('data.event', `must be "${EVENT}" (got "${event}"; subscribe this trigger to ${EVENT} only)`);
  const order = r.object(r.object(data.payload, 'data.payload').order, P);
  const customer = r.object(order.orderCustomer, `${P}.orderCustomer`);
  const currency = r.object(order.currency, `${P}.currency`);
  const net = r.text(order.taxStatus, `${P}.taxStatus`) === 'net';
  const lines: OrderLine[] = [];
  r.array(order.lineItems, `${P}.lineItems`).forEach((value, index) => {
    const path = `${P}.lineItems[${index}]`;
    const line = r.object(value, path);
    if (line.type === 'promotion') return;
    const qty = r.quantity(line.quantity, `${path}.quantity`);
    const payloadFields = r.optionalObject(line.payload, `${path}.payload`);
    const taxPerUnit = net ? lineTax(r, line, path) / qty : 0;
    lines.push({
      sku: r.text(payloadFields?.productNumber, `${path}.payload.productNumber`),
      title: r.text(line.label, `${path}.label`),
      qty,
      unitPrice: r.money(line.unitPrice, `${path}.unitPrice`) + taxPerUnit,
    });
  });
  const gross = r.money(order.amountTotal, `${P}.amountTotal`);
  return buildOrder(
    {
      orderId: r.id(order.id, `${P}.id`),
      orderNumber: r.text(order.orderNumber, `${P}.orderNumber`) || r.id(order.id, `${P}.id`),
      createdAt: r.timestamp(order.orderDateTime, `${P}.orderDateTime`),
      currency: r.currency(currency.isoCode, `${P}.currency.isoCode`),
      customer: {
        email: r.email(customer.email, `${P}.orderCustomer.email`),
        firstName: r.text(customer.firstName, `${P}.orderCustomer.firstName`),
        lastName: r.text(customer.lastName, `${P}.orderCustomer.lastName`),
      },
      shippingAddress: shippingAddress(r, order.deliveries),
      lines,
      gross,
      tax: orderTax(r, order, gross),
      shipping: r.optionalMoney(order.shippingTotal, `${P}.shippingTotal`, 0),
    },
    payload,
    options,
  );
}

function taxesOf(r: PayloadReader, price: Fields | undefined, path: string): number | undefined {
  if (price?.calculatedTaxes === undefined || price.calculatedTaxes === null) return undefined;
  return r.array(price.calculatedTaxes, `${path}.calculatedTaxes`).reduce<number>((sum, tax, index) => {
    const taxPath = `${path}.calculatedTaxes[${index}]`;
    return sum + r.money(r.object(tax, taxPath).tax, `${taxPath}.tax`);
  }, 0);
}

function lineTax(r: PayloadReader, line: Fields, path: string): number {
  return taxesOf(r, r.optionalObject(line.price, `${path}.price`), `${path}.price`) ?? 0;
}

function orderTax(r: PayloadReader, order: Fields, gross: number): number {
  const fromTaxes = taxesOf(r, r.optionalObject(order.price, `${P}.price`), `${P}.price`);
  if (fromTaxes !== undefined) return fromTaxes;
  return gross - r.optionalMoney(order.amountNet, `${P}.amountNet`, gross);
}

function shippingAddress(r: PayloadReader, deliveries: unknown): OrderAddress | null {
  if (deliveries === undefined || deliveries === null) return null;
  const first = r.array(deliveries, `${P}.deliveries`)[0];
  if (first === undefined) return null;
  const p = `${P}.deliveries[0].shippingOrderAddress`;
  const address = r.object(r.object(first, `${P}.deliveries[0]`).shippingOrderAddress, p);
  const country = r.optionalObject(address.country, `${p}.country`);
  return buildAddress(r, {
    firstName: r.text(address.firstName, `${p}.firstName`),
    lastName: r.text(address.lastName, `${p}.lastName`),
    company: r.text(address.company, `${p}.company`),
    street: r.text(address.street, `${p}.street`),
    streetPath: `${p}.street`,
    addition: r.text(address.additionalAddressLine1, `${p}.additionalAddressLine1`),
    postalCode: r.text(address.zipcode, `${p}.zipcode`),
    city: r.text(address.city, `${p}.city`),
    cityPath: `${p}.city`,
    country: r.text(country?.iso, `${p}.country.iso`) || r.text(country?.iso3, `${p}.country.iso3`),
    countryPath: `${p}.country.iso`,
    phone: r.text(address.phoneNumber, `${p}.phoneNumber`),
  });
}
