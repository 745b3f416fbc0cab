import { z } from 'zod';
import { defineNode, FatalError, type AllItemsContext, type JsonObject } from '../../sdk/index.js';
import { bodyExcerpt, providerFailure } from '../shared/provider-errors.js';
import { providerBaseUrl } from '../shared/provider.js';
import { stockLineOf, stockLineParams, stockLineParamsDe } from '../shared/stock-line.js';
import { ebayAccessToken, forgetEbayToken } from './auth.js';
import { ebayCredential } from './credential.js';
import { EBAY_URLS, type EbayCredentialData } from './schema.js';

/** eBay's limit of SKUs (offers) per bulk_update_price_quantity request. */
export const EBAY_MAX_PER_REQUEST = 25;

const params = z.object({
  ...stockLineParams,
  offerId: z.string().regex(/^\d+$/, 'an eBay offer ID is digits').optional().meta({
    title: 'Offer ID',
    description: 'Also sets this offer\'s availableQuantity. Empty: the item\'s `offerId` field, if it has one',
  }),
  batchSize: z.number().int().min(1).max(EBAY_MAX_PER_REQUEST).default(EBAY_MAX_PER_REQUEST)
    .meta({ title: 'SKUs per request', description: 'At most 25 (eBay\'s limit)' }),
});

const ebayMessage = z.looseObject({
  errorId: z.number().optional(),
  domain: z.string().optional(),
  category: z.string().optional(),
  message: z.string().optional(),
  longMessage: z.string().optional(),
  parameters: z.array(z.object({ name: z.string().optional(), value: z.string().optional() })).optional(),
});
type EbayMessage = z.output<typeof ebayMessage>;

const bulkResponse = z.object({
  responses: z.array(z.object({
    statusCode: z.number(),
    sku: z.string().optional(),
    offerId: z.string().optional(),
    errors: z.array(ebayMessage).optional(),
    warnings: z.array(ebayMessage).optional(),
  })).default([]),
});
const errorBody = z.object({ errors: z.array(ebayMessage) });

interface Line {
  readonly sku: string;
  readonly quantity: number;
  readonly offerId: string | undefined;
  /** The (last) input item this line came from. */
  readonly index: number;
}

/**
 * `ebay.updateQuantity`: sets the available quantity of inventory items (and optionally their offers) through
 * Sell Inventory `POST /bulk_update_price_quantity`, 25 SKUs per request. Output: one item per SKU
 * `{ sku, quantity, offerId, ok, statusCode, errors, warnings }`; a SKU eBay rejects is reported there (ok false),
 * not thrown. A SKU given twice is sent once with its last quantity. Whole-request failures throw `EBAY_*` codes
 * (a retry resends every batch: quantities are absolute, so that is safe).
 */
export const ebayUpdateQuantity = defineNode({
  type: 'ebay.updateQuantity',
  version: 1,
  displayName: 'eBay: Update Quantity',
  description: 'Sets the available quantity per SKU on eBay (Sell Inventory bulk update, 25 SKUs per request)',
  group: 'commerce',
  mode: 'allItems',
  params,
  credentials: { ebay: { type: ebayCredential, required: true } },
  translations: {
    de: {
      displayName: 'eBay: Bestand aktualisieren',
      description: 'Setzt die verfügbare Menge je SKU bei eBay (Sell Inventory Bulk-Update, 25 SKUs je Anfrage)',
      params: {
        ...stockLineParamsDe,
        offerId: { label: 'Angebots-ID', description: 'Setzt auch availableQuantity dieses Angebots. Leer: Feld `offerId` des Eintrags, falls vorhanden' },
        batchSize: { label: 'SKUs je Anfrage', description: 'Höchstens 25 (eBay-Grenze)' },
      },
    },
  },
  async run(ctx) {
    const lines = linesOf(ctx);
    if (lines.length === 0) return [];
    const data = await ctx.credential('ebay');
    const outputs = [];
    for (let start = 0; start < lines.length; start += ctx.params.batchSize) {
      const batch = lines.slice(start, start + ctx.params.batchSize);
      const answered = await sendBatch(ctx, data, batch);
      for (const line of batch) outputs.push(ctx.emit(resultOf(line, answered.get(line.sku)), { pairedIndex: line.index }));
    }
    return outputs;
  },
});

type Ctx = AllItemsContext<z.output<typeof params>, { ebay: { type: typeof ebayCredential; required: true } }>;

