import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isJsonObject, type JsonObject, type JsonValue } from '../../nodes/sdk/index.js';

/** Shopify `orders/create` deliveries for tests, built from the fixture test/fixtures/shops/shopify-orders-create.json. */

const FIXTURE: unknown = JSON.parse(readFileSync(new URL('../fixtures/shops/shopify-orders-create.json', import.meta.url), 'utf8'));

function object(value: unknown): JsonObject {
  if (!isJsonObject(value)) throw new Error('shopify fixture: expected an object');
  return value;
}

export interface ShopifyLine {
  readonly sku: string;
  /** Default: the fixture line's quantity. */
  readonly quantity?: number;
  readonly title?: string;
}

export interface ShopifyOrderSpec {
  /** The order number (`#1234`); the order id is derived from it. */
  readonly number: number;
  /** One per line, on top of the fixture's line at the same index (else its first); default: the fixture's lines. */
  readonly lines?: readonly ShopifyLine[];
  /** The customer's e-mail (order, contact and customer). */
  readonly email?: string;
  /** The shipping address's postal code. */
  readonly zip?: string;
  /** Further top-level fields, last (e.g. `created_at`, `total_price`, `customer`). */
  readonly extra?: JsonObject;
}

/** The raw body text (as signed) of order `spec.number`. */
export function shopifyOrderBody(spec: ShopifyOrderSpec): string {
  const fixture = object(FIXTURE);
  const fixtureLines = Array.isArray(fixture.line_items) ? fixture.line_items.map(object) : [];
  const id = 5940139400000 + spec.number;
  const lines = spec.lines?.map((line, index): JsonValue => {
    const base = fixtureLines[index] ?? fixtureLines[0] ?? {};
    return {
      ...base,
      id: 13960000 + spec.number * 10 + index,
      sku: line.sku,
      ...(line.quantity !== undefined && { quantity: line.quantity }),
      ...(line.title !== undefined && { title: line.title, name: line.title }),
    };
  });
  return JSON.stringify({
    ...fixture,
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#${spec.number}`,
    order_number: spec.number,
    ...(spec.email !== undefined && { email: spec.email, contact_email: spec.email, customer: { ...object(fixture.customer), id: 6890000 + spec.number, email: spec.email } }),
    ...(spec.zip !== undefined && { shipping_address: { ...object(fixture.shipping_address), zip: spec.zip } }),
    ...(lines !== undefined && { line_items: lines }),
    ...spec.extra,
  });
}

/** The headers Shopify sends with a delivery: base64 HMAC-SHA256 of the raw body with the app's secret, topic, id. */
export function shopifyHeaders(secret: string, body: string, webhookId: string): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'X-Shopify-Topic': 'orders/create',
    'X-Shopify-Shop-Domain': 'mein-shop.myshopify.com',
    'X-Shopify-API-Version': '2025-01',
    'X-Shopify-Webhook-Id': webhookId,
    'X-Shopify-Hmac-Sha256': createHmac('sha256', secret).update(body).digest('base64'),
  };
}
