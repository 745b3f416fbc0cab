/**
 * eBay stand-in (Sell Inventory v1 + OAuth token endpoint) for tests, on `startHttpStandin`. Point an
 * `ebayOAuth2` credential's `baseUrl` at `standin.url`.
 *
 * Routes (contract: shared/contracts/apis.md §5):
 * - `POST /identity/v1/oauth2/token`: form body, `Authorization: Basic base64(clientId:clientSecret)`.
 *   Wrong client → 401 `{ error: 'invalid_client' }`; grant_type other than `refresh_token` → 400
 *   `unsupported_grant_type`; unknown refresh token → 400 `invalid_grant`; a scope other than sell.inventory /
 *   api_scope → 400 `invalid_scope`. Success → `{ access_token, expires_in, token_type: 'User Access Token' }`.
 * - `POST /sell/inventory/v1/bulk_update_price_quantity`: `Authorization: Bearer <issued, unexpired token>` else 401
 *   (errorId 1001). Body `{ requests: [{ sku, shipToLocationAvailability?: { quantity }, offers?: [{ offerId,
 *   availableQuantity }] }] }`, 1..25 requests, else 400 with an eBay error body (`{ errors: [{ errorId, domain,
 *   category, message, longMessage, parameters }] }`). Per SKU: unknown SKU → statusCode 404 (errorId 25702), an
 *   offer not of that SKU → 400 (errorId 25713), an injected failure → as injected; else 200 and the quantities are
 *   stored. One response entry per offer (or per SKU without offers). HTTP 200 when all succeeded, else 207.
 * - `GET /sell/inventory/v1/inventory_item/:sku`: `{ sku, availability: { shipToLocationAvailability: { quantity } } }`.
 *
 * Test hooks: `quantityOf(sku)`, `offerQuantityOf(offerId)`, `setItem`, `failSku` (per-SKU failure),
 * `failNext(status, body, headers)` / `rateLimitNext(retryAfterSeconds)` (whole bulk requests, in order),
 * `revokeTokens()`, counters `tokenRequests` and `bulkRequests` (request bodies in order).
 */
import type { ServerResponse } from 'node:http';
import { sendJson, startHttpStandin, type HttpStandin, type RecordedRequest } from './http-server.js';

export interface EbayStandinOptions {
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly refreshToken?: string;
  readonly tokenLifetimeSeconds?: number;
  /** SKU → quantity and the offer IDs published for it. */
  readonly inventory?: Readonly<Record<string, { readonly quantity: number; readonly offerIds?: readonly string[] }>>;
  /** Clock for token expiry (epoch ms); default Date.now. */
  readonly now?: () => number;
}

export interface EbayFailure {
  readonly statusCode: number;
  readonly errorId: number;
  readonly message: string;
}

interface CannedResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;
}

export interface EbayStandin {
  readonly url: string;
  readonly http: HttpStandin;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken: string;
  readonly tokenRequests: number;
  readonly bulkRequests: readonly { readonly requests: readonly unknown[] }[];
  quantityOf(sku: string): number | undefined;
  offerQuantityOf(offerId: string): number | undefined;
  setItem(sku: string, quantity: number, offerIds?: readonly string[]): void;
  failSku(sku: string, failure?: Partial<EbayFailure>): void;
  failNext(status: number, body?: unknown, headers?: Record<string, string>): void;
  rateLimitNext(retryAfterSeconds: number, times?: number): void;
  revokeTokens(): void;
  close(): Promise<void>;
}

const SCOPES = new Set(['https://api.ebay.com/oauth/api_scope', 'https://api.ebay.com/oauth/api_scope/sell.inventory']);
const MAX_REQUESTS = 25;

