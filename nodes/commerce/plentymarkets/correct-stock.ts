import { z } from 'zod';
import { defineNode, FatalError, type JsonValue, type PerItemContext } from '../../sdk/index.js';
import { stockLineOf, stockLineParams, stockLineParamsDe } from '../shared/stock-line.js';
import { plentyCredential } from './credential.js';
import { plentyRequest } from './request.js';
import type { PlentyCredentialData } from './schema.js';

/** plentymarkets' stock correction reasons (301 Stock correction, 302 by stocktaking, ...). */
export const PLENTY_CORRECTION_REASONS = [301, 302, 304, 305, 306, 307, 309, 317, 318, 319, 320, 321, 322, 323, 324, 325, 326, 327, 328] as const;

const params = z.object({
  ...stockLineParams,
  warehouseId: z.number().int().positive().default(1)
    .meta({ title: 'Warehouse ID', description: 'The plentymarkets warehouse whose stock is corrected' }),
  variationId: z.number().int().positive().optional().meta({
    title: 'Variation ID',
    description: 'Empty: the item\'s `variationId` field, else the variation whose number equals the SKU',
  }),
  reasonId: z.number().int().refine((id) => PLENTY_CORRECTION_REASONS.some((reason) => reason === id), 'not a plentymarkets correction reason (301–328)')
    .default(301)
    .meta({ title: 'Reason ID', description: '301 Stock correction, 302 by stocktaking, 307 damage, 327 loss, …' }),
  storageLocationId: z.number().int().min(0).default(0)
    .meta({ title: 'Storage location ID', description: '0 = the warehouse\'s standard storage location' }),
});

const variationPage = z.object({ entries: z.array(z.object({ id: z.number(), number: z.string().nullish() })) });

type Ctx = PerItemContext<z.output<typeof params>, { plentymarkets: { type: typeof plentyCredential; required: true } }>;

/**
 * `plentymarkets.correctStock`: per input item, `PUT /rest/stockmanagement/warehouses/{warehouseId}/stock/correction`
 * with `{ corrections: [{ variationId, reasonId, quantity, storageLocationId }] }`, which sets the physical stock of
 * the variation at that storage location to `quantity`. The variation is the param or the item's `variationId`,
 * else looked up by SKU (`GET /rest/items/variations?numberExact=<sku>`). Output:
 * `{ sku, quantity, variationId, warehouseId, reasonId, ok: true, result }` (`result`: plentymarkets' answer).
 * Errors: `PLENTYMARKETS_VARIATION_NOT_FOUND` / `_AMBIGUOUS` naming the SKU, `PLENTYMARKETS_AUTH_FAILED`,
 * `_RATE_LIMITED` (RetryAfterError), `_NOT_FOUND` (e.g. unknown warehouse), `_REQUEST_REJECTED`.
 */
export const plentyCorrectStock = defineNode({
  type: 'plentymarkets.correctStock',
  version: 1,
  displayName: 'plentymarkets: Correct Stock',
  description: 'Books a stock correction for a variation in a plentymarkets warehouse (sets the quantity)',
  group: 'commerce',
  params,
  credentials: { plentymarkets: { type: plentyCredential, required: true } },
  translations: {
    de: {
      displayName: 'plentymarkets: Bestand korrigieren',
      description: 'Bucht eine Bestandskorrektur für eine Variante in einem plentymarkets-Lager (setzt die Menge)',
      params: {
        ...stockLineParamsDe,
        warehouseId: { label: 'Lager-ID', description: 'Das plentymarkets-Lager, dessen Bestand korrigiert wird' },
        variationId: { label: 'Varianten-ID', description: 'Leer: Feld `variationId` des Eintrags, sonst die Variante mit der SKU als Variantennummer' },
        reasonId: { label: 'Grund-ID', description: '301 Bestandskorrektur, 302 durch Inventur, 307 Beschädigung, 327 Verlust, …' },
        storageLocationId: { label: 'Lagerort-ID', description: '0 = Standard-Lagerort des Lagers' },
      },
    },
  },
  async run(ctx) {
    const { params } = ctx;
    const { sku, quantity } = stockLineOf(params, ctx.item.json, ctx.itemIndex);
    const data = await ctx.credential('plentymarkets');
    const fieldVariation = ctx.item.json.variationId;
    const variationId = params.variationId
      ?? (typeof fieldVariation === 'number' && Number.isInteger(fieldVariation) && fieldVariation > 0 ? fieldVariation : await variationOf(ctx, data, sku));
    const response = await plentyRequest(ctx, data, {
      method: 'PUT',
      path: `/stockmanagement/warehouses/${params.warehouseId}/stock/correction`,
      body: { corrections: [{ variationId, reasonId: params.reasonId, quantity, storageLocationId: params.storageLocationId }] },
    }, `plentymarkets stock correction for SKU ${sku} (variation ${variationId}, warehouse ${params.warehouseId})`);
    const result: JsonValue = toJson(response.body);
    return { sku, quantity, variationId, warehouseId: params.warehouseId, reasonId: params.reasonId, ok: true, result };
  },
});

async function variationOf(ctx: Ctx, data: PlentyCredentialData, sku: string): Promise<number> {
  const response = await plentyRequest(ctx, data, { path: '/items/variations', query: { numberExact: sku } }, `plentymarkets variation lookup for SKU ${sku}`);
  const page = variationPage.safeParse(response.body);
  const matches = page.success ? page.data.entries : [];
  const [first, second] = matches;
  if (first === undefined) {
    throw new FatalError(`plentymarkets has no variation with the number "${sku}"; set the "variationId" param or field`, {
      code: 'PLENTYMARKETS_VARIATION_NOT_FOUND', param: 'variationId',
    });
  }
  if (second !== undefined) {
    throw new FatalError(`plentymarkets has several variations numbered "${sku}" (${matches.map((entry) => entry.id).join(', ')}); set the "variationId" param`, {
      code: 'PLENTYMARKETS_VARIATION_AMBIGUOUS', param: 'variationId',
    });
  }
  return first.id;
}

/** The parsed response body as item data. */
function toJson(value: unknown): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, toJson(entry)]));
  return null;
}
