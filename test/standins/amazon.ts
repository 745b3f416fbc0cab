/**
 * Amazon SP-API stand-in (Listings Items 2021-08-01 + Login with Amazon token endpoint) for tests, on
 * `startHttpStandin`. Point an `amazonSpApi` credential's `baseUrl` at `standin.url` (the LWA token URL then
 * defaults to `<baseUrl>/auth/o2/token`).
 *
 * Routes (contract: shared/contracts/apis.md §6, amz-listings.json):
 * - `POST /auth/o2/token`: form `grant_type=refresh_token&refresh_token&client_id&client_secret`. Wrong client →
 *   401 `invalid_client`; other grant → 400 `unsupported_grant_type`; unknown refresh token → 400 `invalid_grant`.
 *   Success → `{ access_token: 'Atza|…', refresh_token, token_type: 'bearer', expires_in }` (default 3600 s).
 * - `PATCH /listings/2021-08-01/items/:sellerId/:sku?marketplaceIds=…[&mode=VALIDATION_PREVIEW]`: header
 *   `x-amz-access-token` must be an issued, unexpired token (SigV4 headers are ignored), else 403 `Unauthorized`;
 *   another seller → 403; `marketplaceIds` missing/unknown → 400 `InvalidInput`; not JSON → 415; a body that breaks
 *   the model (`LISTINGS_PATCH_MODEL`: required productType and patches (≥ 1), each patch with op ∈
 *   add|replace|merge|delete and path, value an array of objects unless op is delete) → 400 `InvalidInput`.
 *   Then 200 `ListingsItemSubmissionResponse`: unknown SKU, a productType other than the listing's (or PRODUCT),
 *   a `fulfillment_availability` entry without fulfillment_channel_code or with a quantity that is not an integer ≥ 0,
 *   or an injected issue → `status: INVALID` with `issues`; else `ACCEPTED` (quantities stored) or, in
 *   VALIDATION_PREVIEW, `VALID` (nothing stored). Headers `x-amzn-RequestId`, `x-amzn-RateLimit-Limit`.
 * - `GET /listings/2021-08-01/items/:sellerId/:sku?marketplaceIds=…`: `{ sku, summaries, fulfillmentAvailability }`.
 *
 * Test hooks: `quantityOf(sku, channel = 'DEFAULT')`, `setListing`, `invalidSku(sku, issue?)`, `failNext(status,
 * body, headers)` / `rateLimitNext(retryAfterSeconds)` (PATCH requests, in order), `revokeTokens()`, `tokenRequests`,
 * `patches` (each PATCH's sku, query and body in order).
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sendJson, startHttpStandin, type HttpStandin, type RecordedRequest } from './http-server.js';

/** What the Listings Items model (amz-listings.json, ListingsItemPatchRequest/PatchOperation) requires. */
export const LISTINGS_PATCH_MODEL = {
  requestRequired: ['productType', 'patches'],
  patchesMinItems: 1,
  operationRequired: ['op', 'path'],
  ops: ['add', 'replace', 'merge', 'delete'],
} as const;

export interface AmazonStandinOptions {
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly refreshToken?: string;
  readonly sellerId?: string;
  readonly marketplaceIds?: readonly string[];
  readonly tokenLifetimeSeconds?: number;
  /** SKU → its product type (default PRODUCT) and DEFAULT-channel quantity. */
  readonly listings?: Readonly<Record<string, { readonly productType?: string; readonly quantity?: number }>>;
  /** Clock for token expiry (epoch ms); default Date.now. */
  readonly now?: () => number;
}

export interface AmazonIssue {
  readonly code: string;
  readonly message: string;
  readonly severity: 'ERROR' | 'WARNING' | 'INFO';
  readonly attributeNames?: readonly string[];
  readonly categories: readonly string[];
}

export interface RecordedPatch {
  readonly sku: string;
  readonly query: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly accessToken: string;
}

