import type { Kysely } from 'kysely';
import type {
  AppliedLine, InsufficientLine, StockAdjustResult, StockLedger, StockSetResult,
} from '../../../nodes/commerce/services.js';
import { newExecutionId, num } from './codec.js';
import type { Database } from './schema.js';
import type { Transact } from './transact.js';

/** Tables of migration 0002_commerce used here (kept beside their queries; added with `withTables`). */
export type StockTables = {
  stock: { sku: string; quantity: number; updated_at: number };
  stock_history: {
    id: string;
    sku: string;
    delta: number;
    quantity_after: number;
    reason: string;
    execution_id: string | null;
    idempotency_key: string | null;
    at: number;
  };
  /** One row per idempotency key: the result of the change made under it (JSON). */
  stock_changes: { key: string; result: string; at: number };
};

/**
 * The stock ledger in the store, one portable implementation for SQLite and PostgreSQL.
 *
 * Never below zero: a decrement is one conditional statement, `UPDATE stock SET quantity = quantity - n WHERE sku = ?
 * AND quantity >= n` — on PostgreSQL a concurrent decrement of the same row waits for the row lock and re-checks
 * the condition on the committed value; on SQLite there is one writer at a time. A CHECK (quantity >= 0) backs it.
 * Atomic per order: all lines run in one transaction, in SKU order (no lock-order deadlocks on PostgreSQL).
 * Once per key: the transaction's first statement inserts the idempotency key into `stock_changes`; a key that is
 * already there (a retried or resumed node run) returns the stored result and changes nothing. On SQLite that first
 * statement is a write, so the transaction holds the write lock before it reads anything (as BEGIN IMMEDIATE would);
 * on PostgreSQL a concurrent insert of the same key waits for the first transaction and then finds it.
 */
