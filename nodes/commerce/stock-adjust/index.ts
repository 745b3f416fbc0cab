import { z } from 'zod';
import { defineNode, type JsonObject } from '../../sdk/index.js';
import { requireStock } from '../ledger/require.js';
import { linesOf } from './lines.js';

const params = z.object({
  direction: z.enum(['decrement', 'increment']).default('decrement').meta({
    title: 'Direction',
    description: 'decrement: take the lines out of stock (an order); increment: put them back (returns, restock)',
  }),
  lines: z
    .array(z.object({
      sku: z.string().min(1).meta({ title: 'SKU' }),
      qty: z.int().positive().meta({ title: 'Quantity' }),
    }))
    .optional()
    .meta({ title: 'Lines', description: 'Empty: the item\'s `lines` (an order), else the item itself ({ sku, qty })' }),
  allOrNothing: z.boolean().default(false).meta({
    title: 'All or nothing',
    description: 'When one line is short, change no line of the item (default: the other lines are applied)',
  }),
  reason: z.string().max(500).optional().meta({ title: 'Reason', description: 'Stored in the stock history. Empty: "order <shop>:<orderId>", else "stock.adjust"' }),
});

function reasonOf(given: string | undefined, json: JsonObject, direction: string): string {
  if (given !== undefined && given !== '') return given;
  if (typeof json.orderId === 'string') return `${direction === 'increment' ? 'return' : 'order'} ${typeof json.shop === 'string' ? `${json.shop}:` : ''}${json.orderId}`;
  return 'stock.adjust';
}

/**
 * Changes the built-in stock ledger by the lines of each item — by default an order's lines — in one transaction.
 * A decrement line the stock cannot cover changes nothing; the item then goes to `insufficient`, else to `main`.
 * Both carry the item's json plus `stock: { applied, insufficient, skipped, replayed }`. Once per item and run:
 * a retried or resumed run gets the first result back (idempotency key = execution, node, item).
 */
export default defineNode({
  type: 'stock.adjust',
  version: 1,
  displayName: 'Stock: Adjust',
  description: 'Takes an order\'s lines out of the built-in stock (or puts them back); short lines go to "insufficient"',
  group: 'commerce',
  outputs: ['main', 'insufficient'],
  params,
  translations: {
    de: {
      displayName: 'Bestand: Buchen',
      description: 'Bucht die Positionen einer Bestellung aus dem eingebauten Bestand aus (oder zurück); fehlender Bestand geht an „insufficient“',
      params: {
        direction: { label: 'Richtung', description: 'decrement: Positionen ausbuchen (Bestellung); increment: zurückbuchen (Retoure, Nachschub)' },
        lines: { label: 'Positionen', description: 'Leer: `lines` des Eintrags (eine Bestellung), sonst der Eintrag selbst ({ sku, qty })' },
        allOrNothing: { label: 'Alles oder nichts', description: 'Fehlt Bestand für eine Position, wird keine Position des Eintrags gebucht' },
        reason: { label: 'Grund', description: 'Steht in der Bestandshistorie. Leer: „order <shop>:<orderId>“, sonst „stock.adjust“' },
      },
    },
  },
  async run(ctx) {
    const stock = requireStock(ctx.services);
    const json = ctx.item.json;
    const { lines, skipped } = linesOf(ctx.params.lines, json, ctx.itemIndex);
    const result = lines.length === 0
      ? { applied: [], insufficient: [], replayed: false }
      : await stock.adjust({
        lines,
        direction: ctx.params.direction,
        allOrNothing: ctx.params.allOrNothing,
        reason: reasonOf(ctx.params.reason, json, ctx.params.direction),
        executionId: ctx.execution.id,
        idempotencyKey: ctx.idempotencyKey,
      });
    const out: JsonObject = {
      ...json,
      stock: {
        applied: result.applied.map((line) => ({ ...line })),
        insufficient: result.insufficient.map((line) => ({ ...line })),
        skipped: [...skipped],
        replayed: result.replayed,
      },
    };
    const binary = ctx.item.binary;
    const output = result.insufficient.length > 0 ? 'insufficient' : 'main';
    return ctx.emit(out, { output, ...(binary !== undefined && { binary }) });
  },
});
