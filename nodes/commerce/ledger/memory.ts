import type { Order } from '../order/index.js';
import type {
  AppliedLine, InsufficientLine, OrderHistory, SegmentCustomer, StockAdjustResult, StockHistoryEntry, StockLedger,
  StockSetResult, StoredOrder,
} from '../services.js';
import { segmentOf } from './segment.js';

/**
 * In-memory stock ledger and order history with the store's semantics (tests, `testNode`, hosts without a store).
 * Single-threaded JavaScript makes every call atomic.
 */
export function createMemoryLedger(options: { readonly now?: () => number; readonly stock?: Readonly<Record<string, number>> } = {}): {
  readonly stock: StockLedger;
  readonly orders: OrderHistory;
} {
  const now = options.now ?? Date.now;
  const levels = new Map<string, { quantity: number; updatedAt: number }>();
  for (const [sku, quantity] of Object.entries(options.stock ?? {})) levels.set(sku, { quantity, updatedAt: now() });
  const history: (StockHistoryEntry & { key: string })[] = [];
  const results = new Map<string, StockAdjustResult | StockSetResult>();
  const orders = new Map<string, StoredOrder>();

  const stock: StockLedger = {
    async get(skus) {
      return skus.flatMap((sku) => {
        const level = levels.get(sku);
        return level === undefined ? [] : [{ sku, ...level }];
      });
    },
    async list(query = {}) {
      return [...levels.entries()]
        .filter(([sku]) => (query.after === undefined || sku > query.after) && sku.startsWith(query.prefix ?? ''))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .slice(0, Math.min(1000, Math.max(1, query.limit ?? 100)))
        .map(([sku, level]) => ({ sku, ...level }));
    },
    async set(sku, quantity, context) {
      const seen = results.get(context.idempotencyKey);
      if (seen !== undefined && 'previous' in seen) return { ...seen, replayed: true };
      const at = now();
      const previous = levels.get(sku)?.quantity ?? 0;
      levels.set(sku, { quantity, updatedAt: at });
      history.push({ sku, delta: quantity - previous, quantityAfter: quantity, reason: context.reason, executionId: context.executionId, at, key: context.idempotencyKey });
      const result: StockSetResult = { sku, quantity, previous, replayed: false };
      results.set(context.idempotencyKey, result);
      return result;
    },
    async adjust(request) {
      const seen = results.get(request.idempotencyKey);
      if (seen !== undefined && 'applied' in seen) return { ...seen, replayed: true };
      const at = now();
      const sign = request.direction === 'decrement' ? -1 : 1;
      const before = new Map([...levels].map(([sku, level]) => [sku, { ...level }]));
      let applied: AppliedLine[] = [];
      const insufficient: InsufficientLine[] = [];
      for (const line of request.lines) {
        const quantity = levels.get(line.sku)?.quantity ?? 0;
        if (sign < 0 && quantity < line.qty) {
          insufficient.push({ sku: line.sku, qty: line.qty, available: quantity });
          continue;
        }
        const after = quantity + sign * line.qty;
        levels.set(line.sku, { quantity: after, updatedAt: at });
        applied.push({ sku: line.sku, qty: line.qty, delta: sign * line.qty, quantity: after });
      }
      if (request.allOrNothing === true && insufficient.length > 0) {
        levels.clear();
        for (const [sku, level] of before) levels.set(sku, level);
        applied = [];
      }
      for (const line of applied) {
        history.push({ sku: line.sku, delta: line.delta, quantityAfter: line.quantity, reason: request.reason, executionId: request.executionId, at, key: request.idempotencyKey });
      }
      const result: StockAdjustResult = { applied, insufficient, replayed: false };
      results.set(request.idempotencyKey, result);
      return result;
    },
    async history(sku, limit = 100) {
      return history
        .filter((entry) => entry.sku === sku)
        .reverse()
        .slice(0, limit)
        .map(({ key: _key, ...entry }) => entry);
    },
  };

  const orderHistory: OrderHistory = {
    async record(order: Order, executionId, recordedAt) {
      const key = `${order.shop}\u0000${order.orderId}`;
      const known = orders.get(key);
      if (known !== undefined) return { status: 'known', executionId: known.executionId };
      const { raw: _raw, ...rest } = order;
      orders.set(key, { ...rest, executionId, recordedAt });
      return { status: 'created' };
    },
    async get(shop, orderId) {
      return orders.get(`${shop}\u0000${orderId}`);
    },
    async segment(query): Promise<readonly SegmentCustomer[]> {
      return segmentOf([...orders.values()], query);
    },
  };
  return { stock, orders: orderHistory };
}