export function createSqlStockStore(db: Kysely<Database>, transact: Transact, now: () => number): StockLedger {
  const read = db.withTables<StockTables>();

  /** Claims `key`; the stored result when it was claimed before. */
  async function claim(trx: Kysely<Database & StockTables>, key: string, at: number): Promise<string | undefined> {
    const inserted = await trx
      .insertInto('stock_changes')
      .values({ key, result: '', at })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key')
      .executeTakeFirst();
    if (inserted !== undefined) return undefined;
    const row = await trx.selectFrom('stock_changes').select('result').where('key', '=', key).executeTakeFirstOrThrow();
    return row.result;
  }

  async function available(trx: Kysely<Database & StockTables>, sku: string): Promise<number> {
    const row = await trx.selectFrom('stock').select('quantity').where('sku', '=', sku).executeTakeFirst();
    return row === undefined ? 0 : num(row.quantity);
  }

  async function add(trx: Kysely<Database & StockTables>, sku: string, delta: number, at: number): Promise<number> {
    const row = await trx
      .insertInto('stock')
      .values({ sku, quantity: delta, updated_at: at })
      .onConflict((oc) => oc.column('sku').doUpdateSet((eb) => ({ quantity: eb('stock.quantity', '+', delta), updated_at: at })))
      .returning('quantity')
      .executeTakeFirstOrThrow();
    return num(row.quantity);
  }

  return {
    async get(skus) {
      if (skus.length === 0) return [];
      const rows = await read.selectFrom('stock').selectAll().where('sku', 'in', [...new Set(skus)]).execute();
      const bySku = new Map(rows.map((row) => [row.sku, row]));
      return skus.flatMap((sku) => {
        const row = bySku.get(sku);
        return row === undefined ? [] : [{ sku, quantity: num(row.quantity), updatedAt: num(row.updated_at) }];
      });
    },

    async list(query = {}) {
      let select = read.selectFrom('stock').selectAll().orderBy('sku', 'asc').limit(Math.min(1000, Math.max(1, query.limit ?? 100)));
      if (query.after !== undefined) select = select.where('sku', '>', query.after);
      if (query.prefix !== undefined && query.prefix !== '') {
        // substr, not LIKE (SQLite's LIKE ignores case) nor a range (PostgreSQL collations may ignore punctuation).
        const prefix = query.prefix;
        select = select.where((eb) => eb(eb.fn('substr', ['sku', eb.val(1), eb.val(prefix.length)]), '=', prefix));
      }
      const rows = await select.execute();
      return rows.map((row) => ({ sku: row.sku, quantity: num(row.quantity), updatedAt: num(row.updated_at) }));
    },

    async set(sku, quantity, context) {
      if (!Number.isInteger(quantity) || quantity < 0) throw new RangeError(`stock quantity must be a whole number >= 0, got ${quantity}`);
      return transact(async (outer) => {
        const trx = outer.withTables<StockTables>();
        const at = now();
        const stored = await claim(trx, context.idempotencyKey, at);
        if (stored !== undefined) return { ...(JSON.parse(stored) as StockSetResult), replayed: true };
        // A no-op update locks an existing row (PostgreSQL) before `previous` is read.
        await trx.updateTable('stock').set((eb) => ({ quantity: eb.ref('quantity') })).where('sku', '=', sku).execute();
        const previous = await available(trx, sku);
        await trx
          .insertInto('stock')
          .values({ sku, quantity, updated_at: at })
          .onConflict((oc) => oc.column('sku').doUpdateSet({ quantity, updated_at: at }))
          .execute();
        await trx
          .insertInto('stock_history')
          .values({
            id: newExecutionId(at), sku, delta: quantity - previous, quantity_after: quantity, reason: context.reason,
            execution_id: context.executionId, idempotency_key: context.idempotencyKey, at,
          })
          .execute();
        const result: StockSetResult = { sku, quantity, previous, replayed: false };
        await trx.updateTable('stock_changes').set({ result: JSON.stringify(result) }).where('key', '=', context.idempotencyKey).execute();
        return result;
      });
    },

    async adjust(request) {
      for (const line of request.lines) {
        if (!Number.isInteger(line.qty) || line.qty <= 0) throw new RangeError(`stock line ${line.sku}: qty must be a whole number > 0, got ${line.qty}`);
      }
      return transact(async (outer) => {
        const trx = outer.withTables<StockTables>();
        const at = now();
        const stored = await claim(trx, request.idempotencyKey, at);
        if (stored !== undefined) return { ...(JSON.parse(stored) as StockAdjustResult), replayed: true };
        const order = request.lines.map((line, index) => ({ line, index })).sort((a, b) => (a.line.sku < b.line.sku ? -1 : a.line.sku > b.line.sku ? 1 : a.index - b.index));
        const outcome = new Map<number, { applied: AppliedLine } | { insufficient: InsufficientLine }>();
        for (const { line, index } of order) {
          if (request.direction === 'increment') {
            outcome.set(index, { applied: { sku: line.sku, qty: line.qty, delta: line.qty, quantity: await add(trx, line.sku, line.qty, at) } });
            continue;
          }
          const row = await trx
            .updateTable('stock')
            .set((eb) => ({ quantity: eb('quantity', '-', line.qty), updated_at: at }))
            .where('sku', '=', line.sku)
            .where('quantity', '>=', line.qty)
            .returning('quantity')
            .executeTakeFirst();
          outcome.set(
            index,
            row === undefined
              ? { insufficient: { sku: line.sku, qty: line.qty, available: await available(trx, line.sku) } }
              : { applied: { sku: line.sku, qty: line.qty, delta: -line.qty, quantity: num(row.quantity) } },
          );
        }
        const inOrder = request.lines.map((_line, index) => outcome.get(index));
        let applied = inOrder.flatMap((entry) => (entry !== undefined && 'applied' in entry ? [entry.applied] : []));
        const insufficient = inOrder.flatMap((entry) => (entry !== undefined && 'insufficient' in entry ? [entry.insufficient] : []));
        if (request.allOrNothing === true && insufficient.length > 0 && applied.length > 0) {
          for (const line of applied) await add(trx, line.sku, -line.delta, at);
          applied = [];
        }
        if (applied.length > 0) {
          await trx
            .insertInto('stock_history')
            .values(applied.map((line) => ({
              id: newExecutionId(at), sku: line.sku, delta: line.delta, quantity_after: line.quantity, reason: request.reason,
              execution_id: request.executionId, idempotency_key: request.idempotencyKey, at,
            })))
            .execute();
        }
        const result: StockAdjustResult = { applied, insufficient, replayed: false };
        await trx.updateTable('stock_changes').set({ result: JSON.stringify(result) }).where('key', '=', request.idempotencyKey).execute();
        return result;
      });
    },

    async history(sku, limit = 100) {
      const rows = await read
        .selectFrom('stock_history')
        .selectAll()
        .where('sku', '=', sku)
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(Math.min(1000, Math.max(1, limit)))
        .execute();
      return rows.map((row) => ({
        sku: row.sku, delta: num(row.delta), quantityAfter: num(row.quantity_after), reason: row.reason,
        executionId: row.execution_id, at: num(row.at),
      }));
    },
  };
}
