import type { Order } from './order/index.js';

/**
 * Host capabilities of the commerce nodes: the stock ledger and the order history. The server passes the store's
 * implementations (server/store/sql/stock.ts, orders.ts); tests pass `createMemoryLedger()` (ledger/memory.ts).
 * A node whose service is missing fails with `SERVICE_UNAVAILABLE`.
 */
declare module '../sdk/services.js' {
  interface NodeServices {
    readonly stock?: StockLedger;
    readonly orders?: OrderHistory;
  }
}

// ------------------------------------------------------------------------------------------------ stock

export interface StockLevel {
  readonly sku: string;
  readonly quantity: number;
  /** Epoch ms of the last change. */
  readonly updatedAt: number;
}

export interface StockLine {
  readonly sku: string;
  /** Whole number > 0. */
  readonly qty: number;
}

/** Who changed stock and why; `idempotencyKey` makes a change happen once (same key → the first result again). */
export interface StockChangeContext {
  readonly reason: string;
  readonly executionId: string | null;
  readonly idempotencyKey: string;
}

export interface StockAdjustRequest extends StockChangeContext {
  readonly lines: readonly StockLine[];
  readonly direction: 'decrement' | 'increment';
  /** When a line is insufficient, change no line at all (default false: the others are applied). */
  readonly allOrNothing?: boolean;
}

/** A line that changed stock: `quantity` is the stock after it. */
export interface AppliedLine {
  readonly sku: string;
  readonly qty: number;
  readonly delta: number;
  readonly quantity: number;
}

/** A decrement line stock could not cover. With allOrNothing, `applied` is then empty. */
export interface InsufficientLine {
  readonly sku: string;
  readonly qty: number;
  /** Stock at the time (0 for an unknown SKU). */
  readonly available: number;
}

export interface StockAdjustResult {
  /** In the request's line order. */
  readonly applied: readonly AppliedLine[];
  readonly insufficient: readonly InsufficientLine[];
  /** True when this key was seen before and the stored result is returned (nothing changed now). */
  readonly replayed: boolean;
}

export interface StockSetResult {
  readonly sku: string;
  readonly quantity: number;
  readonly previous: number;
  readonly replayed: boolean;
}

export interface StockHistoryEntry {
  readonly sku: string;
  readonly delta: number;
  readonly quantityAfter: number;
  readonly reason: string;
  readonly executionId: string | null;
  readonly at: number;
}

/**
 * The built-in stock ledger. Quantities are whole numbers and never below zero, also under concurrent adjusts
 * from several runs or processes. Every change writes a history entry.
 */
export interface StockLedger {
  /** Levels of the SKUs that have a ledger entry (unknown SKUs are left out), in the order asked. */
  get(skus: readonly string[]): Promise<readonly StockLevel[]>;
  /** Levels ordered by SKU: those after `after`, optionally only SKUs starting with `prefix`, at most `limit` (default 100). */
  list(query?: { readonly after?: string; readonly prefix?: string; readonly limit?: number }): Promise<readonly StockLevel[]>;
  /** Sets a SKU's quantity (≥ 0), creating it; history records the difference. */
  set(sku: string, quantity: number, context: StockChangeContext): Promise<StockSetResult>;
  /** All lines in one transaction: a decrement line applies only if stock covers it; increments always apply. */
  adjust(request: StockAdjustRequest): Promise<StockAdjustResult>;
  /** Newest first. */
  history(sku: string, limit?: number): Promise<readonly StockHistoryEntry[]>;
}

// ------------------------------------------------------------------------------------------------ orders

export type RecordOrderResult =
  /** First time this shop + orderId was seen: recorded for `executionId`. */
  | { readonly status: 'created' }
  /** Recorded before, by `executionId` (the same one when a run is resumed). */
  | { readonly status: 'known'; readonly executionId: string | null };

export interface SegmentQuery {
  /** Customers who bought any of these SKUs (ever). */
  readonly skus?: readonly string[];
  /** Customers whose last order is before this instant (epoch ms). */
  readonly lastOrderBefore?: number;
  /** Only orders of this shop count. */
  readonly shop?: string;
  /** Default 10 000. */
  readonly limit?: number;
}

export interface SegmentCustomer {
  readonly email: string;
  /** From the customer's latest order. */
  readonly firstName: string;
  readonly lastName: string;
  /** ISO 8601 UTC. */
  readonly lastOrderAt: string;
  readonly orderCount: number;
  /** Σ totals.gross over the customer's orders (currencies are not converted). */
  readonly totalSpent: number;
}

/** An order as the history keeps it: the common shape without `raw`. */
export type StoredOrder = Omit<Order, 'raw'> & {
  /** The run that recorded it. */
  readonly executionId: string | null;
  readonly recordedAt: number;
};

/** Orders the order triggers saw, keyed by shop + orderId. */
export interface OrderHistory {
  /** Idempotent on shop + orderId: a known order is not changed. */
  record(order: Order, executionId: string | null, recordedAt: number): Promise<RecordOrderResult>;
  get(shop: string, orderId: string): Promise<StoredOrder | undefined>;
  /** Customers (by e-mail; orders without one are left out) matching every criterion given, by e-mail. */
  segment(query: SegmentQuery): Promise<readonly SegmentCustomer[]>;
}