export async function startEbayStandin(options: EbayStandinOptions = {}): Promise<EbayStandin> {
  const http = await startHttpStandin();
  const clientId = options.clientId ?? 'flowwerk-test-PRD-app';
  const clientSecret = options.clientSecret ?? 'PRD-test-cert-secret';
  const refreshToken = options.refreshToken ?? 'v^1.1#i^1#r^1#test-refresh-token';
  const lifetime = options.tokenLifetimeSeconds ?? 7200;
  const now = options.now ?? Date.now;
  const tokens = new Map<string, number>();
  const quantities = new Map<string, number>();
  const offers = new Map<string, { sku: string; availableQuantity: number }>();
  const skuFailures = new Map<string, EbayFailure>();
  const canned: CannedResponse[] = [];
  const bulkRequests: { requests: unknown[] }[] = [];
  let tokenRequests = 0;
  let tokenSerial = 0;

  const setItem = (sku: string, quantity: number, offerIds: readonly string[] = []): void => {
    quantities.set(sku, quantity);
    for (const offerId of offerIds) offers.set(offerId, { sku, availableQuantity: quantity });
  };
  for (const [sku, item] of Object.entries(options.inventory ?? {})) setItem(sku, item.quantity, item.offerIds);

  http.on('POST', '/identity/v1/oauth2/token', (request, response) => {
    tokenRequests++;
    const [user, password] = basicAuth(request) ?? [];
    if (user !== clientId || password !== clientSecret) {
      sendJson(response, 401, { error: 'invalid_client', error_description: 'client authentication failed' });
      return;
    }
    const form = new URLSearchParams(request.text());
    if (!String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      sendJson(response, 400, { error: 'invalid_request', error_description: 'request must be application/x-www-form-urlencoded' });
    } else if (form.get('grant_type') !== 'refresh_token') {
      sendJson(response, 400, { error: 'unsupported_grant_type', error_description: 'grant type in request is not supported by the authorization server' });
    } else if (form.get('refresh_token') !== refreshToken) {
      sendJson(response, 400, { error: 'invalid_grant', error_description: 'the provided authorization refresh token is invalid or was issued to another client' });
    } else if (!(form.get('scope') ?? '').split(' ').filter(Boolean).every((scope) => SCOPES.has(scope))) {
      sendJson(response, 400, { error: 'invalid_scope', error_description: 'The requested scope is invalid, unknown, malformed, or exceeds the scope granted to the client' });
    } else {
      const token = `v^1.1#i^1#p^3#f^0#I^3#r^0#t^test-${++tokenSerial}`;
      tokens.set(token, now() + lifetime * 1000);
      sendJson(response, 200, { access_token: token, expires_in: lifetime, token_type: 'User Access Token' });
    }
  });

  const authorized = (request: RecordedRequest, response: ServerResponse): boolean => {
    const token = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
    const expiresAt = token === undefined ? undefined : tokens.get(token);
    if (expiresAt !== undefined && now() < expiresAt) return true;
    sendJson(response, 401, ebayErrors([{
      errorId: 1001, domain: 'OAuth', category: 'REQUEST', message: 'Invalid access token',
      longMessage: 'Invalid access token. Check the value of the Authorization HTTP request header.',
    }]));
    return false;
  };

  http.on('POST', '/sell/inventory/v1/bulk_update_price_quantity', (request, response) => {
    if (!authorized(request, response)) return;
    const next = canned.shift();
    if (next !== undefined) {
      sendJson(response, next.status, next.body, next.headers);
      return;
    }
    const problem = validateBulk(request);
    if (typeof problem === 'string') {
      sendJson(response, 400, ebayErrors([{ errorId: 25709, domain: 'API_INVENTORY', category: 'REQUEST', message: problem, longMessage: problem }]));
      return;
    }
    const sent: unknown = request.json();
    bulkRequests.push({ requests: isRecord(sent) && Array.isArray(sent.requests) ? sent.requests : [] });
    const responses = problem.flatMap((entry) => applyRequest(entry));
    const allOk = responses.every((entry) => entry.statusCode === 200);
    sendJson(response, allOk ? 200 : 207, { responses });
  });

  http.on('GET', '/sell/inventory/v1/inventory_item/:sku', (request, response) => {
    if (!authorized(request, response)) return;
    const sku = request.params.sku ?? '';
    const quantity = quantities.get(sku);
    if (quantity === undefined) {
      sendJson(response, 404, ebayErrors([{ errorId: 25702, domain: 'API_INVENTORY', category: 'REQUEST', message: `SKU ${sku} is not available in the system` }]));
      return;
    }
    sendJson(response, 200, { sku, availability: { shipToLocationAvailability: { quantity } } });
  });

  function applyRequest(entry: BulkEntry): Record<string, unknown>[] {
    const offerIds = entry.offers.map((offer) => offer.offerId);
    const respond = (statusCode: number, errors: unknown[] = []): Record<string, unknown>[] =>
      (offerIds.length === 0 ? [undefined] : offerIds).map((offerId) => ({
        statusCode, sku: entry.sku, ...(offerId !== undefined && { offerId }), errors, warnings: [],
      }));
    const injected = skuFailures.get(entry.sku);
    if (injected !== undefined) {
      return respond(injected.statusCode, [{ errorId: injected.errorId, domain: 'API_INVENTORY', category: 'REQUEST', message: injected.message, parameters: [{ name: 'sku', value: entry.sku }] }]);
    }
    if (!quantities.has(entry.sku)) {
      return respond(404, [{ errorId: 25702, domain: 'API_INVENTORY', category: 'REQUEST', message: `SKU ${entry.sku} is not available in the system`, parameters: [{ name: 'sku', value: entry.sku }] }]);
    }
    const foreign = entry.offers.find((offer) => offers.get(offer.offerId)?.sku !== entry.sku);
    if (foreign !== undefined) {
      return respond(400, [{ errorId: 25713, domain: 'API_INVENTORY', category: 'REQUEST', message: `This Offer is not available : ${foreign.offerId}.`, parameters: [{ name: 'offerId', value: foreign.offerId }] }]);
    }
    if (entry.quantity !== undefined) quantities.set(entry.sku, entry.quantity);
    for (const offer of entry.offers) offers.set(offer.offerId, { sku: entry.sku, availableQuantity: offer.availableQuantity });
    return respond(200);
  }

  return {
    url: http.url,
    http,
    clientId,
    clientSecret,
    refreshToken,
    get tokenRequests() {
      return tokenRequests;
    },
    bulkRequests,
    quantityOf: (sku) => quantities.get(sku),
    offerQuantityOf: (offerId) => offers.get(offerId)?.availableQuantity,
    setItem,
    failSku(sku, failure = {}) {
      skuFailures.set(sku, {
        statusCode: failure.statusCode ?? 400, errorId: failure.errorId ?? 25001,
        message: failure.message ?? 'A system error has occurred.',
      });
    },
    failNext(status, body = ebayErrors([{ errorId: 25001, domain: 'API_INVENTORY', category: 'APPLICATION', message: 'A system error has occurred.' }]), headers = {}) {
      canned.push({ status, body, headers });
    },
    rateLimitNext(retryAfterSeconds, times = 1) {
      for (let index = 0; index < times; index++) {
        canned.push({
          status: 429,
          body: ebayErrors([{ errorId: 2001, domain: 'ACCESS', category: 'REQUEST', message: 'Too many requests. The request limit has been reached for the resource.' }]),
          headers: { 'retry-after': String(retryAfterSeconds) },
        });
      }
    },
    revokeTokens: () => tokens.clear(),
    close: () => http.close(),
  };
}

