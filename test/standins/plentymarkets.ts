/**
 * plentymarkets (plentyONE) REST stand-in for tests, on `startHttpStandin`. Use `standin.url` as the
 * `plentymarketsApi` credential's `baseUrl` (the system URL; routes live under `/rest`).
 *
 * Routes (contract: shared/contracts/apis.md §10; field names marked UNVERIFIED there are this stand-in's choice):
 * - `POST /rest/login` JSON or form `{ username, password }`: wrong → 401 `{ error: 'invalid_credentials',
 *   message }`; else `{ token_type: 'Bearer', expires_in, access_token, refresh_token }` (default 86 400 s).
 * - Every other route needs `Authorization: Bearer <issued, unexpired token>`, else 401 `{ message: 'Unauthenticated.' }`.
 *   Answers carry `X-Plenty-Global-Short-Period-Calls-Left` / `-Decay`.
 * - `GET /rest/items/variations?numberExact=<sku>`: page `{ page, totalsCount, isLastPage, entries: [{ id, itemId,
 *   number }] }`.
 * - `PUT /rest/stockmanagement/warehouses/:warehouseId/stock/correction` `{ corrections: [{ variationId, reasonId,
 *   quantity, storageLocationId? }] }` (a single flat correction object is accepted too): unknown warehouse → 404;
 *   unknown variation, a reasonId outside 301–328 or a quantity that is not a number → 422 `{ error: { code: 422,
 *   message, validation_errors } }`. Else the physical stock of each variation at that warehouse is set and 200
 *   lists the resulting stock rows `[{ itemId, variationId, warehouseId, storageLocationId, stockPhysical,
 *   reservedStock, netStock, reasonId }]`.
 * - `GET /rest/stockmanagement/warehouses/:warehouseId/stock?variationId=`: page of the same rows.
 *
 * Test hooks: `quantityOf(sku, warehouseId = first)`, `addVariation`, `failNext(status, body, headers)`,
 * `rateLimitNext(decaySeconds)` (429 with `Retry-After` omitted and the decay header set), `revokeTokens()`,
 * `logins` (login requests), `corrections` (accepted correction bodies in order).
 */
import type { ServerResponse } from 'node:http';
import { sendJson, startHttpStandin, type HttpStandin, type RecordedRequest } from './http-server.js';

export interface PlentyStandinOptions {
  readonly username?: string;
  readonly password?: string;
  readonly warehouses?: readonly number[];
  /** SKU (variation number) → variation id, item id and physical stock in each warehouse (default 0). */
  readonly variations?: Readonly<Record<string, { readonly id: number; readonly itemId?: number; readonly stock?: number }>>;
  readonly tokenLifetimeSeconds?: number;
  readonly now?: () => number;
}

export interface PlentyStandin {
  readonly url: string;
  readonly http: HttpStandin;
  readonly username: string;
  readonly password: string;
  readonly logins: number;
  readonly corrections: readonly { readonly warehouseId: number; readonly body: unknown }[];
  quantityOf(sku: string, warehouseId?: number): number | undefined;
  addVariation(sku: string, variation: { readonly id: number; readonly itemId?: number; readonly stock?: number }): void;
  failNext(status: number, body?: unknown, headers?: Record<string, string>): void;
  rateLimitNext(decaySeconds: number): void;
  revokeTokens(): void;
  close(): Promise<void>;
}

interface Variation {
  readonly id: number;
  readonly itemId: number;
  readonly number: string;
}

const REASONS = new Set([301, 302, 304, 305, 306, 307, 309, 317, 318, 319, 320, 321, 322, 323, 324, 325, 326, 327, 328]);

