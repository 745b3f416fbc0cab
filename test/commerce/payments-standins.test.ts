import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../nodes/sdk/index.js';
import { paypalCredential, paypalCredentialSchema } from '../../nodes/commerce/paypal/credentials.js';
import { PAYPAL_REQUEST_SCHEMAS, validatePaypalRequest } from '../standins/paypal-schema.js';
import { startPaypalStandin, type PaypalStandin } from '../standins/paypal.js';
import { startKlarnaStandin, type KlarnaStandin } from '../standins/klarna.js';

/** The official OpenAPI copies (apis.md: `../shared/contracts/` seen from the project root). */
const CONTRACTS = path.resolve(import.meta.dirname, '../../../shared/contracts/paypal');
const KEEP = new Set(['type', 'properties', 'required', 'items', 'minItems', 'maxItems', 'minLength', 'maxLength', 'pattern', 'enum', 'allOf', '$ref']);

/** Re-derives the stand-in's subset from an official schema: validation keywords only, foreign $refs → object. */
function subset(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(subset);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!KEEP.has(key)) continue;
    if (key === 'properties' && typeof value === 'object' && value !== null) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, property]) => [name, subset(property)]));
    } else if (key === '$ref' && typeof value === 'string') {
      const name = value.split('/').pop() ?? '';
      if (!(name in PAYPAL_REQUEST_SCHEMAS)) return { type: 'object' };
      out[key] = name;
    } else {
      out[key] = subset(value);
    }
  }
  return out;
}

describe('PayPal request schemas', () => {
  it.skipIf(!existsSync(CONTRACTS))('match the official OpenAPI files', () => {
    const load = (file: string): Record<string, unknown> => JSON.parse(readFileSync(path.join(CONTRACTS, file), 'utf8')).components.schemas;
    const orders = load('checkout_orders_v2.json');
    const payments = load('payments_payment_v2.json');
    for (const name of Object.keys(PAYPAL_REQUEST_SCHEMAS)) {
      const official = name === 'refund_request' ? payments[name] : orders[name];
      expect(subset(official), name).toEqual(PAYPAL_REQUEST_SCHEMAS[name]);
    }
  });

  it('report missing and malformed fields as PayPal does', () => {
    expect(validatePaypalRequest('refund_request', {})).toEqual([]);
    expect(validatePaypalRequest('refund_request', { amount: { value: '10' } })).toMatchObject([{ field: '/amount/currency_code', issue: 'MISSING_REQUIRED_PARAMETER' }]);
    expect(validatePaypalRequest('refund_request', { amount: { value: '10,00', currency_code: 'EURO' } }).map((issue) => [issue.field, issue.issue])).toEqual([
      ['/amount/currency_code', 'INVALID_STRING_LENGTH'],
      ['/amount/value', 'INVALID_PARAMETER_SYNTAX'],
    ]);
    expect(validatePaypalRequest('order_request', { intent: 'SALE', purchase_units: [] }).map((issue) => [issue.field, issue.issue])).toEqual([
      ['/intent', 'INVALID_PARAMETER_VALUE'],
      ['/purchase_units', 'INVALID_ARRAY_MIN_ITEMS'],
    ]);
  });
});

describe('PayPal stand-in', () => {
  let paypal: PaypalStandin;
  let token: string;
  beforeAll(async () => {
    paypal = await startPaypalStandin();
    const issued = await fetch(`${paypal.url}/v1/oauth2/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`${paypal.clientId}:${paypal.clientSecret}`).toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    const body: unknown = await issued.json();
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 32_400, app_id: expect.any(String), scope: expect.any(String) });
    token = typeof body === 'object' && body !== null && 'access_token' in body ? String(body.access_token) : '';
  });
  afterAll(async () => {
    await paypal.close();
  });

  const post = (route: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${paypal.url}${route}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('creates orders from a schema-valid body, answers 400 INVALID_REQUEST otherwise, and 401 without a token', async () => {
    const created = await post('/v2/checkout/orders', { intent: 'CAPTURE', purchase_units: [{ reference_id: 'ORDER-1001', amount: { currency_code: 'EUR', value: '100.00' } }] });
    expect(created.status).toBe(201);
    const order: unknown = await created.json();
    expect(order).toMatchObject({ status: 'CREATED', links: expect.arrayContaining([expect.objectContaining({ rel: 'approve' })]) });

    const bad = await post('/v2/checkout/orders', { intent: 'CAPTURE', purchase_units: [{ amount: { value: '1.00' } }] });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ name: 'INVALID_REQUEST', debug_id: expect.any(String), details: [{ field: '/purchase_units/0/amount/currency_code', issue: 'MISSING_REQUIRED_PARAMETER' }] });

    const anonymous = await fetch(`${paypal.url}/v2/checkout/orders`, { method: 'POST', body: '{}' });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ name: 'AUTHENTICATION_FAILURE' });
  });

  it('answers a minimal capture unless asked for the representation, and refuses a second capture', async () => {
    const orderId = paypal.createOrder({ amount: '10.00' });
    const minimal = await post(`/v2/checkout/orders/${orderId}/capture`, {});
    expect(minimal.status).toBe(201);
    expect(Object.keys(await minimal.json() as object).sort()).toEqual(['id', 'links', 'status']);
    const again = await post(`/v2/checkout/orders/${orderId}/capture`, {});
    expect(again.status).toBe(422);
    expect(await again.json()).toMatchObject({ name: 'UNPROCESSABLE_ENTITY', details: [{ issue: 'ORDER_ALREADY_CAPTURED' }] });
  });

  it('credential test: a token is issued for good credentials, PAYPAL_AUTH_FAILED for bad ones', async () => {
    const tools = { http: createHttpClient({ signal: new AbortController().signal, idempotencyKey: 'test' }), signal: new AbortController().signal };
    const good = paypalCredentialSchema.parse({ baseUrl: paypal.url, clientId: paypal.clientId, clientSecret: paypal.clientSecret });
    await expect(paypalCredential.test?.(good, tools)).resolves.toBeUndefined();
    await expect(paypalCredential.test?.({ ...good, clientSecret: 'nope' }, tools)).rejects.toMatchObject({ code: 'PAYPAL_AUTH_FAILED' });
  });
});

describe('Klarna stand-in', () => {
  let klarna: KlarnaStandin;
  beforeAll(async () => {
    klarna = await startKlarnaStandin();
  });
  afterAll(async () => {
    await klarna.close();
  });

  it('serves the order with its amounts and names bad fields', async () => {
    const orderId = klarna.createOrder({ amount: 2500 });
    const auth = `Basic ${Buffer.from(`${klarna.username}:${klarna.password}`).toString('base64')}`;
    const bad = await fetch(`${klarna.url}/ordermanagement/v1/orders/${orderId}/captures`, {
      method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ captured_amount: 19.99 }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error_code: 'BAD_VALUE', error_messages: [expect.stringContaining('captured_amount')], correlation_id: expect.any(String) });
    const order = await fetch(`${klarna.url}/ordermanagement/v1/orders/${orderId}`, { headers: { Authorization: auth } });
    expect(await order.json()).toMatchObject({ order_id: orderId, status: 'AUTHORIZED', order_amount: 2500, captured_amount: 0, remaining_authorized_amount: 2500 });
    const anonymous = await fetch(`${klarna.url}/ordermanagement/v1/orders/${orderId}`);
    expect(anonymous.status).toBe(401);
  });
});
