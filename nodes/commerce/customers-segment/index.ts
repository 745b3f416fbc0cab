import { z } from 'zod';
import { defineNode } from '../../sdk/index.js';
import { requireOrders } from '../ledger/require.js';

const DAY_MS = 86_400_000;

const params = z.object({
  boughtSku: z.string().optional().meta({
    title: 'Bought SKU',
    description: 'Customers who ever bought this SKU (several: separated by commas, any of them counts). Empty: any customer',
  }),
  noOrderForDays: z.int().min(1).max(36_500).optional().meta({
    title: 'No order for (days)',
    description: 'Customers whose last order is at least this many days old. Empty: no limit',
  }),
  shop: z.string().optional().meta({ title: 'Shop', description: 'Only orders of this shop (the order\'s `shop`). Empty: all shops' }),
  limit: z.int().min(1).max(100_000).default(10_000).meta({ title: 'Maximum customers' }),
});

/**
 * Customers from the order history (orders the order triggers recorded) matching every criterion set: bought one
 * of the SKUs, no order for N days (relative to the run's clock). One item per customer, sorted by e-mail:
 * `{ email, firstName, lastName, lastOrderAt, orderCount, totalSpent }` (names from the latest order; totalSpent
 * sums totals.gross without converting currencies). Runs once per run, whatever the number of input items.
 */
export default defineNode({
  type: 'customers.segment',
  version: 1,
  displayName: 'Customers: Segment',
  description: 'Finds customers in the order history: bought a SKU, no order for N days, or both',
  group: 'commerce',
  mode: 'allItems',
  params,
  translations: {
    de: {
      displayName: 'Kunden: Segment',
      description: 'Findet Kunden in der Bestellhistorie: hat SKU gekauft, seit N Tagen keine Bestellung, oder beides',
      params: {
        boughtSku: { label: 'Gekaufte SKU', description: 'Kunden, die diese SKU je gekauft haben (mehrere durch Kommas getrennt, eine genügt). Leer: alle Kunden' },
        noOrderForDays: { label: 'Keine Bestellung seit (Tagen)', description: 'Kunden, deren letzte Bestellung mindestens so viele Tage zurückliegt. Leer: ohne Grenze' },
        shop: { label: 'Shop', description: 'Nur Bestellungen dieses Shops (Feld `shop` der Bestellung). Leer: alle Shops' },
        limit: { label: 'Höchstens Kunden' },
      },
    },
  },
  async run(ctx) {
    const orders = requireOrders(ctx.services);
    const { boughtSku, noOrderForDays, shop, limit } = ctx.params;
    const skus = (boughtSku ?? '').split(',').map((sku) => sku.trim()).filter((sku) => sku !== '');
    const customers = await orders.segment({
      ...(skus.length > 0 && { skus }),
      ...(noOrderForDays !== undefined && { lastOrderBefore: ctx.now() - noOrderForDays * DAY_MS }),
      ...(shop !== undefined && shop.trim() !== '' && { shop: shop.trim() }),
      limit,
    });
    return customers.map((customer) => ({ ...customer }));
  },
});
