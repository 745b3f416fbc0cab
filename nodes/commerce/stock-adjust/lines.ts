import { FatalError, isJsonObject, type JsonObject } from '../../sdk/index.js';
import type { StockLine } from '../services.js';
import { skuOf } from '../ledger/require.js';

/** Lines to adjust, and lines left alone because they have no SKU (not stock-tracked: tips, gift cards). */
export interface LinesOfItem {
  readonly lines: readonly StockLine[];
  readonly skipped: readonly JsonObject[];
}

function qtyOf(value: unknown): number | undefined {
  const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number > 0 ? number : undefined;
}

/**
 * The lines of item `itemIndex`: the `lines` param when set, else the item's `lines` (an order of the common shape),
 * else the item itself as one line (`{ sku, qty }` or `{ sku, quantity }`). A line's quantity is `qty` (or
 * `quantity`), a whole number > 0; anything else fails with STOCK_LINE_INVALID naming the line.
 */
export function linesOf(param: readonly { readonly sku: string; readonly qty: number }[] | undefined, json: JsonObject, itemIndex: number): LinesOfItem {
  if (param !== undefined) return { lines: param, skipped: [] };
  const source: readonly unknown[] = Array.isArray(json.lines) ? json.lines : 'sku' in json ? [json] : [];
  if (source.length === 0 && !Array.isArray(json.lines)) {
    throw new FatalError(`item ${itemIndex} has no lines: give it a "lines" list (an order) or "sku" and "qty", or set the "lines" param`, {
      code: 'STOCK_LINES_MISSING',
      param: 'lines',
    });
  }
  const lines: StockLine[] = [];
  const skipped: JsonObject[] = [];
  source.forEach((value, index) => {
    const where = Array.isArray(json.lines) ? `item ${itemIndex} lines[${index}]` : `item ${itemIndex}`;
    if (!isJsonObject(value)) throw new FatalError(`${where} is not an object`, { code: 'STOCK_LINE_INVALID', param: 'lines' });
    const sku = skuOf(value.sku);
    if (sku === undefined) {
      skipped.push(value);
      return;
    }
    const qty = qtyOf(value.qty ?? value.quantity);
    if (qty === undefined) {
      throw new FatalError(`${where} (SKU ${sku}) needs a whole "qty" above 0, got ${JSON.stringify(value.qty ?? value.quantity ?? null)}`, {
        code: 'STOCK_LINE_INVALID',
        param: 'lines',
      });
    }
    lines.push({ sku, qty });
  });
  return { lines, skipped };
}