function linesOf(ctx: Ctx): Line[] {
  const bySku = new Map<string, Line>();
  ctx.items.forEach((item, index) => {
    const itemParams = ctx.paramsAt(index);
    const { sku, quantity } = stockLineOf(itemParams, item.json, index);
    const fieldOffer = item.json.offerId;
    const offerId = itemParams.offerId ?? (typeof fieldOffer === 'string' && /^\d+$/.test(fieldOffer) ? fieldOffer : undefined);
    bySku.delete(sku);
    bySku.set(sku, { sku, quantity, offerId, index });
  });
  return [...bySku.values()].sort((a, b) => a.index - b.index);
}

function requestOf(line: Line): JsonObject {
  return {
    sku: line.sku,
    shipToLocationAvailability: { quantity: line.quantity },
    ...(line.offerId !== undefined && { offers: [{ offerId: line.offerId, availableQuantity: line.quantity }] }),
  };
}

type Answer = z.output<typeof bulkResponse>['responses'][number];

async function sendBatch(ctx: Ctx, data: EbayCredentialData, batch: readonly Line[]): Promise<Map<string, Answer[]>> {
  const url = `${providerBaseUrl(data, EBAY_URLS)}/sell/inventory/v1/bulk_update_price_quantity`;
  const action = `eBay bulk_update_price_quantity for ${batch.length} SKU(s) ${describeSkus(batch)}`;
  for (let attempt = 1; ; attempt++) {
    const token = await ebayAccessToken(ctx.http, data, ctx.now());
    const response = await ctx.http.request<unknown>({
      method: 'POST',
      url,
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      body: { requests: batch.map(requestOf) },
      throwOnError: false,
      idempotencyHeader: false,
    });
    if (response.status === 401 && attempt === 1) {
      forgetEbayToken(data, token);
      continue;
    }
    if (response.status !== 200 && response.status !== 207) {
      throw providerFailure({ provider: 'EBAY', status: response.status, headers: response.headers, action, detail: errorText(response.body) });
    }
    const parsed = bulkResponse.safeParse(response.body);
    if (!parsed.success) {
      throw new FatalError(`${action}: unexpected answer ${bodyExcerpt(response.body)}`, { code: 'EBAY_RESPONSE_INVALID' });
    }
    const bySku = new Map<string, Answer[]>();
    for (const answer of parsed.data.responses) {
      if (answer.sku === undefined) continue;
      bySku.set(answer.sku, [...(bySku.get(answer.sku) ?? []), answer]);
    }
    return bySku;
  }
}

/** One SKU's result; with several offers the worst status code counts and their messages are joined. */
function resultOf(line: Line, answers: readonly Answer[] | undefined): JsonObject {
  const base = { sku: line.sku, quantity: line.quantity, offerId: line.offerId ?? null };
  if (answers === undefined || answers.length === 0) {
    return {
      ...base, ok: false, statusCode: null,
      errors: [{ message: `eBay's answer had no result for SKU ${line.sku}` }], warnings: [],
    };
  }
  const statusCode = Math.max(...answers.map((answer) => answer.statusCode));
  const errors = answers.flatMap((answer) => (answer.errors ?? []).map(messageJson));
  const warnings = answers.flatMap((answer) => (answer.warnings ?? []).map(messageJson));
  return { ...base, ok: statusCode >= 200 && statusCode < 300 && errors.length === 0, statusCode, errors, warnings };
}

function messageJson(message: EbayMessage): JsonObject {
  return {
    ...(message.errorId !== undefined && { errorId: message.errorId }),
    ...(message.category !== undefined && { category: message.category }),
    message: message.message ?? message.longMessage ?? 'unknown eBay error',
    ...(message.longMessage !== undefined && { longMessage: message.longMessage }),
    ...(message.parameters !== undefined && {
      parameters: message.parameters.map((parameter) => ({ name: parameter.name ?? '', value: parameter.value ?? '' })),
    }),
  };
}

function errorText(body: unknown): string {
  const parsed = errorBody.safeParse(body);
  if (!parsed.success) return bodyExcerpt(body);
  return parsed.data.errors
    .map((error) => `${error.errorId ?? ''}${error.errorId === undefined ? '' : ' '}${error.longMessage ?? error.message ?? ''}`.trim())
    .join('; ');
}

function describeSkus(batch: readonly Line[]): string {
  const first = batch[0]?.sku ?? '';
  const last = batch.at(-1)?.sku ?? '';
  return batch.length <= 1 ? first : `${first}…${last}`;
}