export async function startPlentyStandin(options: PlentyStandinOptions = {}): Promise<PlentyStandin> {
  const http = await startHttpStandin();
  const username = options.username ?? 'rest-api';
  const password = options.password ?? 'plenty-pass-1';
  const warehouses = [...(options.warehouses ?? [1])];
  const lifetime = options.tokenLifetimeSeconds ?? 86_400;
  const now = options.now ?? Date.now;
  const tokens = new Map<string, number>();
  const variations = new Map<number, Variation>();
  /** `${warehouseId}:${variationId}` → physical stock */
  const stock = new Map<string, number>();
  const canned: { status: number; body: unknown; headers: Record<string, string> }[] = [];
  const corrections: { warehouseId: number; body: unknown }[] = [];
  let logins = 0;
  let serial = 0;

  const addVariation: PlentyStandin['addVariation'] = (sku, variation) => {
    variations.set(variation.id, { id: variation.id, itemId: variation.itemId ?? 100 + variation.id, number: sku });
    for (const warehouseId of warehouses) stock.set(`${warehouseId}:${variation.id}`, variation.stock ?? 0);
  };
  for (const [sku, variation] of Object.entries(options.variations ?? {})) addVariation(sku, variation);

  const limitHeaders = { 'x-plenty-global-short-period-calls-left': '39', 'x-plenty-global-short-period-decay': '1' };
  const stockRow = (warehouseId: number, variation: Variation, reasonId?: number) => {
    const physical = stock.get(`${warehouseId}:${variation.id}`) ?? 0;
    return {
      itemId: variation.itemId, variationId: variation.id, warehouseId, storageLocationId: 0,
      stockPhysical: physical, reservedStock: 0, netStock: physical, ...(reasonId !== undefined && { reasonId }),
    };
  };

  http.on('POST', '/rest/login', (request, response) => {
    logins++;
    const isJson = String(request.headers['content-type'] ?? '').startsWith('application/json');
    const fields = isJson ? jsonRecord(request) : Object.fromEntries(new URLSearchParams(request.text()));
    if (fields?.username !== username || fields.password !== password) {
      sendJson(response, 401, { error: 'invalid_credentials', message: 'The user credentials were incorrect.' });
      return;
    }
    const token = `plenty-test-token-${++serial}`;
    tokens.set(token, now() + lifetime * 1000);
    sendJson(response, 200, { token_type: 'Bearer', expires_in: lifetime, access_token: token, refresh_token: `plenty-refresh-${serial}` });
  });

  /** Bearer check and injected failures; false when it already answered. */
  const admitted = (request: RecordedRequest, response: ServerResponse): boolean => {
    const token = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
    const expiresAt = token === undefined ? undefined : tokens.get(token);
    if (expiresAt === undefined || now() >= expiresAt) {
      sendJson(response, 401, { message: 'Unauthenticated.' });
      return false;
    }
    const next = canned.shift();
    if (next !== undefined) {
      sendJson(response, next.status, next.body, next.headers);
      return false;
    }
    return true;
  };

  http.on('GET', '/rest/items/variations', (request, response) => {
    if (!admitted(request, response)) return;
    const number = request.query.numberExact;
    const entries = [...variations.values()].filter((variation) => number === undefined || variation.number === number);
    sendJson(response, 200, {
      page: 1, totalsCount: entries.length, isLastPage: true, lastPageNumber: 1, firstOnPage: entries.length > 0 ? 1 : 0,
      lastOnPage: entries.length, itemsPerPage: 50, entries,
    }, limitHeaders);
  });

  http.on('PUT', '/rest/stockmanagement/warehouses/:warehouseId/stock/correction', (request, response) => {
    if (!admitted(request, response)) return;
    const warehouseId = Number(request.params.warehouseId);
    if (!warehouses.includes(warehouseId)) {
      sendJson(response, 404, { error: { code: 404, message: `Warehouse ${request.params.warehouseId ?? ''} not found` } }, limitHeaders);
      return;
    }
    const body = jsonRecord(request);
    const list = body === undefined ? undefined : Array.isArray(body.corrections) ? body.corrections : [body];
    const problems: Record<string, string[]> = {};
    const accepted: { variation: Variation; quantity: number; reasonId: number }[] = [];
    for (const [index, entry] of (list ?? []).entries()) {
      const record = isRecord(entry) ? entry : {};
      const variation = typeof record.variationId === 'number' ? variations.get(record.variationId) : undefined;
      if (variation === undefined) problems[`corrections.${index}.variationId`] = ['The selected variation id is invalid.'];
      if (typeof record.reasonId !== 'number' || !REASONS.has(record.reasonId)) problems[`corrections.${index}.reasonId`] = ['The selected reason id is invalid.'];
      if (typeof record.quantity !== 'number' || !Number.isFinite(record.quantity)) problems[`corrections.${index}.quantity`] = ['The quantity must be a number.'];
      if (variation !== undefined && typeof record.quantity === 'number' && typeof record.reasonId === 'number') {
        accepted.push({ variation, quantity: record.quantity, reasonId: record.reasonId });
      }
    }
    if (list === undefined || list.length === 0) problems.corrections = ['The corrections field is required.'];
    if (Object.keys(problems).length > 0) {
      sendJson(response, 422, { error: { code: 422, message: 'The given data was invalid.', validation_errors: problems } }, limitHeaders);
      return;
    }
    corrections.push({ warehouseId, body });
    for (const entry of accepted) stock.set(`${warehouseId}:${entry.variation.id}`, entry.quantity);
    sendJson(response, 200, accepted.map((entry) => stockRow(warehouseId, entry.variation, entry.reasonId)), limitHeaders);
  });

  http.on('GET', '/rest/stockmanagement/warehouses/:warehouseId/stock', (request, response) => {
    if (!admitted(request, response)) return;
    const warehouseId = Number(request.params.warehouseId);
    const wanted = request.query.variationId === undefined ? undefined : Number(request.query.variationId);
    const entries = [...variations.values()].filter((variation) => wanted === undefined || variation.id === wanted).map((variation) => stockRow(warehouseId, variation));
    sendJson(response, 200, { page: 1, totalsCount: entries.length, isLastPage: true, entries }, limitHeaders);
  });

  return {
    url: http.url,
    http,
    username,
    password,
    get logins() {
      return logins;
    },
    corrections,
    quantityOf(sku, warehouseId = warehouses[0]) {
      const variation = [...variations.values()].find((entry) => entry.number === sku);
      return variation === undefined ? undefined : stock.get(`${warehouseId ?? 0}:${variation.id}`);
    },
    addVariation,
    failNext(status, body = { error: { code: status, message: 'Internal Server Error' } }, headers = {}) {
      canned.push({ status, body, headers });
    },
    rateLimitNext(decaySeconds) {
      canned.push({
        status: 429,
        body: { error: { code: 429, message: 'Too Many Requests' } },
        headers: { 'x-plenty-global-short-period-calls-left': '0', 'x-plenty-global-short-period-decay': String(decaySeconds) },
      });
    },
    revokeTokens: () => tokens.clear(),
    close: () => http.close(),
  };
}

function jsonRecord(request: RecordedRequest): Record<string, unknown> | undefined {
  try {
    const value: unknown = request.json();
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
