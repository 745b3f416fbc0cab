import { z } from 'zod';
import { FatalError, defineNode } from '../../sdk/index.js';
import { requireStock, skuOf } from '../ledger/require.js';

const params = z.object({
  sku: z.string().optional().meta({ title: 'SKU', description: 'Empty: the item\'s `sku` field' }),
  quantity: z.int().min(0).optional().meta({ title: 'Quantity', description: 'The new stock (whole number >= 0). Empty: the item\'s `quantity` field' }),
  reason: z.string().max(500).default('stock.set').meta({ title: 'Reason', description: 'Stored in the stock history, e.g. "inventory count"' }),
});

function quantityOf(value: unknown): number | undefined {
  const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number >= 0 ? number : undefined;
}

/**
 * Sets a SKU's quantity in the built-in stock ledger (creating the SKU), e.g. after an inventory count or from an
 * ERP export. Outputs `{ sku, quantity, previous, change }`. Once per item and run, like stock.adjust.
 */
export default defineNode({
  type: 'stock.set',
  version: 1,
  displayName: 'Stock: Set',
  description: 'Sets the quantity of a SKU in the built-in stock',
  group: 'commerce',
  params,
  translations: {
    de: {
      displayName: 'Bestand: Setzen',
      description: 'Setzt die Menge einer SKU im eingebauten Bestand',
      params: {
        sku: { label: 'SKU', description: 'Leer: das Feld `sku` des Eintrags' },
        quantity: { label: 'Menge', description: 'Der neue Bestand (ganze Zahl >= 0). Leer: das Feld `quantity` des Eintrags' },
        reason: { label: 'Grund', description: 'Steht in der Bestandshistorie, z. B. „Inventur“' },
      },
    },
  },
  async run(ctx) {
    const stock = requireStock(ctx.services);
    const json = ctx.item.json;
    const sku = ctx.params.sku?.trim() ? ctx.params.sku.trim() : skuOf(json.sku);
    if (sku === undefined) {
      throw new FatalError(`item ${ctx.itemIndex} has no SKU: set the "sku" param or give the item a "sku" field`, { code: 'SKU_MISSING', param: 'sku' });
    }
    const quantity = ctx.params.quantity ?? quantityOf(json.quantity);
    if (quantity === undefined) {
      throw new FatalError(`item ${ctx.itemIndex} (SKU ${sku}) has no usable quantity (${JSON.stringify(json.quantity ?? null)}): need a whole number >= 0`, {
        code: 'QUANTITY_INVALID',
        param: 'quantity',
      });
    }
    const result = await stock.set(sku, quantity, { reason: ctx.params.reason, executionId: ctx.execution.id, idempotencyKey: ctx.idempotencyKey });
    return { sku, quantity: result.quantity, previous: result.previous, change: result.quantity - result.previous };
  },
});
