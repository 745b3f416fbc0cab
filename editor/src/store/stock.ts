import type { StockLevel } from '../api/index.js';

/**
 * The stock page's list as plain data: the pages loaded so far for one SKU prefix, in SKU order (as the server
 * sends them), and the pure steps that change it (append a page, put in a saved level).
 */
export interface StockList {
  /** The SKU prefix searched for ('' = all). */
  readonly prefix: string;
  readonly levels: readonly StockLevel[];
  /** Where the next page starts; null when everything is loaded. */
  readonly nextCursor: string | null;
  readonly loadingMore: boolean;
}

export function firstPage(prefix: string, page: { levels: readonly StockLevel[]; nextCursor: string | null }): StockList {
  return { prefix, levels: page.levels, nextCursor: page.nextCursor, loadingMore: false };
}

/** Adds the next page (a SKU already shown is not repeated). */
export function appendPage(list: StockList, page: { levels: readonly StockLevel[]; nextCursor: string | null }): StockList {
  const known = new Set(list.levels.map((l) => l.sku));
  return { ...list, levels: [...list.levels, ...page.levels.filter((l) => !known.has(l.sku))], nextCursor: page.nextCursor, loadingMore: false };
}

/**
 * Puts a saved level into the list: replaces its row, or inserts a new SKU at its place when it matches the
 * search and falls within the pages loaded so far (a later page brings it otherwise, so it is not shown twice).
 */
export function withLevel(list: StockList, level: StockLevel): StockList {
  if (list.levels.some((l) => l.sku === level.sku)) return { ...list, levels: list.levels.map((l) => (l.sku === level.sku ? level : l)) };
  if (!level.sku.startsWith(list.prefix)) return list;
  const last = list.levels.at(-1);
  if (list.nextCursor !== null && (last === undefined || level.sku > last.sku)) return list;
  const at = list.levels.findIndex((l) => l.sku > level.sku);
  const levels = at === -1 ? [...list.levels, level] : [...list.levels.slice(0, at), level, ...list.levels.slice(at)];
  return { ...list, levels };
}

/** The typed quantity as a number, or null when the field is empty or no number at all (the server judges the rest). */
export function quantityFrom(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

/** A fresh Idempotency-Key (crypto.getRandomValues also works on plain-http LAN addresses, randomUUID does not). */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `editor-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
