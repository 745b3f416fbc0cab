import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMemoryLedger } from '../../nodes/commerce/ledger/memory.js';
import customersSegment from '../../nodes/commerce/customers-segment/index.js';
import shopOrder from '../../nodes/commerce/shop-order/index.js';
import shopifyOrderCreated from '../../nodes/commerce/shopify-order-created/index.js';
import shopwareOrderPlaced from '../../nodes/commerce/shopware-order-placed/index.js';
import stockAdjust from '../../nodes/commerce/stock-adjust/index.js';
import stockGet from '../../nodes/commerce/stock-get/index.js';
import stockSet from '../../nodes/commerce/stock-set/index.js';
import woocommerceOrderCreated from '../../nodes/commerce/woocommerce-order-created/index.js';
import { normaliseShopifyOrder, orderSchema, type Order } from '../../nodes/commerce/order/index.js';
import type { JsonObject } from '../../nodes/sdk/index.js';
import { testNode } from '../../nodes/testing/index.js';

function fixture(name: string): JsonObject {
  return JSON.parse(readFileSync(new URL(`../fixtures/shops/${name}`, import.meta.url), 'utf8')) as JsonObject;
}

const request = (body: JsonObject | string): JsonObject => ({ body, headers: { 'content-type': 'application/json' }, query: {}, params: {}, method: 'POST' });
const order = normaliseShopifyOrder(fixture('shopify-orders-create.json'), { shop: 'shopify' });
const orderItem = (o: Order): JsonObject => JSON.parse(JSON.stringify(o)) as JsonObject;

describe('order triggers (testNode)', () => {
  it.each([
    [shopifyOrderCreated, 'shopify-orders-create.json', 'shopify', '5940139491234'],
    [woocommerceOrderCreated, 'woocommerce-order-created.json', 'woocommerce', '4750'],
    [shopwareOrderPlaced, 'shopware-checkout-order-placed.json', 'shopware', '0192b2f3c4d5e6f708192a3b4c5d6e7f'],
    [shopOrder, 'generic-order.json', 'shop', 'A-2026-0042'],
  ] as const)('%#: outputs one item in the common order shape with raw = the payload', async (node, file, shop, orderId) => {
    const payload = fixture(file);
    const result = await testNode(node, { params: { path: 'orders', secret: 's3cret' }, items: [request(payload)] });
    expect(result.status, JSON.stringify(result.error)).toBe('success');
    expect(result.outputs.main).toHaveLength(1);
    const out = orderSchema.parse(result.outputs.main?.[0]);
    expect(out).toMatchObject({ shop, orderId, currency: 'EUR', totals: { gross: 65.7 } });
    expect(out.raw).toEqual(payload);
  });

  it('declares the shop\'s signature preset and event id header to the server', () => {
    const spec = (node: typeof shopifyOrderCreated, params: Record<string, unknown>) => node.trigger?.webhook?.(node.params.parse(params));
    expect(spec(shopifyOrderCreated, { path: 'a', secret: 'k' })).toEqual({
      path: 'a', method: 'POST', responseMode: 'onReceived', auth: { type: 'hmac', preset: 'shopify', secret: 'k' }, eventIdHeader: 'X-Shopify-Webhook-Id',
    });
    expect(spec(woocommerceOrderCreated, { path: 'a', secret: 'k' })).toMatchObject({ auth: { preset: 'woocommerce' }, eventIdHeader: 'X-WC-Webhook-Delivery-ID' });
    expect(spec(shopwareOrderPlaced, { path: 'a', secret: 'k' })).toMatchObject({ auth: { preset: 'shopware' }, eventIdHeader: 'X-Shopware-Event-Id' });
    expect(spec(shopOrder, { path: 'a' })).toEqual({ path: 'a', method: 'POST', responseMode: 'onReceived', auth: { type: 'none' } });
    expect(shopifyOrderCreated.params.safeParse({ path: 'a' }).success).toBe(false);
  });

  it('fails with ORDER_INVALID naming the field', async () => {
    const payload = { ...fixture('shopify-orders-create.json'), currency: 42 };
    const result = await testNode(shopifyOrderCreated, { params: { path: 'o', secret: 's' }, items: [request(payload)] });
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'ORDER_INVALID', message: 'shopify order: currency must be a currency code like EUR (got 42)' });
  });

  it('a WooCommerce ping that reaches the node outputs nothing', async () => {
    const result = await testNode(woocommerceOrderCreated, { params: { path: 'o', secret: 's' }, items: [request({ webhook_id: '7' })] });
    expect(result.status).toBe('success');
    expect(result.outputs.main).toEqual([]);
  });

  it('takes a bare payload as the body (flowwerk run --input)', async () => {
    const result = await testNode(shopOrder, { params: { path: 'o', shop: 'pos' }, items: [fixture('generic-order.json')] });
    expect(result.outputs.main?.[0]).toMatchObject({ shop: 'pos', orderId: 'A-2026-0042' });
  });
});

