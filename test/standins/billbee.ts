/**
 * Billbee stand-in (REST API v1, stock endpoints) for tests, on `startHttpStandin`. Point a `billbeeApi`
 * credential's `baseUrl` at `standin.baseUrl` (= `<url>/api/v1`).
 *
 * Every route checks both auth parts (contract: shared/contracts/apis.md §10): header `X-Billbee-Api-Key` equal to
 * the key and HTTP Basic `user:apiPassword`; otherwise 401 `{ Message: 'Authorization has been denied for this
 * request.' }`. With `maxPerSecond` set, more requests than that within one second per key+user answer 429 with
 * `Retry-After: 1` (Billbee allows 2/s); `rateLimitNext(seconds)` forces one.
 * - `POST /api/v1/products/updatestock` `{ Sku, NewQuantity, StockId?, Reason?, ForceSendStockToShops?,
 *   AutosubtractReservedAmount? }`: JSON required (else 400); missing Sku or a NewQuantity that is not a number →
 *   400 envelope with ErrorMessage; unknown SKU → 200 envelope `ErrorCode: 1, ErrorMessage: 'Article not found'`
 *   (Billbee documents the `ApiResult` envelope, not its codes: the code is this stand-in's). Otherwise the stock is
 *   set (less the reserved amount with AutosubtractReservedAmount) and 200
 *   `{ ErrorMessage: null, ErrorCode: 0, ErrorDescription: null, Data: { SKU, OldStock, CurrentStock,
 *   UnfulfilledAmount, Message } }`.
 * - `GET /api/v1/products?page&pageSize`: `{ Paging, ErrorMessage, ErrorCode, Data: [{ Id, SKU, StockCurrent }] }`.
 *
 * Test hooks: `quantityOf(sku, stockId?)`, `setProduct(sku, quantity, { reserved, stockId })`, `failNext(status,
 * body, headers)`, `rateLimitNext(retryAfterSeconds, times)`, `updates` (bodies of accepted and refused
 * updatestock calls, in order), `rateLimited` (429s answered).
 */
import type { ServerResponse } from 'node:http';
import { sendJson, startHttpStandin, type HttpStandin, type RecordedRequest } from './http-server.js';

export interface BillbeeStandinOptions {
  readonly apiKey?: string;
  readonly username?: string;
  readonly apiPassword?: string;
  /** SKU → quantity in the default stock. */
  readonly products?: Readonly<Record<string, number>>;
  /** Enforce Billbee's throttle: at most this many requests per rolling second per key and user. */
  readonly maxPerSecond?: number;
}

export interface BillbeeStandin {
  readonly url: string;
  /** `<url>/api/v1`: the credential's baseUrl. */
  readonly baseUrl: string;
  readonly http: HttpStandin;
  readonly apiKey: string;
  readonly username: string;
  readonly apiPassword: string;
  readonly updates: readonly Record<string, unknown>[];
  readonly rateLimited: number;
  quantityOf(sku: string, stockId?: number): number | undefined;
  setProduct(sku: string, quantity: number, options?: { readonly reserved?: number; readonly stockId?: number }): void;
  failNext(status: number, body?: unknown, headers?: Record<string, string>): void;
  rateLimitNext(retryAfterSeconds: number, times?: number): void;
  close(): Promise<void>;
}

interface Product {
  id: number;
  quantity: number;
  reserved: number;
}

const DENIED = { Message: 'Authorization has been denied for this request.' };

