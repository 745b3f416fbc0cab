import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import stockAdjust from '../../nodes/commerce/stock-adjust/index.js';
import shopOrder from '../../nodes/commerce/shop-order/index.js';
import customersSegment from '../../nodes/commerce/customers-segment/index.js';
import { orderSchema } from '../../nodes/commerce/order/index.js';
import { testNode } from '../../nodes/testing/index.js';
import type { Store } from '../../server/store/types.js';
import { backends } from '../store/backends.js';

/** The stock and order nodes on the real store (SQLite and PostgreSQL) instead of the in-memory ledger. */
describe.each(backends)('stock nodes on the store ($name)', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    ({ store, dispose } = await backend.open());
  });
  afterEach(async () => dispose());

  it('100 concurrent orders of one unit on stock 30: 30 on main, 70 on insufficient, stock 0', async () => {
    await store.stock.set('HOT', 30, { reason: 'setup', executionId: null, idempotencyKey: 'setup' });
    const services = { stock: store.stock, orders: store.orders };
    const runs = await Promise.all(
      Array.from({ length: 100 }, (_, i) => testNode(stockAdjust, {
        executionId: `exec-${i}`,
        items: [{ orderId: `o-${i}`, shop: 'shop', lines: [{ sku: 'HOT', title: 'Hot item', qty: 1, unitPrice: 9.99 }] }],
        services,
      })),
    );
    expect(runs.every((run) => run.status === 'success')).toBe(true);
    expect(runs.filter((run) => run.outputs.main?.length === 1)).toHaveLength(30);
    expect(runs.filter((run) => run.outputs.insufficient?.length === 1)).toHaveLength(70);
    expect(await store.stock.get(['HOT'])).toMatchObject([{ quantity: 0 }]);
    const history = await store.stock.history('HOT', 1000);
    expect(history.filter((entry) => entry.delta === -1)).toHaveLength(30);
    expect(history.every((entry) => entry.quantityAfter >= 0)).toBe(true);
  });

  it('order triggers record into the store history; customers.segment reads it', async () => {
    const services = { stock: store.stock, orders: store.orders };
    const order = (orderId: string, email: string, createdAt: string) => ({
      body: {
        orderId, createdAt, currency: 'EUR', customer: { email, firstName: 'Kim', lastName: orderId },
        lines: [{ sku: 'MUG-BLUE', title: 'Tasse', qty: 1, unitPrice: 9 }], totals: { gross: 9 },
      },
      headers: {}, query: {}, params: {}, method: 'POST',
    });
    // testNode runs in mode "test", which never records: record as the server would, through the history.
    const first = await testNode(shopOrder, { params: { path: 'o' }, items: [order('1', 'kim@x.de', '2026-01-01T00:00:00Z')], services });
    expect(first.outputs.main).toHaveLength(1);
    await store.orders.record(orderSchema.parse(first.outputs.main?.[0]), 'exec-1', 1);
    const segment = await testNode(customersSegment, { params: { boughtSku: 'MUG-BLUE', noOrderForDays: 30 }, services, now: () => Date.parse('2026-03-01T00:00:00Z') });
    expect(segment.outputs.main).toEqual([{ email: 'kim@x.de', firstName: 'Kim', lastName: '1', lastOrderAt: '2026-01-01T00:00:00.000Z', orderCount: 1, totalSpent: 9 }]);
  });
});
