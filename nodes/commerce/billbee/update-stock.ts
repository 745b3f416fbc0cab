import { z } from 'zod';
import { defineNode, FatalError } from '../../sdk/index.js';
import { bodyExcerpt, providerFailure } from '../shared/provider-errors.js';
import { stockLineOf, stockLineParams, stockLineParamsDe } from '../shared/stock-line.js';
import { billbeeCredential } from './credential.js';
import { paceBillbee } from './pacer.js';
import { billbeeBaseUrl, billbeeHeaders } from './schema.js';

const params = z.object({
  ...stockLineParams,
  stockId: z.number().int().positive().optional()
    .meta({ title: 'Stock ID', description: 'Only with Billbee multi-stock: the stock to update (empty: the default stock)' }),
  reason: z.string().max(255).optional()
    .meta({ title: 'Reason', description: 'Text for Billbee\'s stock history, e.g. {{ $json.reason }}' }),
  forceSendStockToShops: z.boolean().default(false)
    .meta({ title: 'Always send to shops', description: 'Transmit the stock to connected shops even when it did not change' }),
  autosubtractReservedAmount: z.boolean().default(false)
    .meta({ title: 'Subtract reserved amount', description: 'Billbee lowers the new quantity by the amount reserved for open orders' }),
  maxRequestsPerSecond: z.number().min(0.1).max(50).default(2)
    .meta({ title: 'Max. requests per second', description: 'Billbee allows 2 per second per API key and user' }),
});

/** Billbee's result envelope (`ApiResult`): ErrorCode 0 is success. */
const envelope = z.object({
  ErrorMessage: z.string().nullish(),
  ErrorCode: z.number().nullish(),
  ErrorDescription: z.string().nullish(),
  Data: z.object({
    SKU: z.string().nullish(),
    OldStock: z.number().nullish(),
    CurrentStock: z.number().nullish(),
    UnfulfilledAmount: z.number().nullish(),
    Message: z.string().nullish(),
  }).nullish(),
});

/**
 * `billbee.updateStock`: per input item, `POST /products/updatestock` with the absolute `NewQuantity` for its SKU.
 * Output: `{ sku, quantity, ok: true, oldStock, currentStock, unfulfilledAmount, message }`. Requests are paced to
 * `maxRequestsPerSecond` per account; a 429 is RetryAfterError `BILLBEE_RATE_LIMITED` (Retry-After, else 1 s), so
 * the node's retry policy repeats that item only. Billbee refusing the update (ErrorCode ≠ 0, e.g. unknown SKU) is
 * FatalError `BILLBEE_STOCK_REJECTED` naming the SKU; 401/403 `BILLBEE_AUTH_FAILED`.
 */
export const billbeeUpdateStock = defineNode({
  type: 'billbee.updateStock',
  version: 1,
  displayName: 'Billbee: Update Stock',
  description: 'Sets the stock of a product in Billbee by SKU (absolute quantity)',
  group: 'commerce',
  params,
  credentials: { billbee: { type: billbeeCredential, required: true } },
  translations: {
    de: {
      displayName: 'Billbee: Bestand setzen',
      description: 'Setzt den Bestand eines Artikels in Billbee per SKU (absolute Menge)',
      params: {
        ...stockLineParamsDe,
        stockId: { label: 'Lager-ID', description: 'Nur bei Billbee-Multilager: das zu ändernde Lager (leer: Standardlager)' },
        reason: { label: 'Grund', description: 'Text für den Bestandsverlauf in Billbee, z. B. {{ $json.reason }}' },
        forceSendStockToShops: { label: 'Immer an Shops senden', description: 'Bestand auch ohne Änderung an verbundene Shops übertragen' },
        autosubtractReservedAmount: { label: 'Reservierte Menge abziehen', description: 'Billbee zieht die für offene Bestellungen reservierte Menge ab' },
        maxRequestsPerSecond: { label: 'Max. Anfragen je Sekunde', description: 'Billbee erlaubt 2 je Sekunde je API-Schlüssel und Benutzer' },
      },
    },
  },
  async run(ctx) {
    const { params } = ctx;
    const { sku, quantity } = stockLineOf(params, ctx.item.json, ctx.itemIndex);
    const data = await ctx.credential('billbee');
    await paceBillbee(`${data.apiKey}\u0000${data.username}`, params.maxRequestsPerSecond, ctx.signal);
    const action = `Billbee updatestock for SKU ${sku}`;
    const response = await ctx.http.request<unknown>({
      method: 'POST',
      url: `${billbeeBaseUrl(data)}/products/updatestock`,
      headers: billbeeHeaders(data),
      body: {
        Sku: sku,
        NewQuantity: quantity,
        ...(params.stockId !== undefined && { StockId: params.stockId }),
        ...(params.reason !== undefined && { Reason: params.reason }),
        ForceSendStockToShops: params.forceSendStockToShops,
        AutosubtractReservedAmount: params.autosubtractReservedAmount,
      },
      throwOnError: false,
      idempotencyHeader: false,
    });
    const parsed = envelope.safeParse(response.body);
    const refusal = parsed.success ? refusalOf(parsed.data) : undefined;
    if (response.status < 200 || response.status >= 300) {
      if (refusal !== undefined && response.status === 400) {
        throw new FatalError(`${action}: ${refusal}`, { code: 'BILLBEE_STOCK_REJECTED', httpStatus: 400, param: 'sku' });
      }
      throw providerFailure({
        provider: 'BILLBEE', status: response.status, headers: response.headers, action,
        detail: refusal ?? bodyExcerpt(response.body),
      });
    }
    if (!parsed.success) {
      throw new FatalError(`${action}: unexpected answer ${bodyExcerpt(response.body)}`, { code: 'BILLBEE_RESPONSE_INVALID' });
    }
    if (refusal !== undefined) throw new FatalError(`${action}: ${refusal}`, { code: 'BILLBEE_STOCK_REJECTED', param: 'sku' });
    const result = parsed.data.Data;
    return {
      sku,
      quantity,
      ok: true,
      oldStock: result?.OldStock ?? null,
      currentStock: result?.CurrentStock ?? null,
      unfulfilledAmount: result?.UnfulfilledAmount ?? null,
      message: result?.Message ?? null,
    };
  },
});

function refusalOf(result: z.output<typeof envelope>): string | undefined {
  const failed = (result.ErrorCode ?? 0) !== 0 || (result.ErrorMessage ?? '') !== '';
  if (!failed) return undefined;
  const code = result.ErrorCode ?? 0;
  return `${result.ErrorMessage ?? 'refused'}${code === 0 ? '' : ` (ErrorCode ${code}${result.ErrorDescription ? ` ${result.ErrorDescription}` : ''})`}`;
}