export async function startBillbeeStandin(options: BillbeeStandinOptions = {}): Promise<BillbeeStandin> {
  const http = await startHttpStandin();
  const apiKey = options.apiKey ?? 'B1LLB33-TEST-KEY';
  const username = options.username ?? 'shop@example.test';
  const apiPassword = options.apiPassword ?? 'api-password-1';
  const products = new Map<string, Product>();
  const canned: { status: number; body: unknown; headers: Record<string, string> }[] = [];
  const updates: Record<string, unknown>[] = [];
  const recent: number[] = [];
  let rateLimited = 0;
  let nextId = 1000;

  const keyOf = (sku: string, stockId?: number): string => `${stockId ?? 0}|${sku}`;
  const setProduct: BillbeeStandin['setProduct'] = (sku, quantity, extra = {}) => {
    products.set(keyOf(sku, extra.stockId), { id: nextId++, quantity, reserved: extra.reserved ?? 0 });
  };
  for (const [sku, quantity] of Object.entries(options.products ?? {})) setProduct(sku, quantity);

  /** Auth, throttle and injected failures; false when it already answered. */
  const admitted = (request: RecordedRequest, response: ServerResponse): boolean => {
    const basic = /^Basic (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
    const expected = Buffer.from(`${username}:${apiPassword}`, 'utf8').toString('base64');
    if (request.headers['x-billbee-api-key'] !== apiKey || basic !== expected) {
      sendJson(response, 401, DENIED);
      return false;
    }
    const next = canned.shift();
    if (next !== undefined) {
      if (next.status === 429) rateLimited++;
      sendJson(response, next.status, next.body, next.headers);
      return false;
    }
    if (options.maxPerSecond !== undefined) {
      const now = Date.now();
      while (recent.length > 0 && (recent[0] ?? 0) <= now - 1000) recent.shift();
      if (recent.length >= options.maxPerSecond) {
        rateLimited++;
        sendJson(response, 429, { Message: 'API rate limit exceeded' }, { 'retry-after': '1' });
        return false;
      }
      recent.push(now);
    }
    return true;
  };

  http.on('POST', '/api/v1/products/updatestock', (request, response) => {
    if (!admitted(request, response)) return;
    let body: unknown;
    try {
      body = request.json();
    } catch {
      sendJson(response, 400, envelope('The request is invalid.', 1, null));
      return;
    }
    if (!isRecord(body)) {
      sendJson(response, 400, envelope('The request is invalid.', 1, null));
      return;
    }
    updates.push(body);
    const { Sku: sku, NewQuantity: newQuantity, StockId: stockId } = body;
    if (typeof sku !== 'string' || sku === '') {
      sendJson(response, 400, envelope('Sku is required.', 1, null));
      return;
    }
    if (typeof newQuantity !== 'number' || !Number.isFinite(newQuantity)) {
      sendJson(response, 400, envelope('NewQuantity must be a number.', 1, null));
      return;
    }
    if (stockId !== undefined && typeof stockId !== 'number') {
      sendJson(response, 400, envelope('StockId must be a number.', 1, null));
      return;
    }
    const product = products.get(keyOf(sku, stockId));
    if (product === undefined) {
      sendJson(response, 200, envelope('Article not found', 1, null));
      return;
    }
    const oldStock = product.quantity;
    product.quantity = body.AutosubtractReservedAmount === true ? newQuantity - product.reserved : newQuantity;
    sendJson(response, 200, envelope(null, 0, {
      SKU: sku, OldStock: oldStock, CurrentStock: product.quantity, UnfulfilledAmount: product.reserved,
      Message: oldStock === product.quantity ? 'Stock unchanged' : 'Stock updated',
    }));
  });

  http.on('GET', '/api/v1/products', (request, response) => {
    if (!admitted(request, response)) return;
    const page = Math.max(1, Number(request.query.page ?? 1));
    const pageSize = Math.min(250, Math.max(1, Number(request.query.pageSize ?? 50)));
    const all = [...products].map(([key, product]) => ({ Id: product.id, SKU: key.slice(key.indexOf('|') + 1), StockCurrent: product.quantity }));
    sendJson(response, 200, {
      Paging: { Page: page, TotalPages: Math.ceil(all.length / pageSize), TotalRows: all.length, PageSize: pageSize },
      ...envelope(null, 0, all.slice((page - 1) * pageSize, page * pageSize)),
    });
  });

  return {
    url: http.url,
    baseUrl: `${http.url}/api/v1`,
    http,
    apiKey,
    username,
    apiPassword,
    updates,
    get rateLimited() {
      return rateLimited;
    },
    quantityOf: (sku, stockId) => products.get(keyOf(sku, stockId))?.quantity,
    setProduct,
    failNext(status, body = { Message: 'An error has occurred.' }, headers = {}) {
      canned.push({ status, body, headers });
    },
    rateLimitNext(retryAfterSeconds, times = 1) {
      for (let index = 0; index < times; index++) {
        canned.push({ status: 429, body: { Message: 'API rate limit exceeded' }, headers: { 'retry-after': String(retryAfterSeconds) } });
      }
    },
    close: () => http.close(),
  };
}

function envelope(errorMessage: string | null, errorCode: number, data: unknown): Record<string, unknown> {
  return { ErrorMessage: errorMessage, ErrorCode: errorCode, ErrorDescription: errorCode === 0 ? null : 'Error', Data: data };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
