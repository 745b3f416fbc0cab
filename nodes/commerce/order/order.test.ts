import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../../sdk/index.js';
import {
  OrderPayloadError, isWooCommercePing, normaliseGenericOrder, normaliseShopifyOrder, normaliseShopwareOrder,
  normaliseWooCommerceOrder, orderSchema, roundMoney, splitStreet, toCountryCode,
} from './index.js';

function fixture(name: string): JsonObject {
  return JSON.parse(readFileSync(new URL(`../../../test/fixtures/shops/${name}`, import.meta.url), 'utf8')) as JsonObject;
}

/** A deep copy of `value` with `edit` applied (fixtures stay untouched). */
function edited(value: JsonObject, edit: (copy: any) => void): JsonObject {
  const copy = structuredClone(value);
  edit(copy);
  return copy;
}

function problem(fn: () => unknown): { code: string; message: string; path: string | undefined } {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(OrderPayloadError);
    const e = error as OrderPayloadError;
    return { code: e.code, message: e.message, path: e.details?.[0]?.path };
  }
  throw new Error('expected the normaliser to throw');
}

const shopify = fixture('shopify-orders-create.json');
const woo = fixture('woocommerce-order-created.json');
const shopware = fixture('shopware-checkout-order-placed.json');
const generic = fixture('generic-order.json');

describe('Shopify orders/create', () => {
  it('maps the documented fields onto the common order', () => {
    const order = normaliseShopifyOrder(shopify, { shop: 'shopify' });
    expect(orderSchema.parse(order)).toEqual(order);
    expect(order).toMatchObject({
      orderId: '5940139491234',
      orderNumber: '#1001',
      shop: 'shopify',
      createdAt: '2026-11-28T09:30:00.000Z',
      currency: 'EUR',
      customer: { email: 'erika.mustermann@example.de', firstName: 'Erika', lastName: 'Mustermann' },
      shippingAddress: {
        name: 'Erika Mustermann', street: 'Heidestraße', houseNumber: '17', addition: '2. OG', postalCode: '51147',
        city: 'Köln', country: 'DE', phone: '+49 221 1234567',
      },
      lines: [
        { sku: 'MUG-BLUE', title: 'Tasse Blau', qty: 2, unitPrice: 14.95 },
        { sku: 'TEE-M', title: 'T-Shirt', qty: 1, unitPrice: 29.9 },
      ],
      totals: { net: 55.2, tax: 10.5, gross: 65.7, shipping: 5.9 },
    });
    expect(order.raw).toBe(shopify);
  });

  it('adds line taxes per unit when prices exclude tax, and sums shipping lines without a price set', () => {
    const order = normaliseShopifyOrder(
      edited(shopify, (o) => {
        o.taxes_included = false;
        o.line_items[0].tax_lines = [{ price: '5.68', rate: 0.19 }];
        delete o.total_shipping_price_set;
      }),
      { shop: 'shopify' },
    );
    expect(order.lines[0]?.unitPrice).toBe(17.79);
    expect(order.totals.shipping).toBe(5.9);
  });

  it('gives null for an order without shipping address and "" for a line without SKU', () => {
    const order = normaliseShopifyOrder(edited(shopify, (o) => { o.shipping_address = null; o.line_items[1].sku = null; }), { shop: 'shopify' });
    expect(order.shippingAddress).toBeNull();
    expect(order.lines[1]?.sku).toBe('');
  });

  it('names the field when something is missing or odd', () => {
    expect(problem(() => normaliseShopifyOrder(edited(shopify, (o) => delete o.id), { shop: 's' }))).toMatchObject({ code: 'ORDER_INVALID', path: 'id' });
    expect(problem(() => normaliseShopifyOrder(edited(shopify, (o) => { o.line_items[1].quantity = 'two'; }), { shop: 's' })).message)
      .toBe('shopify order: line_items[1].quantity must be a whole number above 0 (got "two")');
    expect(problem(() => normaliseShopifyOrder(edited(shopify, (o) => { o.total_price = '12,50'; }), { shop: 's' })).path).toBe('total_price');
    expect(problem(() => normaliseShopifyOrder(edited(shopify, (o) => { o.shipping_address.country_code = 'XX'; o.shipping_address.country = null; }), { shop: 's' })).path)
      .toBe('shipping_address.country_code');
    expect(problem(() => normaliseShopifyOrder(edited(shopify, (o) => { o.created_at = 'yesterday'; }), { shop: 's' })).path).toBe('created_at');
    expect(problem(() => normaliseShopifyOrder(edited(shopify, (o) => { o.line_items = 'x'; }), { shop: 's' })).message).toContain('line_items must be a list');
    expect(problem(() => normaliseShopifyOrder('just text', { shop: 's' })).path).toBe('body');
  });
});

