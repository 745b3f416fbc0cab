import type { SegmentCustomer, SegmentQuery, StoredOrder } from '../services.js';
import { roundMoney } from '../order/index.js';

/**
 * The customer segment over a list of orders (the in-memory ledger; the SQL store computes the same in SQL):
 * customers by lower-cased e-mail, each criterion given must hold, names from the latest order, sorted by e-mail.
 */
export function segmentOf(orders: readonly StoredOrder[], query: SegmentQuery): SegmentCustomer[] {
  const skus = new Set(query.skus ?? []);
  const byEmail = new Map<string, { latest: StoredOrder; count: number; spent: number; bought: boolean }>();
  for (const order of orders) {
    const email = order.customer.email;
    if (email === '' || (query.shop !== undefined && order.shop !== query.shop)) continue;
    const entry = byEmail.get(email) ?? { latest: order, count: 0, spent: 0, bought: false };
    entry.count++;
    entry.spent += order.totals.gross;
    if (Date.parse(order.createdAt) > Date.parse(entry.latest.createdAt)) entry.latest = order;
    if (order.lines.some((line) => skus.has(line.sku))) entry.bought = true;
    byEmail.set(email, entry);
  }
  const matches: SegmentCustomer[] = [];
  for (const [email, entry] of [...byEmail].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const lastOrderAt = Date.parse(entry.latest.createdAt);
    if (skus.size > 0 && !entry.bought) continue;
    if (query.lastOrderBefore !== undefined && lastOrderAt >= query.lastOrderBefore) continue;
    matches.push({
      email,
      firstName: entry.latest.customer.firstName,
      lastName: entry.latest.customer.lastName,
      lastOrderAt: new Date(lastOrderAt).toISOString(),
      orderCount: entry.count,
      totalSpent: roundMoney(entry.spent),
    });
  }
  return matches.slice(0, query.limit ?? 10_000);
}
