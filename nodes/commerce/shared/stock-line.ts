import { z } from 'zod';
import { FatalError, type JsonObject } from '../../sdk/index.js';

/**
 * The SKU and quantity a stock node sends, for item-driven stock flows: each input item carries `sku` and
 * `quantity` (e.g. `{ "sku": "MUG-01", "quantity": 7 }`). The params override them per item (expressions such as
 * `{{ $json.article.number }}`); left empty they read `$json.sku` and `$json.quantity`.
 */
export const stockLineParams = {
  sku: z.string().min(1, 'the SKU must not be empty').optional()
    .meta({ title: 'SKU', description: 'Empty: the item\'s `sku` field ({{ $json.sku }})' }),
  quantity: z.number().int('the quantity must be a whole number').min(0, 'the quantity must not be negative').optional()
    .meta({ title: 'Quantity', description: 'Available quantity to set. Empty: the item\'s `quantity` field ({{ $json.quantity }})' }),
};

export const stockLineParamsDe = {
  sku: { label: 'SKU', description: 'Leer: das Feld `sku` des Eintrags ({{ $json.sku }})' },
  quantity: { label: 'Menge', description: 'Verfügbare Menge, die gesetzt wird. Leer: das Feld `quantity` des Eintrags ({{ $json.quantity }})' },
} as const;

export interface StockLine {
  readonly sku: string;
  readonly quantity: number;
}

/**
 * The line of input item `itemIndex`: params first, else the item's `sku` / `quantity` (a number or a string of
 * digits). Missing or unusable values are FatalError `SKU_MISSING` / `QUANTITY_INVALID` naming the item and SKU.
 */
export function stockLineOf(
  params: { readonly sku?: string | undefined; readonly quantity?: number | undefined },
  json: JsonObject,
  itemIndex: number,
): StockLine {
  const sku = params.sku ?? skuOf(json.sku);
  if (sku === undefined) {
    throw new FatalError(`item ${itemIndex} has no SKU: set the "sku" param or give the item a "sku" field`, { code: 'SKU_MISSING', param: 'sku' });
  }
  const quantity = params.quantity ?? quantityOf(json.quantity);
  if (quantity === undefined) {
    const raw = json.quantity === undefined ? 'none' : JSON.stringify(json.quantity);
    throw new FatalError(
      `item ${itemIndex} (SKU ${sku}) has no usable quantity (${raw}): need a whole number >= 0 in the "quantity" param or field`,
      { code: 'QUANTITY_INVALID', param: 'quantity' },
    );
  }
  return { sku, quantity };
}

function skuOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function quantityOf(value: unknown): number | undefined {
  const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number >= 0 ? number : undefined;
}