describe('WooCommerce order.created', () => {
  it('maps the documented fields onto the common order', () => {
    const order = normaliseWooCommerceOrder(woo, { shop: 'woocommerce' });
    expect(orderSchema.parse(order)).toEqual(order);
    expect(order).toMatchObject({
      orderId: '4750',
      orderNumber: '4750',
      shop: 'woocommerce',
      createdAt: '2026-11-28T10:30:00.000Z',
      currency: 'EUR',
      customer: { email: 'max@example.de', firstName: 'Max', lastName: 'Mustermann' },
      shippingAddress: {
        name: 'Max Mustermann', company: 'Muster GmbH', street: 'Hauptstraße', houseNumber: '5a', addition: 'Hinterhaus',
        postalCode: '10115', city: 'Berlin', country: 'DE',
      },
      lines: [
        { sku: 'MUG-BLUE', title: 'Tasse Blau', qty: 2, unitPrice: 14.95 },
        { sku: 'TEE-M', title: 'T-Shirt', qty: 1, unitPrice: 29.91 },
      ],
      totals: { net: 55.21, tax: 10.49, gross: 65.7, shipping: 5.9 },
    });
    expect(order.shippingAddress).not.toHaveProperty('phone');
  });

  it('falls back to price without subtotal, null address for virtual orders', () => {
    const order = normaliseWooCommerceOrder(
      edited(woo, (o) => {
        delete o.line_items[0].subtotal;
        o.shipping = { first_name: '', last_name: '', address_1: '', city: '', postcode: '', country: '' };
      }),
      { shop: 'woocommerce' },
    );
    expect(order.lines[0]?.unitPrice).toBe(12.56);
    expect(order.shippingAddress).toBeNull();
  });

  it('names the field when something is missing or odd', () => {
    expect(problem(() => normaliseWooCommerceOrder(edited(woo, (o) => delete o.date_created_gmt), { shop: 'w' })).message)
      .toBe('woocommerce order: date_created_gmt is missing');
    expect(problem(() => normaliseWooCommerceOrder(edited(woo, (o) => { o.currency = 'Euro'; }), { shop: 'w' })).path).toBe('currency');
    expect(problem(() => normaliseWooCommerceOrder(edited(woo, (o) => { o.line_items[0].quantity = 0; }), { shop: 'w' })).path).toBe('line_items[0].quantity');
    expect(problem(() => normaliseWooCommerceOrder(edited(woo, (o) => { o.shipping.city = ''; }), { shop: 'w' })).message).toBe('woocommerce order: shipping.city is missing');
    expect(problem(() => normaliseWooCommerceOrder(edited(woo, (o) => { o.billing.email = 'not-an-address'; }), { shop: 'w' })).path).toBe('billing.email');
  });

  it('recognises the creation ping, form-parsed or as text', () => {
    expect(isWooCommercePing({ webhook_id: '12' })).toBe(true);
    expect(isWooCommercePing('webhook_id=12')).toBe(true);
    expect(isWooCommercePing(woo)).toBe(false);
    expect(isWooCommercePing({ webhook_id: '12', id: 4750 })).toBe(false);
  });
});

describe('Shopware 6 checkout.order.placed', () => {
  it('maps the documented fields onto the common order', () => {
    const order = normaliseShopwareOrder(shopware, { shop: 'shopware' });
    expect(orderSchema.parse(order)).toEqual(order);
    expect(order).toMatchObject({
      orderId: '0192b2f3c4d5e6f708192a3b4c5d6e7f',
      orderNumber: '10023',
      createdAt: '2026-11-28T10:30:00.000Z',
      currency: 'EUR',
      customer: { email: 'jonas.beispiel@example.de', firstName: 'Jonas', lastName: 'Beispiel' },
      shippingAddress: { name: 'Jonas Beispiel', street: 'Lindenallee', houseNumber: '23b', postalCode: '20095', city: 'Hamburg', country: 'DE' },
      lines: [
        { sku: 'MUG-BLUE', title: 'Tasse Blau', qty: 2, unitPrice: 14.95 },
        { sku: 'TEE-M', title: 'T-Shirt', qty: 1, unitPrice: 29.9 },
      ],
      totals: { net: 55.21, tax: 10.49, gross: 65.7, shipping: 5.9 },
    });
  });

  it('skips promotion lines, adds line taxes for net orders, uses amountNet without calculated taxes', () => {
    const order = normaliseShopwareOrder(
      edited(shopware, (b) => {
        const o = b.data.payload.order;
        o.taxStatus = 'net';
        o.lineItems[0].price = { calculatedTaxes: [{ tax: 5.68 }] };
        o.lineItems.push({ type: 'promotion', label: 'Rabatt', quantity: 1, unitPrice: -5 });
        delete o.price;
      }),
      { shop: 'shopware' },
    );
    expect(order.lines).toHaveLength(2);
    expect(order.lines[0]?.unitPrice).toBe(17.79);
    expect(order.totals.tax).toBe(10.49);
  });

  it('names the field when something is missing or odd', () => {
    expect(problem(() => normaliseShopwareOrder(edited(shopware, (b) => delete b.data.payload.order.currency), { shop: 's' })).path)
      .toBe('data.payload.order.currency');
    expect(problem(() => normaliseShopwareOrder(edited(shopware, (b) => { b.data.event = 'product.written'; }), { shop: 's' })).message)
      .toContain('data.event must be "checkout.order.placed"');
    expect(problem(() => normaliseShopwareOrder(edited(shopware, (b) => { b.data.payload.order.lineItems[1].quantity = -1; }), { shop: 's' })).path)
      .toBe('data.payload.order.lineItems[1].quantity');
    expect(problem(() => normaliseShopwareOrder(edited(shopware, (b) => { b.data.payload.order.deliveries[0].shippingOrderAddress.street = null; }), { shop: 's' })).path)
      .toBe('data.payload.order.deliveries[0].shippingOrderAddress.street');
    expect(problem(() => normaliseShopwareOrder({ foo: 1 }, { shop: 's' })).path).toBe('data');
  });
});