export interface AmazonStandin {
  readonly url: string;
  readonly http: HttpStandin;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken: string;
  readonly sellerId: string;
  readonly tokenRequests: number;
  readonly patches: readonly RecordedPatch[];
  quantityOf(sku: string, channel?: string): number | undefined;
  setListing(sku: string, listing: { readonly productType?: string; readonly quantity?: number }): void;
  invalidSku(sku: string, issue?: Partial<AmazonIssue>): void;
  failNext(status: number, body?: unknown, headers?: Record<string, string>): void;
  rateLimitNext(retryAfterSeconds: number, times?: number): void;
  revokeTokens(): void;
  close(): Promise<void>;
}

interface Listing {
  productType: string;
  availability: Map<string, number>;
}

export async function startAmazonStandin(options: AmazonStandinOptions = {}): Promise<AmazonStandin> {
  const http = await startHttpStandin();
  const clientId = options.clientId ?? 'amzn1.application-oa2-client.flowwerktest';
  const clientSecret = options.clientSecret ?? 'amzn1.oa2-cs.v1.test-secret';
  const refreshToken = options.refreshToken ?? 'Atzr|IwEBI-test-refresh-token';
  const sellerId = options.sellerId ?? 'A2TESTSELLER01';
  const marketplaces = new Set(options.marketplaceIds ?? ['A1PA6795UKMFR9']);
  const lifetime = options.tokenLifetimeSeconds ?? 3600;
  const now = options.now ?? Date.now;
  const tokens = new Map<string, number>();
  const listings = new Map<string, Listing>();
  const injected = new Map<string, AmazonIssue>();
  const canned: { status: number; body: unknown; headers: Record<string, string> }[] = [];
  const patches: RecordedPatch[] = [];
  let tokenRequests = 0;
  let serial = 0;

  const setListing = (sku: string, listing: { readonly productType?: string; readonly quantity?: number }): void => {
    const availability = new Map<string, number>();
    if (listing.quantity !== undefined) availability.set('DEFAULT', listing.quantity);
    listings.set(sku, { productType: listing.productType ?? 'PRODUCT', availability });
  };
  for (const [sku, listing] of Object.entries(options.listings ?? {})) setListing(sku, listing);

  http.on('POST', '/auth/o2/token', (request, response) => {
    tokenRequests++;
    const form = new URLSearchParams(request.text());
    if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) {
      sendJson(response, 401, { error_description: 'Client authentication failed', error: 'invalid_client' });
    } else if (form.get('grant_type') !== 'refresh_token') {
      sendJson(response, 400, { error_description: 'The authorization grant type is not supported by the authorization server', error: 'unsupported_grant_type' });
    } else if (form.get('refresh_token') !== refreshToken) {
      sendJson(response, 400, { error_description: 'The request has an invalid grant parameter : refresh_token', error: 'invalid_grant' });
    } else {
      const token = `Atza|IwEBI-test-access-${++serial}`;
      tokens.set(token, now() + lifetime * 1000);
      sendJson(response, 200, { access_token: token, refresh_token: refreshToken, token_type: 'bearer', expires_in: lifetime });
    }
  });

  const headers = (): Record<string, string> => ({ 'x-amzn-requestid': randomUUID(), 'x-amzn-ratelimit-limit': '5.0' });
  const fail = (response: ServerResponse, status: number, code: string, message: string, details = ''): void =>
    sendJson(response, status, { errors: [{ code, message, details }] }, headers());

  /** The checks every Listings Items call shares; false when it already answered. */
  const admitted = (request: RecordedRequest, response: ServerResponse): boolean => {
    const token = String(request.headers['x-amz-access-token'] ?? '');
    const expiresAt = tokens.get(token);
    if (expiresAt === undefined || now() >= expiresAt) {
      const details = expiresAt === undefined ? 'The access token you provided is revoked, malformed or invalid.' : 'The access token you provided has expired.';
      fail(response, 403, 'Unauthorized', 'Access to requested resource is denied.', details);
      return false;
    }
    if (request.params.sellerId !== sellerId) {
      fail(response, 403, 'Unauthorized', 'Access to requested resource is denied.', 'The seller ID does not match the authorised account.');
      return false;
    }
    const requested = (request.query.marketplaceIds ?? '').split(',').filter(Boolean);
    if (requested.length === 0 || requested.some((id) => !marketplaces.has(id))) {
      fail(response, 400, 'InvalidInput', 'Invalid input', `marketplaceIds must name known marketplaces (got "${request.query.marketplaceIds ?? ''}")`);
      return false;
    }
    return true;
  };

  http.on('PATCH', '/listings/2021-08-01/items/:sellerId/:sku', (request, response) => {
    if (!admitted(request, response)) return;
    const sku = request.params.sku ?? '';
    const next = canned.shift();
    if (next !== undefined) {
      sendJson(response, next.status, next.body, { ...headers(), ...next.headers });
      return;
    }
    if (!String(request.headers['content-type'] ?? '').startsWith('application/json')) {
      fail(response, 415, 'UnsupportedMediaType', 'The request payload is in an unsupported format.');
      return;
    }
    let body: unknown;
    try {
      body = request.json();
    } catch {
      fail(response, 400, 'InvalidInput', 'Request has missing or invalid parameters and cannot be parsed.', 'body is not JSON');
      return;
    }
    const parsed = parsePatchRequest(body);
    if (typeof parsed === 'string') {
      fail(response, 400, 'InvalidInput', 'Request has missing or invalid parameters and cannot be parsed.', parsed);
      return;
    }
    patches.push({ sku, query: request.query, body, accessToken: String(request.headers['x-amz-access-token']) });
    const issues = issuesOf(sku, parsed);
    const preview = request.query.mode === 'VALIDATION_PREVIEW';
    const status = issues.some((entry) => entry.severity === 'ERROR') ? 'INVALID' : preview ? 'VALID' : 'ACCEPTED';
    if (status === 'ACCEPTED') apply(sku, parsed);
    sendJson(response, 200, { sku, status, submissionId: randomUUID().replaceAll('-', ''), issues }, headers());
  });

  http.on('GET', '/listings/2021-08-01/items/:sellerId/:sku', (request, response) => {
    if (!admitted(request, response)) return;
    const sku = request.params.sku ?? '';
    const listing = listings.get(sku);
    if (listing === undefined) {
      fail(response, 404, 'NOT_FOUND', `SKU '${sku}' not found in marketplace ${request.query.marketplaceIds ?? ''}`);
      return;
    }
    sendJson(response, 200, {
      sku,
      summaries: [{ marketplaceId: request.query.marketplaceIds, productType: listing.productType, status: ['BUYABLE'] }],
      fulfillmentAvailability: [...listing.availability].map(([fulfillmentChannelCode, quantity]) => ({ fulfillmentChannelCode, quantity })),
    }, headers());
  });

  function issuesOf(sku: string, body: PatchRequest): AmazonIssue[] {
    const listing = listings.get(sku);
    const injectedIssue = injected.get(sku);
    if (injectedIssue !== undefined) return [injectedIssue];
    if (listing === undefined) {
      return [{ code: '4000001', message: `No listings item found for SKU '${sku}'.`, severity: 'ERROR', categories: ['MISSING_ATTRIBUTE'], attributeNames: [] }];
    }
    const issues: AmazonIssue[] = [];
    if (body.productType !== listing.productType && body.productType !== 'PRODUCT') {
      issues.push({ code: '90000900', message: `The product type '${body.productType}' does not match the listing's product type '${listing.productType}'.`, severity: 'ERROR', categories: ['INVALID_ATTRIBUTE'], attributeNames: ['productType'] });
    }
    for (const patch of body.patches) {
      if (patch.path !== '/attributes/fulfillment_availability' || patch.op === 'delete') continue;
      for (const entry of patch.value ?? []) {
        if (typeof entry.fulfillment_channel_code !== 'string' || entry.fulfillment_channel_code === '') {
          issues.push({ code: '90220', message: "'fulfillment_channel_code' is required but not supplied.", severity: 'ERROR', categories: ['MISSING_ATTRIBUTE'], attributeNames: ['fulfillment_availability'] });
        }
        const quantity = entry.quantity;
        if (!(typeof quantity === 'number' && Number.isInteger(quantity) && quantity >= 0)) {
          issues.push({ code: '90244', message: `'quantity' must be a whole number of 0 or more (got ${JSON.stringify(quantity)}).`, severity: 'ERROR', categories: ['INVALID_ATTRIBUTE'], attributeNames: ['fulfillment_availability'] });
        }
      }
    }
    return issues;
  }

  function apply(sku: string, body: PatchRequest): void {
    const listing = listings.get(sku);
    if (listing === undefined) return;
    for (const patch of body.patches) {
      if (patch.path !== '/attributes/fulfillment_availability') continue;
      if (patch.op === 'delete') {
        listing.availability.clear();
        continue;
      }
      if (patch.op === 'replace' || patch.op === 'add') listing.availability.clear();
      for (const entry of patch.value ?? []) {
        if (typeof entry.fulfillment_channel_code === 'string' && typeof entry.quantity === 'number') {
          listing.availability.set(entry.fulfillment_channel_code, entry.quantity);
        }
      }
    }
  }

  return {
    url: http.url,
    http,
    clientId,
    clientSecret,
    refreshToken,
    sellerId,
    get tokenRequests() {
      return tokenRequests;
    },
    patches,
    quantityOf: (sku, channel = 'DEFAULT') => listings.get(sku)?.availability.get(channel),
    setListing,
    invalidSku(sku, issue = {}) {
      injected.set(sku, {
        code: issue.code ?? '8541', message: issue.message ?? 'The listing is blocked by a stand-in rule.',
        severity: issue.severity ?? 'ERROR', categories: issue.categories ?? ['INVALID_ATTRIBUTE'],
        attributeNames: issue.attributeNames ?? [],
      });
    },
    failNext(status, body = { errors: [{ code: 'InternalFailure', message: 'We encountered an internal error. Please try again.', details: '' }] }, extraHeaders = {}) {
      canned.push({ status, body, headers: extraHeaders });
    },
    rateLimitNext(retryAfterSeconds, times = 1) {
      for (let index = 0; index < times; index++) {
        canned.push({
          status: 429,
          body: { errors: [{ code: 'QuotaExceeded', message: 'You exceeded your quota for the requested resource.', details: '' }] },
          headers: { 'retry-after': String(retryAfterSeconds) },
        });
      }
    },
    revokeTokens: () => tokens.clear(),
    close: () => http.close(),
  };
}

