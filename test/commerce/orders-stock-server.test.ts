import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderSchema } from '../../nodes/commerce/order/index.js';
import type { JsonObject } from '../../nodes/sdk/index.js';
import { API_KEY, createHarness, type Harness } from '../server/harness.js';

/** The order triggers and stock nodes through the real server in-process: signatures, duplicates, the store. */

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

function fixtureText(name: string): string {
  return readFileSync(new URL(`../fixtures/shops/${name}`, import.meta.url), 'utf8');
}

const sign = (secret: string, body: string, encoding: 'base64' | 'hex') => createHmac('sha256', secret).update(body).digest(encoding);

async function activate(workflow: Record<string, unknown>): Promise<void> {
  const created = await request(h.app).post('/api/v1/workflows').set('X-API-Key', API_KEY).send(workflow);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const activated = await request(h.app).post(`/api/v1/workflows/${String(workflow.id)}/activate`).set('X-API-Key', API_KEY);
  expect(activated.status, JSON.stringify(activated.body)).toBe(200);
}

async function executions(workflowId: string): Promise<number> {
  return (await h.services.store.executions.list({ workflowId, limit: 500 })).data.length;
}

/** Waits for the run and returns the json of each node's outputs. */
async function settled(executionId: string): Promise<Record<string, Record<string, JsonObject[]>>> {
  expect(await h.services.executions.whenSettled(executionId)).toBe('success');
  const detail = await h.services.store.executions.get(executionId);
  const nodes: Record<string, Record<string, JsonObject[]>> = {};
  for (const [id, run] of Object.entries(detail?.nodes ?? {})) {
    nodes[id] = Object.fromEntries(Object.entries(run.outputs).map(([output, items]) => [output, items.map((item) => item.json)]));
  }
  return nodes;
}