describe('generic shop payload', () => {
  it('reads the common shape leniently, also wrapped in `order`', () => {
    const order = normaliseGenericOrder(generic, { shop: 'myshop' });
    expect(orderSchema.parse(order)).toEqual(order);
    expect(order).toMatchObject({
      orderId: 'A-2026-0042',
      orderNumber: '42',
      shop: 'myshop',
      customer: { email: 'lena.test@example.de' },
      shippingAddress: { street: 'Bahnhofstraße', houseNumber: '9', country: 'DE', city: 'München' },
      lines: [{ sku: 'MUG-BLUE', qty: 2, unitPrice: 14.95 }, { sku: 'TEE-M', qty: 1, unitPrice: 29.9 }],
      totals: { net: 55.21, tax: 10.49, gross: 65.7, shipping: 5.9 },
    });
    const wrapped = normaliseGenericOrder({ order: { ...generic, shop: 'pos' } } as JsonValue, { shop: 'myshop' });
    expect(wrapped.shop).toBe('pos');
    expect(wrapped.lines).toEqual(order.lines);
  });

  it('names the field when something is missing or odd', () => {
    expect(problem(() => normaliseGenericOrder(edited(generic, (o) => delete o.totals), { shop: 's' })).message).toBe('shop order: totals must be an object (got nothing)');
    expect(problem(() => normaliseGenericOrder({ order: edited(generic, (o) => { o.lines[0].qty = 1.5; }) }, { shop: 's' })).path).toBe('order.lines[0].qty');
    expect(problem(() => normaliseGenericOrder(edited(generic, (o) => { o.createdAt = '2026-11-28T10:30:00'; }), { shop: 's' })).message)
      .toContain('createdAt must carry a time zone offset');
    expect(problem(() => normaliseGenericOrder(edited(generic, (o) => { o.shippingAddress.country = 'Atlantis'; }), { shop: 's' })).path).toBe('shippingAddress.country');
  });
});

describe('address and money rules', () => {
  it('splits the house number off one street line', () => {
    const cases: [string, string, string][] = [
      ['Hauptstraße 5', 'Hauptstraße', '5'],
      ['Musterweg 12a', 'Musterweg', '12a'],
      ['Am Markt 3-5', 'Am Markt', '3-5'],
      ['Allee 7 / 2', 'Allee', '7/2'],
      ['Musterstr. 12 b', 'Musterstr.', '12b'],
      ['Straße des 17. Juni 135', 'Straße des 17. Juni', '135'],
      ['Hauptstraße, 5', 'Hauptstraße', '5'],
      ['221B Baker Street', 'Baker Street', '221B'],
      ['12 rue de la Paix', 'rue de la Paix', '12'],
      ['Berliner Allee', 'Berliner Allee', ''],
    ];
    for (const [line, street, houseNumber] of cases) expect(splitStreet(line), line).toEqual({ street, houseNumber });
  });

  it('turns codes and names into ISO alpha-2 and rounds money to cents', () => {
    expect(['de', 'DEU', 'Germany', 'Deutschland', 'Österreich', 'UK'].map(toCountryCode)).toEqual(['DE', 'DE', 'DE', 'DE', 'AT', 'GB']);
    expect(['XX', 'EU', 'Atlantis'].map(toCountryCode)).toEqual([undefined, undefined, undefined]);
    expect(roundMoney(1.005)).toBe(1.01);
    expect(roundMoney(0.1 + 0.2)).toBe(0.3);
  });
});
