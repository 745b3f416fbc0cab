import { FatalError, type NodeServices } from '../../sdk/index.js';
import type { OrderHistory, StockLedger } from '../services.js';

/** The host's stock ledger, or SERVICE_UNAVAILABLE. */
export function requireStock(services: NodeServices): StockLedger {
  if (services.stock === undefined) throw new FatalError('this host has no stock ledger (run the workflow on the flowwerk server)', { code: 'SERVICE_UNAVAILABLE' });
  return services.stock;
}

/** The host's order history, or SERVICE_UNAVAILABLE. */
export function requireOrders(services: NodeServices): OrderHistory {
  if (services.orders === undefined) throw new FatalError('this host has no order history (run the workflow on the flowwerk server)', { code: 'SERVICE_UNAVAILABLE' });
  return services.orders;
}

/** A SKU from an item field: trimmed text or a number; undefined otherwise. */
export function skuOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}