interface BulkEntry {
  readonly sku: string;
  readonly quantity: number | undefined;
  readonly offers: readonly { readonly offerId: string; readonly availableQuantity: number }[];
}

/** The parsed requests, or the problem text of an invalid body. */
function validateBulk(request: RecordedRequest): BulkEntry[] | string {
  if (!String(request.headers['content-type'] ?? '').startsWith('application/json')) return 'The request must be application/json.';
  let body: unknown;
  try {
    body = request.json();
  } catch {
    return 'The request has errors. The request body is not valid JSON.';
  }
  const requests = isRecord(body) ? body.requests : undefined;
  if (!Array.isArray(requests) || requests.length === 0) return 'The request has errors. requests must be a non-empty array.';
  if (requests.length > MAX_REQUESTS) return `The number of requests (${requests.length}) exceeds the maximum of ${MAX_REQUESTS}.`;
  const entries: BulkEntry[] = [];
  for (const [index, entry] of requests.entries()) {
    if (!isRecord(entry) || typeof entry.sku !== 'string' || entry.sku === '') return `requests[${index}].sku is missing.`;
    const availability = entry.shipToLocationAvailability;
    const quantity = isRecord(availability) ? availability.quantity : undefined;
    if (availability !== undefined && !isQuantity(quantity)) return `requests[${index}].shipToLocationAvailability.quantity must be an integer >= 0.`;
    const offers = entry.offers ?? [];
    if (!Array.isArray(offers)) return `requests[${index}].offers must be an array.`;
    const parsedOffers = [];
    for (const offer of offers) {
      if (!isRecord(offer) || typeof offer.offerId !== 'string' || !isQuantity(offer.availableQuantity)) {
        return `requests[${index}].offers entries need offerId and an integer availableQuantity >= 0.`;
      }
      parsedOffers.push({ offerId: offer.offerId, availableQuantity: offer.availableQuantity });
    }
    if (availability === undefined && parsedOffers.length === 0) return `requests[${index}] changes nothing (no quantity, no offers).`;
    entries.push({ sku: entry.sku, quantity: isQuantity(quantity) ? quantity : undefined, offers: parsedOffers });
  }
  return entries;
}

function ebayErrors(errors: readonly Record<string, unknown>[]): { errors: Record<string, unknown>[] } {
  return { errors: errors.map((error) => ({ inputRefIds: [], outputRefIds: [], parameters: [], subdomain: 'Selling', ...error })) };
}

function basicAuth(request: RecordedRequest): [string, string] | undefined {
  const encoded = /^Basic (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
  if (encoded === undefined) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isQuantity(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
