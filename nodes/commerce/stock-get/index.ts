import { z } from 'zod';
import { FatalError, defineNode } from '../../sdk/index.js';
import { requireStock, skuOf } from '../ledger/require.js';

const params = z.object({
  sku: z.string().optional().meta({ title: 'SKU', description: 'One SKU or several separated by commas. Empty: the item\'s `sku` field' }),
});

/**
 * Reads the built-in stock ledger: one item per SKU asked for, `{ sku, quantity, known, updatedAt }` (an unknown
 * SKU has quantity 0, `known: false` and `updatedAt: null`).
 */
export default defineNode({
  type: 'stock.get',
  version: 1,
  displayName: 'Stock: Get',
  description: 'Reads the quantity of one or more SKUs from the built-in stock',
  group: 'commerce',
  params,
  translations: {
    de: {
      displayName: 'Bestand: Abfragen',
      description: 'Liest die Menge einer oder mehrerer SKUs aus dem eingebauten Bestand',
      params: { sku: { label: 'SKU', description: 'Eine SKU oder mehrere durch Kommas getrennt. Leer: das Feld `sku` des Eintrags' } },
    },
  },
  async run(ctx) {
    const stock = requireStock(ctx.services);
    const given = ctx.params.sku?.trim() ? ctx.params.sku : skuOf(ctx.item.json.sku);
    const skus = (given ?? '').split(',').map((sku) => sku.trim()).filter((sku) => sku !== '');
    if (skus.length === 0) {
      throw new FatalError(`item ${ctx.itemIndex} has no SKU: set the "sku" param or give the item a "sku" field`, { code: 'SKU_MISSING', param: 'sku' });
    }
    const levels = new Map((await stock.get(skus)).map((level) => [level.sku, level]));
    return skus.map((sku) => {
      const level = levels.get(sku);
      return { sku, quantity: level?.quantity ?? 0, known: level !== undefined, updatedAt: level === undefined ? null : new Date(level.updatedAt).toISOString() };
    });
  },
});