describe('shopify.orderCreated → stock.adjust', () => {
  const secret = 'shpss_test_secret';
  const body = fixtureText('shopify-orders-create.json');
  const post = (payload: string, headers: Record<string, string>) =>
    request(h.app).post('/webhook/shopify/orders').set('Content-Type', 'application/json').set(headers).send(payload);

  beforeAll(async () => {
    await activate({
      id: 'shopify-stock',
      nodes: [
        { id: 'order', type: 'shopify.orderCreated', params: { path: 'shopify/orders', secret } },
        { id: 'adjust', type: 'stock.adjust', params: {} },
        { id: 'shipped', type: 'noop', params: {} },
        { id: 'short', type: 'noop', params: {} },
      ],
      connections: [
        { from: 'order', to: 'adjust' },
        { from: 'adjust', to: 'shipped' },
        { from: 'adjust', output: 'insufficient', to: 'short' },
      ],
    });
    const context = { reason: 'test setup', executionId: null };
    await h.services.store.stock.set('MUG-BLUE', 5, { ...context, idempotencyKey: 'setup-mug' });
    await h.services.store.stock.set('TEE-M', 1, { ...context, idempotencyKey: 'setup-tee' });
  });

  it('accepts a signed order: one item in the common shape, stock taken, order recorded', async () => {
    const res = await post(body, { 'X-Shopify-Hmac-Sha256': sign(secret, body, 'base64'), 'X-Shopify-Webhook-Id': 'wh-1', 'X-Shopify-Topic': 'orders/create' });
    expect(res.status).toBe(202);
    const nodes = await settled(res.body.executionId);
    expect(nodes.order?.main).toHaveLength(1);
    const order = orderSchema.parse(nodes.order?.main?.[0]);
    expect(order).toMatchObject({ orderId: '5940139491234', shop: 'shopify', shippingAddress: { street: 'Heidestraße', houseNumber: '17', country: 'DE' } });
    expect(order.raw).toEqual(JSON.parse(body));
    expect(nodes.shipped?.main?.[0]?.stock).toMatchObject({ applied: [{ sku: 'MUG-BLUE', quantity: 3 }, { sku: 'TEE-M', quantity: 0 }], insufficient: [] });
    expect(await h.services.store.stock.get(['MUG-BLUE', 'TEE-M'])).toMatchObject([{ quantity: 3 }, { quantity: 0 }]);
    expect((await h.services.store.stock.history('MUG-BLUE'))[0]).toMatchObject({ delta: -2, reason: 'order shopify:5940139491234', executionId: res.body.executionId });
    expect(await h.services.store.orders.get('shopify', '5940139491234')).toMatchObject({ executionId: res.body.executionId, totals: { gross: 65.7 } });
  });

  it('answers 401 to a bad or missing signature and stores nothing', async () => {
    const before = await executions('shopify-stock');
    const bad = await post(body, { 'X-Shopify-Hmac-Sha256': sign('wrong-secret', body, 'base64'), 'X-Shopify-Webhook-Id': 'wh-bad' });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('WEBHOOK_UNAUTHORIZED');
    const tampered = await post(body.replace('"quantity": 2', '"quantity": 20'), { 'X-Shopify-Hmac-Sha256': sign(secret, body, 'base64'), 'X-Shopify-Webhook-Id': 'wh-bad2' });
    expect(tampered.status).toBe(401);
    expect((await post(body, { 'X-Shopify-Webhook-Id': 'wh-bad3' })).status).toBe(401);
    expect(await executions('shopify-stock')).toBe(before);
  });

  it('runs a repeated delivery (same X-Shopify-Webhook-Id) once; the same order under a new id starts nothing further', async () => {
    const before = await executions('shopify-stock');
    const headers = { 'X-Shopify-Hmac-Sha256': sign(secret, body, 'base64'), 'X-Shopify-Webhook-Id': 'wh-1' };
    const again = await Promise.all([post(body, headers), post(body, headers)]);
    for (const res of again) expect(res.status === 200 && res.body.duplicate === true, JSON.stringify(res.body)).toBe(true);
    expect(await executions('shopify-stock')).toBe(before);

    const redelivered = await post(body, { ...headers, 'X-Shopify-Webhook-Id': 'wh-2' });
    expect(redelivered.status).toBe(202);
    const nodes = await settled(redelivered.body.executionId);
    expect(nodes.order?.main).toEqual([]);
    expect(nodes.adjust?.main ?? []).toEqual([]);
    expect(await h.services.store.stock.get(['MUG-BLUE', 'TEE-M'])).toMatchObject([{ quantity: 3 }, { quantity: 0 }]);
  });

  it('sends an order stock cannot cover to the insufficient branch', async () => {
    const other = JSON.stringify({ ...JSON.parse(body), id: 5940139499999, name: '#1002' });
    const res = await post(other, { 'X-Shopify-Hmac-Sha256': sign(secret, other, 'base64'), 'X-Shopify-Webhook-Id': 'wh-3' });
    expect(res.status).toBe(202);
    const nodes = await settled(res.body.executionId);
    expect(nodes.shipped?.main ?? []).toEqual([]);
    expect(nodes.short?.main?.[0]?.stock).toMatchObject({ applied: [{ sku: 'MUG-BLUE', quantity: 1 }], insufficient: [{ sku: 'TEE-M', qty: 1, available: 0 }] });
    expect(await h.services.store.stock.get(['TEE-M'])).toMatchObject([{ quantity: 0 }]);
  });
});

describe('woocommerce.orderCreated', () => {
  const secret = 'wc-secret-123';
  const body = fixtureText('woocommerce-order-created.json');
  const post = (payload: string, headers: Record<string, string>) =>
    request(h.app).post('/webhook/woo/orders').set('Content-Type', 'application/json').set(headers).send(payload);

  beforeAll(async () => {
    await activate({ id: 'woo-orders', nodes: [{ id: 'order', type: 'woocommerce.orderCreated', params: { path: 'woo/orders', secret } }], connections: [] });
  });

  it('answers the unsigned creation ping with 200 and starts nothing', async () => {
    const ping = await request(h.app).post('/webhook/woo/orders').set('User-Agent', 'WooCommerce/9.4.2 Hookshot (WordPress/6.7)').type('form').send('webhook_id=17');
    expect(ping.status).toBe(200);
    const bare = await request(h.app).post('/webhook/woo/orders').send('webhook_id=17');
    expect(bare.status).toBe(200);
    expect(await executions('woo-orders')).toBe(0);
  });

  it('accepts a signed order, 401 for a bad signature, one run per delivery id', async () => {
    const headers = { 'X-WC-Webhook-Signature': sign(secret, body, 'base64'), 'X-WC-Webhook-Delivery-ID': 'd-1', 'X-WC-Webhook-Topic': 'order.created' };
    const res = await post(body, headers);
    expect(res.status).toBe(202);
    const nodes = await settled(res.body.executionId);
    expect(orderSchema.parse(nodes.order?.main?.[0])).toMatchObject({ shop: 'woocommerce', orderId: '4750', shippingAddress: { houseNumber: '5a' } });
    expect((await post(body, headers)).body).toMatchObject({ duplicate: true, executionId: res.body.executionId });
    expect((await post(body, { ...headers, 'X-WC-Webhook-Signature': sign('nope', body, 'base64'), 'X-WC-Webhook-Delivery-ID': 'd-2' })).status).toBe(401);
    expect(await executions('woo-orders')).toBe(1);
  });
});