interface PatchRequest {
  readonly productType: string;
  readonly patches: readonly { readonly op: string; readonly path: string; readonly value?: readonly Record<string, unknown>[] }[];
}

/** `body` as a patch request, or why it breaks the Listings Items patch model. */
function parsePatchRequest(body: unknown): PatchRequest | string {
  if (!isRecord(body)) return 'the body must be a ListingsItemPatchRequest object';
  for (const field of LISTINGS_PATCH_MODEL.requestRequired) {
    if (body[field] === undefined) return `'${field}' is required`;
  }
  if (typeof body.productType !== 'string') return "'productType' must be a string";
  const patches = body.patches;
  if (!Array.isArray(patches) || patches.length < LISTINGS_PATCH_MODEL.patchesMinItems) return "'patches' must hold at least one PatchOperation";
  const parsed: PatchRequest['patches'][number][] = [];
  for (const [index, patch] of patches.entries()) {
    if (!isRecord(patch)) return `patches[${index}] must be an object`;
    for (const field of LISTINGS_PATCH_MODEL.operationRequired) {
      if (patch[field] === undefined) return `patches[${index}].${field} is required`;
    }
    if (!LISTINGS_PATCH_MODEL.ops.some((op) => op === patch.op)) return `patches[${index}].op must be one of ${LISTINGS_PATCH_MODEL.ops.join(', ')}`;
    if (typeof patch.path !== 'string' || !patch.path.startsWith('/attributes/')) return `patches[${index}].path must be a JSON pointer below /attributes/`;
    if (patch.op !== 'delete' && !(Array.isArray(patch.value) && patch.value.every(isRecord))) {
      return `patches[${index}].value must be an array of objects for op '${String(patch.op)}'`;
    }
    parsed.push({ op: String(patch.op), path: patch.path, ...(Array.isArray(patch.value) && { value: patch.value.filter(isRecord) }) });
  }
  return { productType: body.productType, patches: parsed };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
