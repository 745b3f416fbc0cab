import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { ApiError, notFound } from '../errors.js';
import type { RouteTable } from '../route.js';
import { errorResponses, pageOf } from '../schemas.js';

const sku = z.string().min(1, 'the SKU must not be empty').max(200, 'the SKU must be at most 200 characters');
const skuParams = z.object({ sku });

const stockLevelSchema = z.object({ sku: z.string(), quantity: z.number().int(), updatedAt: z.number() }).meta({ id: 'StockLevel' });
const stockHistorySchema = z.object({
  sku: z.string(), delta: z.number().int(), quantityAfter: z.number().int(), reason: z.string(), executionId: z.string().nullable(), at: z.number(),
});
const stockListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.string().min(1).optional().describe('The last SKU of the previous page'),
  prefix: z.string().min(1).max(200).optional().describe('Only SKUs starting with this'),
});
const stockSetBody = z.object({
  quantity: z.int('quantity must be a whole number').min(0, 'quantity must be at least 0').max(1_000_000_000, 'quantity must be at most 1000000000'),
  reason: z.string().min(1).max(500).optional(),
});
const stockSetResult = z.object({ sku: z.string(), quantity: z.number().int(), previous: z.number().int(), replayed: z.boolean() });

/**
 * The built-in stock ledger for the editor and scripts: list levels, one SKU with its history, set a quantity
 * (counted stock, a delivery). `Idempotency-Key` on PUT makes a repeated request change nothing the second time.
 */
export function stockRoutes(table: RouteTable, deps: AppDeps): void {
  const ledger = deps.store.stock;

  table.add({
    method: 'get', path: '/stock', tag: 'stock', summary: 'Stock levels, ordered by SKU',
    query: stockListQuery,
    responses: { 200: { description: 'A page of stock levels', schema: pageOf(stockLevelSchema) }, ...errorResponses },
    handler: async ({ query, res }) => {
      const limit = query.limit ?? 100;
      const rows = await ledger.list({ limit: limit + 1, ...(query.cursor !== undefined && { after: query.cursor }), ...(query.prefix !== undefined && { prefix: query.prefix }) });
      const data = rows.slice(0, limit);
      res.json({ data, nextCursor: rows.length > limit ? (data.at(-1)?.sku ?? null) : null });
    },
  });

  table.add({
    method: 'get', path: '/stock/:sku', tag: 'stock', summary: 'One SKU: its level and latest history (newest first)',
    params: skuParams,
    responses: { 200: { description: 'The level and history', schema: stockLevelSchema.extend({ history: z.array(stockHistorySchema) }) }, ...errorResponses },
    handler: async ({ params, res }) => {
      const [level] = await ledger.get([params.sku]);
      if (level === undefined) throw notFound(`stock for SKU "${params.sku}"`);
      res.json({ ...level, history: await ledger.history(params.sku, 50) });
    },
  });

  table.add({
    method: 'put', path: '/stock/:sku', tag: 'stock', summary: 'Set a SKU\'s quantity (creates it); the history records the difference',
    params: skuParams,
    body: stockSetBody,
    responses: { 200: { description: 'The change (replayed: an earlier request with the same Idempotency-Key)', schema: stockSetResult }, ...errorResponses },
    handler: async ({ params, body, req, res }) => {
      const key = req.get('idempotency-key');
      if (key !== undefined && (key.length === 0 || key.length > 200)) {
        throw new ApiError(400, 'VALIDATION_FAILED', 'Idempotency-Key must be 1-200 characters', [{ path: 'Idempotency-Key', message: 'must be 1-200 characters' }]);
      }
      const result = await ledger.set(params.sku, body.quantity, {
        reason: body.reason ?? 'set via API',
        executionId: null,
        idempotencyKey: `api:${key ?? randomUUID()}`,
      });
      res.json(result);
    },
  });
}