describe('stock nodes (testNode, in-memory ledger)', () => {
  it('stock.adjust takes an order\'s lines out of stock; main carries what was applied', async () => {
    const ledger = createMemoryLedger({ stock: { 'MUG-BLUE': 5, 'TEE-M': 1 } });
    const result = await testNode(stockAdjust, { items: [orderItem(order)], services: ledger });
    expect(result.status).toBe('success');
    expect(result.outputs.insufficient).toEqual([]);
    expect(result.outputs.main?.[0]).toMatchObject({
      orderId: order.orderId,
      stock: {
        applied: [{ sku: 'MUG-BLUE', qty: 2, delta: -2, quantity: 3 }, { sku: 'TEE-M', qty: 1, delta: -1, quantity: 0 }],
        insufficient: [],
        skipped: [],
        replayed: false,
      },
    });
    expect((await ledger.stock.history('MUG-BLUE'))[0]).toMatchObject({ reason: `order shopify:${order.orderId}`, executionId: 'test-execution' });
  });

  it('routes an order it cannot cover to insufficient, leaving the short line untouched', async () => {
    const ledger = createMemoryLedger({ stock: { 'MUG-BLUE': 5, 'TEE-M': 0 } });
    const result = await testNode(stockAdjust, { items: [orderItem(order)], services: ledger });
    expect(result.outputs.main).toEqual([]);
    expect(result.outputs.insufficient?.[0]).toMatchObject({ stock: { applied: [{ sku: 'MUG-BLUE' }], insufficient: [{ sku: 'TEE-M', qty: 1, available: 0 }] } });
    expect(await ledger.stock.get(['MUG-BLUE', 'TEE-M'])).toMatchObject([{ quantity: 3 }, { quantity: 0 }]);
  });

  it('allOrNothing, increment, item-as-line, lines param and skipped lines without SKU', async () => {
    // Each call is another run (executionId): the same run would get its first result back.
    const ledger = createMemoryLedger({ stock: { 'MUG-BLUE': 5 } });
    const all = await testNode(stockAdjust, { params: { allOrNothing: true }, items: [orderItem(order)], services: ledger });
    expect(all.outputs.insufficient?.[0]).toMatchObject({ stock: { applied: [], insufficient: [{ sku: 'TEE-M' }] } });
    expect(await ledger.stock.get(['MUG-BLUE'])).toMatchObject([{ quantity: 5 }]);

    const restock = await testNode(stockAdjust, { params: { direction: 'increment', reason: 'delivery' }, items: [{ sku: 'TEE-M', quantity: '4' }], services: ledger, executionId: 'e2' });
    expect(restock.outputs.main?.[0]).toMatchObject({ stock: { applied: [{ sku: 'TEE-M', delta: 4, quantity: 4 }] } });

    const byParam = await testNode(stockAdjust, { params: { lines: '{{ $json.items.map(i => ({ sku: i.code, qty: i.n })) }}' }, items: [{ items: [{ code: 'TEE-M', n: 3 }] }], services: ledger, executionId: 'e3' });
    expect(byParam.outputs.main?.[0]).toMatchObject({ stock: { applied: [{ sku: 'TEE-M', quantity: 1 }] } });

    const tip = { ...orderItem(order), lines: [{ sku: '', title: 'Trinkgeld', qty: 1, unitPrice: 2 }, { sku: 'MUG-BLUE', title: 'Tasse', qty: 1, unitPrice: 1 }] };
    const skipped = await testNode(stockAdjust, { items: [tip], services: ledger, executionId: 'e4' });
    expect(skipped.outputs.main?.[0]).toMatchObject({ stock: { applied: [{ sku: 'MUG-BLUE' }], skipped: [{ title: 'Trinkgeld' }] } });
  });

  it('stock.adjust fails clearly: no ledger, no lines, bad quantity', async () => {
    expect((await testNode(stockAdjust, { items: [orderItem(order)] })).error?.code).toBe('SERVICE_UNAVAILABLE');
    const services = createMemoryLedger();
    expect((await testNode(stockAdjust, { items: [{ foo: 1 }], services })).error).toMatchObject({ code: 'STOCK_LINES_MISSING', param: 'lines' });
    expect((await testNode(stockAdjust, { items: [{ lines: [{ sku: 'A', qty: 0 }] }], services })).error?.message).toBe('item 0 lines[0] (SKU A) needs a whole "qty" above 0, got 0');
  });

  it('a retried node run does not take stock twice (same idempotency key)', async () => {
    const ledger = createMemoryLedger({ stock: { 'MUG-BLUE': 5, 'TEE-M': 5 } });
    const first = await testNode(stockAdjust, { items: [orderItem(order)], services: ledger, executionId: 'exec-9' });
    const again = await testNode(stockAdjust, { items: [orderItem(order)], services: ledger, executionId: 'exec-9' });
    expect(again.outputs.main?.[0]).toMatchObject({ stock: { applied: (first.outputs.main?.[0]?.stock as JsonObject).applied, replayed: true } });
    expect(await ledger.stock.get(['MUG-BLUE'])).toMatchObject([{ quantity: 3 }]);
  });

  it('stock.set and stock.get', async () => {
    const ledger = createMemoryLedger({ now: () => Date.parse('2026-11-28T12:00:00Z') });
    const set = await testNode(stockSet, { params: { reason: 'Inventur' }, items: [{ sku: 'MUG-BLUE', quantity: 12 }, { sku: 'TEE-M', quantity: 3 }], services: ledger });
    expect(set.outputs.main).toEqual([
      { sku: 'MUG-BLUE', quantity: 12, previous: 0, change: 12 },
      { sku: 'TEE-M', quantity: 3, previous: 0, change: 3 },
    ]);
    const overwrite = await testNode(stockSet, { params: { sku: 'MUG-BLUE', quantity: 10 }, services: ledger, executionId: 'other' });
    expect(overwrite.outputs.main).toEqual([{ sku: 'MUG-BLUE', quantity: 10, previous: 12, change: -2 }]);
    const get = await testNode(stockGet, { params: { sku: 'MUG-BLUE, NOPE' }, services: ledger });
    expect(get.outputs.main).toEqual([
      { sku: 'MUG-BLUE', quantity: 10, known: true, updatedAt: '2026-11-28T12:00:00.000Z' },
      { sku: 'NOPE', quantity: 0, known: false, updatedAt: null },
    ]);
    expect((await testNode(stockGet, { items: [{ sku: 'TEE-M' }], services: ledger })).outputs.main).toMatchObject([{ sku: 'TEE-M', quantity: 3 }]);
    expect((await testNode(stockSet, { items: [{ sku: 'A', quantity: -1 }], services: ledger })).error).toMatchObject({ code: 'QUANTITY_INVALID', param: 'quantity' });
    expect((await testNode(stockGet, { items: [{}], services: ledger })).error).toMatchObject({ code: 'SKU_MISSING' });
    expect((await testNode(stockSet, { items: [{ sku: 'A', quantity: 1 }] })).error?.code).toBe('SERVICE_UNAVAILABLE');
  });
});