describe('shopware.orderPlaced', () => {
  const secret = 'shopware-shop-secret';
  const body = fixtureText('shopware-checkout-order-placed.json');
  const post = (payload: string, headers: Record<string, string>) =>
    request(h.app).post('/webhook/shopware/orders').set('Content-Type', 'application/json').set(headers).send(payload);

  beforeAll(async () => {
    await activate({ id: 'sw-orders', nodes: [{ id: 'order', type: 'shopware.orderPlaced', params: { path: 'shopware/orders', secret } }], connections: [] });
  });

  it('accepts a hex-signed delivery, 401 for a base64 one, one run per X-Shopware-Event-Id', async () => {
    const headers = { 'shopware-shop-signature': sign(secret, body, 'hex'), 'X-Shopware-Event-Id': 'ev-1' };
    const res = await post(body, headers);
    expect(res.status).toBe(202);
    const nodes = await settled(res.body.executionId);
    expect(orderSchema.parse(nodes.order?.main?.[0])).toMatchObject({ shop: 'shopware', orderNumber: '10023', customer: { email: 'jonas.beispiel@example.de' } });
    expect((await post(body, headers)).status).toBe(200);
    expect((await post(body, { ...headers, 'shopware-shop-signature': sign(secret, body, 'base64'), 'X-Shopware-Event-Id': 'ev-2' })).status).toBe(401);
    expect(await executions('sw-orders')).toBe(1);
  });

  it('a failed normalisation fails the run with ORDER_INVALID naming the field', async () => {
    const broken = body.replace('"isoCode": "EUR"', '"isoCode": null').replace('0192b2f3c4d5e6f708192a3b4c5d6e7f', 'other-order');
    const res = await post(broken, { 'shopware-shop-signature': sign(secret, broken, 'hex'), 'X-Shopware-Event-Id': 'ev-3' });
    expect(res.status).toBe(202);
    expect(await h.services.executions.whenSettled(res.body.executionId)).toBe('failed');
    const detail = await h.services.store.executions.get(res.body.executionId);
    expect(detail?.error).toMatchObject({ code: 'ORDER_INVALID', message: 'shopware order: data.payload.order.currency.isoCode is missing' });
  });
});

describe('shop.order and customers.segment', () => {
  it('takes a generic order with header auth and finds its customer in the segment', async () => {
    await activate({
      id: 'generic-orders',
      nodes: [{ id: 'order', type: 'shop.order', params: { path: 'pos/orders', shop: 'pos', auth: { type: 'header', name: 'X-Token', value: 't0ken' }, eventIdHeader: 'X-Delivery' } }],
      connections: [],
    });
    const body = fixtureText('generic-order.json');
    expect((await request(h.app).post('/webhook/pos/orders').set('Content-Type', 'application/json').send(body)).status).toBe(401);
    const res = await request(h.app).post('/webhook/pos/orders').set('Content-Type', 'application/json').set('X-Token', 't0ken').set('X-Delivery', 'x1').send(body);
    expect(res.status).toBe(202);
    const nodes = await settled(res.body.executionId);
    expect(nodes.order?.main?.[0]).toMatchObject({ shop: 'pos', orderId: 'A-2026-0042' });

    const created = await request(h.app).post('/api/v1/workflows').set('X-API-Key', API_KEY).send({
      id: 'segment',
      nodes: [
        { id: 'start', type: 'manual', params: {} },
        { id: 'mugBuyers', type: 'customers.segment', params: { boughtSku: 'MUG-BLUE' } },
      ],
      connections: [{ from: 'start', to: 'mugBuyers' }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const run = await request(h.app).post('/api/v1/workflows/segment/run').set('X-API-Key', API_KEY).send({ input: {}, wait: true });
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    const emails = (run.body.output as JsonObject[]).map((customer) => customer.email);
    expect(emails).toEqual(expect.arrayContaining(['lena.test@example.de', 'max@example.de', 'jonas.beispiel@example.de', 'erika.mustermann@example.de']));
    expect(run.body.output.find((c: JsonObject) => c.email === 'lena.test@example.de')).toMatchObject({ firstName: 'Lena', lastName: 'Test', orderCount: 1, totalSpent: 65.7 });
  });
});
