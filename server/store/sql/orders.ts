import type { Kysely } from 'kysely';
import type { Order, OrderAddress, OrderLine } from '../../../nodes/commerce/order/index.js';
import { roundMoney } from '../../../nodes/commerce/order/index.js';
import type { OrderHistory, SegmentCustomer, StoredOrder } from '../../../nodes/commerce/services.js';
import { num, numOrNull } from './codec.js';
import type { Database } from './schema.js';
import type { Transact } from './transact.js';

/** Tables of migration 0002_commerce used here. */
export type OrderTables = {
  orders: {
    shop: string;
    order_id: string;
    order_number: string;
    customer_email: string;
    customer_first_name: string;
    customer_last_name: string;
    currency: string;
    /** The order's createdAt, epoch ms. */
    created_at: number;
    /** OrderLine[] JSON. */
    lines: string;
    /** OrderAddress JSON or null. */
    shipping_address: string | null;
    total_net: number;
    total_tax: number;
    total_gross: number;
    total_shipping: number;
    execution_id: string | null;
    recorded_at: number;
  };
  /** One row per order line, for "bought SKU X" queries. */
  order_lines: { shop: string; order_id: string; line_no: number; sku: string; qty: number; unit_price: number };
};

type OrderRow = OrderTables['orders'];

function toStoredOrder(row: OrderRow): StoredOrder {
  return {
    orderId: row.order_id,
    orderNumber: row.order_number,
    shop: row.shop,
    createdAt: new Date(num(row.created_at)).toISOString(),
    currency: row.currency,
    customer: { email: row.customer_email, firstName: row.customer_first_name, lastName: row.customer_last_name },
    shippingAddress: row.shipping_address === null ? null : (JSON.parse(row.shipping_address) as OrderAddress),
    lines: JSON.parse(row.lines) as OrderLine[],
    totals: { net: num(row.total_net), tax: num(row.total_tax), gross: num(row.total_gross), shipping: num(row.total_shipping) },
    executionId: row.execution_id,
    recordedAt: num(row.recorded_at),
  };
}

const CHUNK = 500;

/**
 * The order history: one row per shop + orderId (recording is idempotent: INSERT ... ON CONFLICT DO NOTHING, so of
 * two concurrent deliveries of one order exactly one records it) plus its lines for SKU queries. The customer
 * segment is computed in SQL: one aggregate per e-mail, then the names of each customer's latest order.
 */
export function createSqlOrderStore(db: Kysely<Database>, transact: Transact): OrderHistory {
  const read = db.withTables<OrderTables>();
  return {
    async record(order: Order, executionId, recordedAt) {
      return transact(async (outer) => {
        const trx = outer.withTables<OrderTables>();
        const inserted = await trx
          .insertInto('orders')
          .values({
            shop: order.shop,
            order_id: order.orderId,
            order_number: order.orderNumber,
            customer_email: order.customer.email.toLowerCase(),
            customer_first_name: order.customer.firstName,
            customer_last_name: order.customer.lastName,
            currency: order.currency,
            created_at: Date.parse(order.createdAt),
            lines: JSON.stringify(order.lines),
            shipping_address: order.shippingAddress === null ? null : JSON.stringify(order.shippingAddress),
            total_net: order.totals.net,
            total_tax: order.totals.tax,
            total_gross: order.totals.gross,
            total_shipping: order.totals.shipping,
            execution_id: executionId,
            recorded_at: recordedAt,
          })
          .onConflict((oc) => oc.columns(['shop', 'order_id']).doNothing())
          .returning('order_id')
          .executeTakeFirst();
        if (inserted === undefined) {
          const known = await trx.selectFrom('orders').select('execution_id').where('shop', '=', order.shop).where('order_id', '=', order.orderId).executeTakeFirst();
          return { status: 'known' as const, executionId: known?.execution_id ?? null };
        }
        if (order.lines.length > 0) {
          await trx
            .insertInto('order_lines')
            .values(order.lines.map((line, index) => ({ shop: order.shop, order_id: order.orderId, line_no: index, sku: line.sku, qty: line.qty, unit_price: line.unitPrice })))
            .execute();
        }
        return { status: 'created' as const };
      });
    },

    async get(shop, orderId) {
      const row = await read.selectFrom('orders').selectAll().where('shop', '=', shop).where('order_id', '=', orderId).executeTakeFirst();
      return row === undefined ? undefined : toStoredOrder(row);
    },

    async segment(query) {
      const skus = [...new Set(query.skus ?? [])];
      let aggregate = read
        .selectFrom('orders')
        .select((eb) => [
          'customer_email',
          eb.fn.countAll<number>().as('order_count'),
          eb.fn.max<number>('created_at').as('last_order_at'),
          eb.fn.sum<number>('total_gross').as('total_spent'),
        ])
        .where('customer_email', '<>', '')
        .groupBy('customer_email')
        .orderBy('customer_email')
        .limit(Math.max(1, query.limit ?? 10_000));
      if (query.shop !== undefined) aggregate = aggregate.where('shop', '=', query.shop);
      if (skus.length > 0) {
        aggregate = aggregate.where('customer_email', 'in', (eb) => {
          let buyers = eb
            .selectFrom('orders as o')
            .innerJoin('order_lines as l', (join) => join.onRef('l.shop', '=', 'o.shop').onRef('l.order_id', '=', 'o.order_id'))
            .select('o.customer_email')
            .where('l.sku', 'in', skus);
          if (query.shop !== undefined) buyers = buyers.where('o.shop', '=', query.shop);
          return buyers;
        });
      }
      if (query.lastOrderBefore !== undefined) {
        const before = query.lastOrderBefore;
        aggregate = aggregate.having((eb) => eb.fn.max('created_at'), '<', before);
      }
      const rows = await aggregate.execute();
      const names = new Map<string, { first: string; last: string; at: number }>();
      for (let start = 0; start < rows.length; start += CHUNK) {
        const emails = rows.slice(start, start + CHUNK).map((row) => row.customer_email);
        let latest = read
          .selectFrom('orders')
          .select(['customer_email', 'customer_first_name', 'customer_last_name', 'created_at'])
          .where('customer_email', 'in', emails);
        if (query.shop !== undefined) latest = latest.where('shop', '=', query.shop);
        for (const row of await latest.execute()) {
          const at = num(row.created_at);
          const seen = names.get(row.customer_email);
          if (seen === undefined || at > seen.at) names.set(row.customer_email, { first: row.customer_first_name, last: row.customer_last_name, at });
        }
      }
      return rows.map((row): SegmentCustomer => {
        const name = names.get(row.customer_email);
        return {
          email: row.customer_email,
          firstName: name?.first ?? '',
          lastName: name?.last ?? '',
          lastOrderAt: new Date(numOrNull(row.last_order_at) ?? 0).toISOString(),
          orderCount: num(row.order_count),
          totalSpent: roundMoney(num(row.total_spent)),
        };
      });
    },
  };
}