describe('customers.segment (testNode, in-memory history)', () => {
  const now = Date.parse('2026-11-28T00:00:00Z');
  const daysAgo = (days: number) => new Date(now - days * 86_400_000).toISOString();
  const placed = (id: string, email: string, days: number, sku: string, gross: number): Order =>
    ({ ...order, orderId: id, customer: { email, firstName: id, lastName: 'K' }, createdAt: daysAgo(days), lines: [{ sku, title: sku, qty: 1, unitPrice: gross }], totals: { ...order.totals, gross } });

  async function history() {
    const ledger = createMemoryLedger();
    await ledger.orders.record(placed('o1', 'anna@x.de', 200, 'MUG-BLUE', 10), 'e', 0);
    await ledger.orders.record(placed('o2', 'anna@x.de', 120, 'TEE-M', 20.5), 'e', 0);
    await ledger.orders.record(placed('o3', 'ben@x.de', 10, 'MUG-BLUE', 5), 'e', 0);
    await ledger.orders.record(placed('o4', 'carl@x.de', 95, 'TEE-M', 7), 'e', 0);
    return ledger;
  }

  it('finds customers without an order for N days, relative to the run\'s clock', async () => {
    const result = await testNode(customersSegment, { params: { noOrderForDays: 90 }, services: await history(), now: () => now });
    expect(result.outputs.main).toEqual([
      { email: 'anna@x.de', firstName: 'o2', lastName: 'K', lastOrderAt: daysAgo(120), orderCount: 2, totalSpent: 30.5 },
      { email: 'carl@x.de', firstName: 'o4', lastName: 'K', lastOrderAt: daysAgo(95), orderCount: 1, totalSpent: 7 },
    ]);
  });

  it('bought SKU X, and both combined; runs once for many input items', async () => {
    const services = await history();
    const bought = await testNode(customersSegment, { params: { boughtSku: 'MUG-BLUE' }, services, now: () => now, items: [{}, {}, {}] });
    expect(bought.outputs.main?.map((c) => c.email)).toEqual(['anna@x.de', 'ben@x.de']);
    const both = await testNode(customersSegment, { params: { boughtSku: 'MUG-BLUE', noOrderForDays: 90 }, services, now: () => now });
    expect(both.outputs.main?.map((c) => c.email)).toEqual(['anna@x.de']);
    expect((await testNode(customersSegment, { params: {} })).error?.code).toBe('SERVICE_UNAVAILABLE');
  });
});
