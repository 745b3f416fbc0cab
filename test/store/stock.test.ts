import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Order } from '../../nodes/commerce/order/index.js';
import type { Store } from '../../server/store/types.js';
import { backends } from './backends.js';

const ctx = (key: string, reason = 'test') => ({ reason, executionId: 'exec-1', idempotencyKey: key });

function order(orderId: string, email: string, createdAt: string, lines: [string, number][], gross = 10, shop = 'shopify'): Order {
  return {
    orderId, orderNumber: orderId, shop, createdAt, currency: 'EUR',
    customer: { email, firstName: `F-${orderId}`, lastName: 'L' },
    shippingAddress: null,
    lines: lines.map(([sku, qty]) => ({ sku, title: sku, qty, unitPrice: 1 })),
    totals: { net: gross, tax: 0, gross, shipping: 0 },
    raw: { id: orderId },
  };
}

describe.each(backends)('stock ledger and order history ($name)', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let clock = 1_000;

  beforeEach(async () => {
    clock = 1_000;
    ({ store, dispose } = await backend.open(() => clock));
  });
  afterEach(async () => dispose());

  it('sets, reads and records history; unknown SKUs are left out', async () => {
    expect(await store.stock.set('MUG', 10, ctx('s1', 'inventory count'))).toEqual({ sku: 'MUG', quantity: 10, previous: 0, replayed: false });
    clock = 2_000;
    expect(await store.stock.set('MUG', 7, ctx('s2'))).toMatchObject({ quantity: 7, previous: 10 });
    expect(await store.stock.get(['NOPE', 'MUG'])).toEqual([{ sku: 'MUG', quantity: 7, updatedAt: 2_000 }]);
    expect(await store.stock.history('MUG')).toEqual([
      { sku: 'MUG', delta: -3, quantityAfter: 7, reason: 'test', executionId: 'exec-1', at: 2_000 },
      { sku: 'MUG', delta: 10, quantityAfter: 10, reason: 'inventory count', executionId: 'exec-1', at: 1_000 },
    ]);
    await expect(store.stock.set('MUG', -1, ctx('s3'))).rejects.toThrow(/>= 0/);
  });

  it('lists levels ordered by SKU after a cursor, optionally by prefix (case-sensitive, punctuation counts)', async () => {
    for (const [index, sku] of ['tee-m', 'TEE-M', 'TEE-L', 'TEEM', 'MUG', 'TEE_%'].entries()) await store.stock.set(sku, index, ctx(`l${index}`));
    const skus = async (query: Parameters<Store['stock']['list']>[0]) => (await store.stock.list(query)).map((level) => level.sku);
    const all = await skus({});
    expect([...all].sort()).toEqual(['MUG', 'TEE-L', 'TEE-M', 'TEEM', 'TEE_%', 'tee-m']);
    // Pages follow the database's order; walking them with the last SKU as cursor visits every SKU once.
    const walked: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await skus({ limit: 4, ...(after !== undefined && { after }) });
      walked.push(...page);
      if (page.length < 4) break;
      after = page.at(-1);
    }
    expect(walked).toEqual(all);
    expect((await skus({ prefix: 'TEE-' })).sort()).toEqual(['TEE-L', 'TEE-M']);
    expect(await skus({ prefix: 'TEE_' })).toEqual(['TEE_%']);
    expect(await skus({ prefix: 'tee' })).toEqual(['tee-m']);
    expect(await store.stock.list({ prefix: 'MUG' })).toEqual([{ sku: 'MUG', quantity: 4, updatedAt: expect.any(Number) }]);
  });

  it('adjusts all lines of an order in one go; a line stock cannot cover changes nothing and is reported', async () => {
    await store.stock.set('A', 5, ctx('a'));
    await store.stock.set('B', 1, ctx('b'));
    const result = await store.stock.adjust({ ...ctx('order-1', 'order 1'), direction: 'decrement', lines: [{ sku: 'B', qty: 2 }, { sku: 'A', qty: 3 }, { sku: 'C', qty: 1 }] });
    expect(result).toEqual({
      applied: [{ sku: 'A', qty: 3, delta: -3, quantity: 2 }],
      insufficient: [{ sku: 'B', qty: 2, available: 1 }, { sku: 'C', qty: 1, available: 0 }],
      replayed: false,
    });
    expect(await store.stock.get(['A', 'B', 'C'])).toMatchObject([{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 1 }]);
    const back = await store.stock.adjust({ ...ctx('return-1', 'return'), direction: 'increment', lines: [{ sku: 'A', qty: 3 }, { sku: 'NEW', qty: 4 }] });
    expect(back.applied).toEqual([{ sku: 'A', qty: 3, delta: 3, quantity: 5 }, { sku: 'NEW', qty: 4, delta: 4, quantity: 4 }]);
    expect((await store.stock.history('A'))[0]).toMatchObject({ delta: 3, quantityAfter: 5, reason: 'return' });
  });

  it('allOrNothing leaves every line untouched when one is short', async () => {
    await store.stock.set('A', 5, ctx('a'));
    const result = await store.stock.adjust({ ...ctx('o'), direction: 'decrement', allOrNothing: true, lines: [{ sku: 'A', qty: 2 }, { sku: 'B', qty: 1 }] });
    expect(result).toEqual({ applied: [], insufficient: [{ sku: 'B', qty: 1, available: 0 }], replayed: false });
    expect(await store.stock.get(['A'])).toMatchObject([{ quantity: 5 }]);
    expect(await store.stock.history('A')).toHaveLength(1);
  });

  it('applies a key once: a retried or resumed node run gets the first result back', async () => {
    await store.stock.set('A', 5, ctx('a'));
    const request = { ...ctx('exec-1:adjust:0'), direction: 'decrement' as const, lines: [{ sku: 'A', qty: 2 }] };
    const first = await store.stock.adjust(request);
    const again = await Promise.all([store.stock.adjust(request), store.stock.adjust(request)]);
    expect(again).toEqual([{ ...first, replayed: true }, { ...first, replayed: true }]);
    expect(await store.stock.get(['A'])).toMatchObject([{ quantity: 3 }]);
    expect(await store.stock.history('A')).toHaveLength(2);
    expect(await store.stock.set('A', 9, ctx('a'))).toEqual({ sku: 'A', quantity: 5, previous: 0, replayed: true });
  });

  it('100 concurrent adjusts of 1 on stock 30: exactly 30 succeed, stock ends at 0', async () => {
    await store.stock.set('HOT', 30, ctx('init'));
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => store.stock.adjust({ ...ctx(`run-${i}:adjust:0`, `order ${i}`), direction: 'decrement', lines: [{ sku: 'HOT', qty: 1 }] })),
    );
    expect(results.filter((r) => r.applied.length === 1)).toHaveLength(30);
    expect(results.filter((r) => r.insufficient.length === 1)).toHaveLength(70);
    expect(await store.stock.get(['HOT'])).toMatchObject([{ quantity: 0 }]);
    const history = await store.stock.history('HOT', 1000);
    expect(history).toHaveLength(31);
    expect(Math.min(...history.map((entry) => entry.quantityAfter))).toBe(0);
    expect(new Set(results.flatMap((r) => r.applied.map((line) => line.quantity))).size).toBe(30);
  });

  it('records orders once per shop and orderId', async () => {
    const first = order('1001', 'Erika@Example.de', '2026-01-01T10:00:00.000Z', [['MUG', 2]]);
    expect(await store.orders.record(first, 'exec-a', 5)).toEqual({ status: 'created' });
    expect(await store.orders.record({ ...first, totals: { ...first.totals, gross: 999 } }, 'exec-b', 6)).toEqual({ status: 'known', executionId: 'exec-a' });
    expect(await store.orders.record({ ...first, shop: 'woocommerce' }, 'exec-c', 7)).toEqual({ status: 'created' });
    const stored = await store.orders.get('shopify', '1001');
    expect(stored).toMatchObject({ orderId: '1001', customer: { email: 'erika@example.de' }, totals: { gross: 10 }, executionId: 'exec-a', recordedAt: 5 });
    expect(stored).not.toHaveProperty('raw');
    const concurrent = await Promise.all([1, 2, 3, 4].map((n) => store.orders.record(order('2002', 'x@y.de', '2026-01-02T00:00:00Z', []), `e${n}`, n)));
    expect(concurrent.filter((r) => r.status === 'created')).toHaveLength(1);
  });

  it('segments customers: bought a SKU, no order since, both, by shop', async () => {
    await store.orders.record(order('1', 'anna@x.de', '2026-01-01T00:00:00Z', [['MUG', 1]], 20), null, 1);
    await store.orders.record(order('2', 'anna@x.de', '2026-03-01T00:00:00Z', [['TEE', 1]], 30.1), null, 1);
    await store.orders.record(order('3', 'ben@x.de', '2026-02-01T00:00:00Z', [['TEE', 2]], 15), null, 1);
    await store.orders.record(order('4', 'carl@x.de', '2025-06-01T00:00:00Z', [['MUG', 1]], 5, 'woo'), null, 1);
    await store.orders.record(order('5', '', '2025-06-01T00:00:00Z', [['MUG', 1]], 5), null, 1);

    expect(await store.orders.segment({ skus: ['MUG'] })).toEqual([
      { email: 'anna@x.de', firstName: 'F-2', lastName: 'L', lastOrderAt: '2026-03-01T00:00:00.000Z', orderCount: 2, totalSpent: 50.1 },
      { email: 'carl@x.de', firstName: 'F-4', lastName: 'L', lastOrderAt: '2025-06-01T00:00:00.000Z', orderCount: 1, totalSpent: 5 },
    ]);
    const feb15 = Date.parse('2026-02-15T00:00:00Z');
    expect((await store.orders.segment({ lastOrderBefore: feb15 })).map((c) => c.email)).toEqual(['ben@x.de', 'carl@x.de']);
    expect((await store.orders.segment({ skus: ['MUG'], lastOrderBefore: feb15 })).map((c) => c.email)).toEqual(['carl@x.de']);
    expect((await store.orders.segment({ skus: ['MUG'], shop: 'shopify' })).map((c) => c.email)).toEqual(['anna@x.de']);
    expect(await store.orders.segment({ skus: ['NONE'] })).toEqual([]);
  });
});
