/**
 * PayPal REST stand-in (contract: apis.md §3, official OpenAPI in shared/contracts/paypal/), on startHttpStandin.
 *
 *   const paypal = await startPaypalStandin();            // options: clientId, clientSecret, tokenLifetimeSeconds, now
 *   credential: { sandbox: true, baseUrl: paypal.url, clientId: paypal.clientId, clientSecret: paypal.clientSecret }
 *   const orderId = paypal.createOrder({ amount: '100.00', currency: 'EUR' });   // an APPROVED order
 *
 * Routes
 * - `POST /v1/oauth2/token`: HTTP Basic client id/secret, form `grant_type=client_credentials` → `{ scope,
 *   access_token, token_type: "Bearer", app_id, expires_in, nonce }`; wrong client → 401 `{ error:
 *   "invalid_client" }`; other grant → 400 `unsupported_grant_type`.
 * - Every `/v2/...` route needs `Authorization: Bearer <token>` issued here, unexpired on the stand-in's clock and
 *   not revoked; else 401 `AUTHENTICATION_FAILURE`.
 * - `POST /v2/checkout/orders` (body checked against `order_request`) → 201 order `CREATED` (approve with
 *   `paypal.approve(id)`); `GET /v2/checkout/orders/:id`.
 * - `POST /v2/checkout/orders/:id/capture` (body checked against `order_capture_request`): APPROVED → 201 full
 *   order with one COMPLETED capture (`Prefer: return=minimal`: `{ id, status, links }`); CREATED → 422
 *   `ORDER_NOT_APPROVED`; already COMPLETED → 422 `ORDER_ALREADY_CAPTURED`; unknown → 404 `RESOURCE_NOT_FOUND`.
 * - `POST /v2/payments/captures/:id/refund` (body checked against `refund_request`; empty = the rest): 201 refund
 *   `COMPLETED`; 422 `REFUND_CAPTURE_CURRENCY_MISMATCH`, `REFUND_AMOUNT_EXCEEDED`, `CAPTURE_FULLY_REFUNDED`.
 *   `GET /v2/payments/captures/:id`, `GET /v2/payments/refunds/:id`.
 * - Schema violations → 400 `INVALID_REQUEST` with `details[{ field (JSON pointer), issue, description }]`.
 * - Idempotency: a POST with a `PayPal-Request-Id` already answered 2xx for the same client and path returns the
 *   stored body again (capture: status 200, as PayPal documents; others: the stored status) and changes nothing.
 *   `stats.captures`/`stats.refunds` count real state changes, `stats.tokensIssued` tokens.
 * - `failNext(route, failure, times)` answers the next `times` calls of a route (`token`, `createOrder`,
 *   `capture`, `refund`, `*`) with `failure.status` and a contract error body (429 `RATE_LIMIT_REACHED`,
 *   5xx `INTERNAL_SERVER_ERROR`, or `failure.body`) plus `failure.headers` (e.g. `Retry-After`), before anything
 *   else is checked. `revokeTokens()` makes every issued token answer 401.
 * Webhook deliveries signed like PayPal's are in paypal-webhook.ts.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sendJson, startHttpStandin, type HttpStandin, type RecordedRequest } from './http-server.js';
import { validatePaypalRequest } from './paypal-schema.js';

export { createPaypalSigningCertificate, signPaypalWebhook, paypalEvent } from './paypal-webhook.js';
export type { SigningCertificate, SignedDelivery } from './paypal-webhook.js';

export interface PaypalStandinOptions {
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** `expires_in` of issued tokens; default 32 400 s (PayPal's 9 h). */
  readonly tokenLifetimeSeconds?: number;
  /** The stand-in's clock (token expiry, timestamps); default Date.now. */
  readonly now?: () => number;
}

export type PaypalRoute = 'token' | 'createOrder' | 'capture' | 'refund' | '*';

export interface PaypalFailure {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Money {
  readonly currency_code: string;
  readonly value: string;
}

export interface StandinOrder {
  readonly id: string;
  status: 'CREATED' | 'APPROVED' | 'COMPLETED';
  readonly referenceId: string;
  readonly amount: Money;
  captureId?: string;
}

export interface StandinCapture {
  readonly id: string;
  readonly orderId: string;
  status: 'COMPLETED' | 'PARTIALLY_REFUNDED' | 'REFUNDED';
  readonly amount: Money;
  /** Refunded so far, in minor units. */
  refundedMinor: number;
  readonly refundIds: string[];
}

export interface PaypalStandin {
  /** Base URL for the credential's `baseUrl`. */
  readonly url: string;
  readonly http: HttpStandin;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly orders: ReadonlyMap<string, StandinOrder>;
  readonly captures: ReadonlyMap<string, StandinCapture>;
  readonly stats: { tokensIssued: number; captures: number; refunds: number };
  /** An order as the buyer left it: APPROVED unless `status` says CREATED. Returns its id. */
  createOrder(input: { readonly amount: string; readonly currency?: string; readonly referenceId?: string; readonly status?: 'CREATED' | 'APPROVED' }): string;
  approve(orderId: string): void;
  failNext(route: PaypalRoute, failure: PaypalFailure, times?: number): void;
  revokeTokens(): void;
  close(): Promise<void>;
}

const ZERO_DECIMALS = new Set(['HUF', 'JPY', 'TWD']);

function digitsOf(currency: string): number {
  return ZERO_DECIMALS.has(currency) ? 0 : 2;
}

function toMinor(value: string, currency: string): number {
  const [whole = '0', fraction = ''] = value.split('.');
  const digits = digitsOf(currency);
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0').slice(0, digits) || '0');
}

function fromMinor(minor: number, currency: string): string {
  const digits = digitsOf(currency);
  if (digits === 0) return String(minor);
  const text = String(minor).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

function paypalId(length = 17): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPRSTUVWXYZ';
  return Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('');
}

const ERROR_TEXT: Readonly<Record<string, string>> = {
  INVALID_REQUEST: 'Request is not well-formed, syntactically incorrect, or violates schema.',
  AUTHENTICATION_FAILURE: 'Authentication failed due to missing authorization header, or invalid authentication credentials.',
  RESOURCE_NOT_FOUND: 'The specified resource does not exist.',
  UNPROCESSABLE_ENTITY: 'The requested action could not be performed, semantically incorrect, or failed business validation.',
  RATE_LIMIT_REACHED: 'Too many requests. Blocked due to rate limiting.',
  INTERNAL_SERVER_ERROR: 'An internal server error occurred.',
};

interface ErrorDetail {
  readonly issue: string;
  readonly description: string;
  readonly field?: string;
  readonly value?: string;
  readonly location?: string;
}

/** A PayPal error body (spec `error_4xx`). */
export function paypalErrorBody(name: string, details: readonly ErrorDetail[] = []): Record<string, unknown> {
  return {
    name,
    message: ERROR_TEXT[name] ?? name,
    debug_id: randomBytes(7).toString('hex').slice(0, 13),
    details,
    links: [{ href: `https://developer.paypal.com/docs/api/orders/v2/#error-${details[0]?.issue ?? name}`, rel: 'information_link', method: 'GET' }],
  };
}

function defaultFailureBody(status: number): Record<string, unknown> {
  if (status === 429) return paypalErrorBody('RATE_LIMIT_REACHED');
  if (status === 401) return paypalErrorBody('AUTHENTICATION_FAILURE');
  if (status === 404) return paypalErrorBody('RESOURCE_NOT_FOUND');
  if (status === 422) return paypalErrorBody('UNPROCESSABLE_ENTITY');
  if (status >= 500) return paypalErrorBody('INTERNAL_SERVER_ERROR');
  return paypalErrorBody('INVALID_REQUEST');
}

export async function startPaypalStandin(options: PaypalStandinOptions = {}): Promise<PaypalStandin> {
  const http = await startHttpStandin();
  const now = options.now ?? Date.now;
  const clientId = options.clientId ?? 'AeSandboxClientId0123456789';
  const clientSecret = options.clientSecret ?? 'EGsandboxSecret0123456789';
  const lifetimeSeconds = options.tokenLifetimeSeconds ?? 32_400;
  const tokens = new Map<string, number>();
  const orders = new Map<string, StandinOrder>();
  const captures = new Map<string, StandinCapture>();
  const refunds = new Map<string, Record<string, unknown>>();
  const replays = new Map<string, { status: number; body: unknown }>();
  const failures: { route: PaypalRoute; failure: PaypalFailure; left: number }[] = [];
  const stats = { tokensIssued: 0, captures: 0, refunds: 0 };
  const base = http.url;
  const iso = (): string => new Date(now()).toISOString().replace(/\.\d{3}Z$/, 'Z');

  /** Answers an injected failure for `route`, if one is pending. */
  function injected(route: PaypalRoute, res: ServerResponse): boolean {
    const index = failures.findIndex((entry) => entry.route === route || entry.route === '*');
    const entry = failures[index];
    if (entry === undefined) return false;
    entry.left -= 1;
    if (entry.left <= 0) failures.splice(index, 1);
    sendJson(res, entry.failure.status, entry.failure.body ?? defaultFailureBody(entry.failure.status), { ...entry.failure.headers });
    return true;
  }

  function authorized(req: RecordedRequest, res: ServerResponse): boolean {
    const match = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
    const expiresAt = match?.[1] === undefined ? undefined : tokens.get(match[1]);
    if (expiresAt !== undefined && now() < expiresAt) return true;
    sendJson(res, 401, paypalErrorBody('AUTHENTICATION_FAILURE', [{ issue: 'INVALID_TOKEN', description: 'The access token is missing, expired or unknown.' }]));
    return false;
  }

  function jsonBody(req: RecordedRequest, res: ServerResponse): { ok: true; value: unknown } | { ok: false } {
    if (req.body.length === 0) return { ok: true, value: {} };
    if (!/application\/json/i.test(req.headers['content-type'] ?? '')) {
      sendJson(res, 415, paypalErrorBody('UNSUPPORTED_MEDIA_TYPE'));
      return { ok: false };
    }
    try {
      return { ok: true, value: req.json() };
    } catch {
      sendJson(res, 400, paypalErrorBody('INVALID_REQUEST', [{ issue: 'MALFORMED_REQUEST_JSON', description: 'The request JSON is not well formed.', location: 'body' }]));
      return { ok: false };
    }
  }

  /** Validates the body against `schema`; answers 400 INVALID_REQUEST and returns undefined when it fails. */
  function validBody(req: RecordedRequest, res: ServerResponse, schema: string): Record<string, unknown> | undefined {
    const parsed = jsonBody(req, res);
    if (!parsed.ok) return undefined;
    const issues = validatePaypalRequest(schema, parsed.value);
    if (issues.length > 0) {
      sendJson(res, 400, paypalErrorBody('INVALID_REQUEST', issues));
      return undefined;
    }
    return typeof parsed.value === 'object' && parsed.value !== null && !Array.isArray(parsed.value) ? Object.fromEntries(Object.entries(parsed.value)) : {};
  }

  /** Runs `act` once per PayPal-Request-Id (per client and path); replays answer the stored result. */
  function idempotent(req: RecordedRequest, res: ServerResponse, replayStatus: number | 'same', act: () => { status: number; body: unknown }): void {
    const requestId = req.headers['paypal-request-id'];
    const key = typeof requestId === 'string' && requestId !== '' ? `${clientId}|${req.path}|${requestId}` : undefined;
    const stored = key === undefined ? undefined : replays.get(key);
    if (stored !== undefined) {
      sendJson(res, replayStatus === 'same' ? stored.status : replayStatus, stored.body);
      return;
    }
    if (typeof requestId === 'string' && requestId.length > 108) {
      sendJson(res, 400, paypalErrorBody('INVALID_REQUEST', [{ issue: 'INVALID_STRING_LENGTH', field: 'PayPal-Request-Id', location: 'header', description: 'At most 108 characters.' }]));
      return;
    }
    const result = act();
    if (key !== undefined && result.status >= 200 && result.status < 300) replays.set(key, result);
    sendJson(res, result.status, result.body);
  }

  const minimal = (req: RecordedRequest): boolean => !/return=representation/i.test(String(req.headers.prefer ?? ''));

  function orderLinks(id: string): unknown[] {
    return [{ href: `${base}/v2/checkout/orders/${id}`, rel: 'self', method: 'GET' }];
  }

  function captureBody(capture: StandinCapture): Record<string, unknown> {
    const grossMinor = toMinor(capture.amount.value, capture.amount.currency_code);
    const feeMinor = Math.round(grossMinor * 0.0249) + 35;
    const currency = capture.amount.currency_code;
    return {
      id: capture.id,
      status: capture.status,
      amount: capture.amount,
      final_capture: true,
      seller_protection: { status: 'ELIGIBLE', dispute_categories: ['ITEM_NOT_RECEIVED', 'UNAUTHORIZED_TRANSACTION'] },
      seller_receivable_breakdown: {
        gross_amount: capture.amount,
        paypal_fee: { currency_code: currency, value: fromMinor(feeMinor, currency) },
        net_amount: { currency_code: currency, value: fromMinor(grossMinor - feeMinor, currency) },
      },
      links: [
        { href: `${base}/v2/payments/captures/${capture.id}`, rel: 'self', method: 'GET' },
        { href: `${base}/v2/payments/captures/${capture.id}/refund`, rel: 'refund', method: 'POST' },
        { href: `${base}/v2/checkout/orders/${capture.orderId}`, rel: 'up', method: 'GET' },
      ],
      create_time: iso(),
      update_time: iso(),
    };
  }

  function orderBody(order: StandinOrder): Record<string, unknown> {
    const capture = order.captureId === undefined ? undefined : captures.get(order.captureId);
    return {
      id: order.id,
      intent: 'CAPTURE',
      status: order.status,
      payment_source: {
        paypal: { email_address: 'buyer@example.com', account_id: 'QYR5Z8XDVJNXQ', account_status: 'VERIFIED', name: { given_name: 'Erika', surname: 'Mustermann' } },
      },
      purchase_units: [{
        reference_id: order.referenceId,
        amount: order.amount,
        ...(capture !== undefined && { payments: { captures: [captureBody(capture)] } }),
      }],
      payer: { name: { given_name: 'Erika', surname: 'Mustermann' }, email_address: 'buyer@example.com', payer_id: 'QYR5Z8XDVJNXQ' },
      links: orderLinks(order.id),
    };
  }

  function notFound(res: ServerResponse, what: string): void {
    sendJson(res, 404, paypalErrorBody('RESOURCE_NOT_FOUND', [{ issue: 'INVALID_RESOURCE_ID', description: `Specified resource ID does not exist. Please check the resource ID (${what}) and try again.` }]));
  }

  function unprocessable(issue: string, description: string): { status: number; body: unknown } {
    return { status: 422, body: paypalErrorBody('UNPROCESSABLE_ENTITY', [{ issue, description }]) };
  }

  const createOrder: PaypalStandin['createOrder'] = (input) => {
    const id = paypalId();
    orders.set(id, {
      id,
      status: input.status ?? 'APPROVED',
      referenceId: input.referenceId ?? 'default',
      amount: { currency_code: input.currency ?? 'EUR', value: input.amount },
    });
    return id;
  };

  http.on('POST', '/v1/oauth2/token', (req, res) => {
    if (injected('token', res)) return;
    const match = /^Basic (\S+)$/.exec(req.headers.authorization ?? '');
    const decoded = match?.[1] === undefined ? '' : Buffer.from(match[1], 'base64').toString('utf8');
    if (decoded !== `${clientId}:${clientSecret}`) {
      sendJson(res, 401, { error: 'invalid_client', error_description: 'Client Authentication failed' });
      return;
    }
    const form = new URLSearchParams(req.text());
    if (!/application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '') || form.get('grant_type') !== 'client_credentials') {
      sendJson(res, 400, { error: 'unsupported_grant_type', error_description: 'Grant Type is NULL' });
      return;
    }
    const token = `A21AA${randomBytes(24).toString('base64url')}`;
    tokens.set(token, now() + lifetimeSeconds * 1000);
    stats.tokensIssued += 1;
    sendJson(res, 200, {
      scope: 'https://uri.paypal.com/services/payments/payment https://uri.paypal.com/services/payments/refund',
      access_token: token,
      token_type: 'Bearer',
      app_id: 'APP-80W284485P519543T',
      expires_in: lifetimeSeconds,
      nonce: `${iso()}${randomBytes(8).toString('hex')}`,
    });
  });

  http.on('POST', '/v2/checkout/orders', (req, res) => {
    if (injected('createOrder', res) || !authorized(req, res)) return;
    const body = validBody(req, res, 'order_request');
    if (body === undefined) return;
    idempotent(req, res, 'same', () => {
      const units = Array.isArray(body.purchase_units) ? body.purchase_units : [];
      const unit: unknown = units[0];
      const amount = typeof unit === 'object' && unit !== null && 'amount' in unit ? unit.amount : undefined;
      const money = typeof amount === 'object' && amount !== null && 'value' in amount && 'currency_code' in amount ? amount : undefined;
      const reference = typeof unit === 'object' && unit !== null && 'reference_id' in unit && typeof unit.reference_id === 'string' ? unit.reference_id : undefined;
      const id = createOrder({
        amount: String(money?.value), currency: String(money?.currency_code), status: 'CREATED', ...(reference !== undefined && { referenceId: reference }),
      });
      const order = orders.get(id);
      if (order === undefined) throw new Error('order vanished');
      return {
        status: 201,
        body: minimal(req)
          ? { id, status: 'CREATED', links: [...orderLinks(id), { href: `https://www.sandbox.paypal.com/checkoutnow?token=${id}`, rel: 'approve', method: 'GET' }] }
          : orderBody(order),
      };
    });
  });

  http.on('GET', '/v2/checkout/orders/:id', (req, res) => {
    if (!authorized(req, res)) return;
    const order = orders.get(req.params.id ?? '');
    if (order === undefined) notFound(res, 'order');
    else sendJson(res, 200, orderBody(order));
  });

  http.on('POST', '/v2/checkout/orders/:id/capture', (req, res) => {
    if (injected('capture', res) || !authorized(req, res)) return;
    const order = orders.get(req.params.id ?? '');
    if (order === undefined) {
      notFound(res, 'order');
      return;
    }
    if (validBody(req, res, 'order_capture_request') === undefined) return;
    idempotent(req, res, 200, () => {
      if (order.status === 'COMPLETED') {
        return unprocessable('ORDER_ALREADY_CAPTURED', "Order already captured.If 'intent=CAPTURE' only one capture per order is allowed.");
      }
      if (order.status !== 'APPROVED') {
        return unprocessable('ORDER_NOT_APPROVED', 'Payer has not yet approved the Order for payment. Please redirect the payer to the \'rel\':\'approve\' url returned as part of the HATEOAS links within the Create Order call or provide a valid payment_source in the request.');
      }
      const capture: StandinCapture = { id: paypalId(), orderId: order.id, status: 'COMPLETED', amount: order.amount, refundedMinor: 0, refundIds: [] };
      captures.set(capture.id, capture);
      order.status = 'COMPLETED';
      order.captureId = capture.id;
      stats.captures += 1;
      return { status: 201, body: minimal(req) ? { id: order.id, status: order.status, links: orderLinks(order.id) } : orderBody(order) };
    });
  });

  http.on('GET', '/v2/payments/captures/:id', (req, res) => {
    if (!authorized(req, res)) return;
    const capture = captures.get(req.params.id ?? '');
    if (capture === undefined) notFound(res, 'capture');
    else sendJson(res, 200, captureBody(capture));
  });

  http.on('POST', '/v2/payments/captures/:id/refund', (req, res) => {
    if (injected('refund', res) || !authorized(req, res)) return;
    const capture = captures.get(req.params.id ?? '');
    if (capture === undefined) {
      notFound(res, 'capture');
      return;
    }
    const body = validBody(req, res, 'refund_request');
    if (body === undefined) return;
    idempotent(req, res, 'same', () => {
      const currency = capture.amount.currency_code;
      const remaining = toMinor(capture.amount.value, currency) - capture.refundedMinor;
      const requested = body.amount;
      const money = typeof requested === 'object' && requested !== null && 'value' in requested && 'currency_code' in requested ? requested : undefined;
      if (remaining <= 0) return unprocessable('CAPTURE_FULLY_REFUNDED', 'The capture has already been fully refunded');
      if (money !== undefined && money.currency_code !== currency) {
        return unprocessable('REFUND_CAPTURE_CURRENCY_MISMATCH', 'Refund must be in the same currency as the capture');
      }
      const minor = money === undefined ? remaining : toMinor(String(money.value), currency);
      if (minor <= 0) return { status: 422, body: paypalErrorBody('UNPROCESSABLE_ENTITY', [{ issue: 'CANNOT_BE_ZERO_OR_NEGATIVE', field: '/amount/value', description: 'Must be greater than zero.' }]) };
      if (minor > remaining) {
        return unprocessable('REFUND_AMOUNT_EXCEEDED', 'The refund amount must be less than or equal to the capture amount that has not yet been refunded.');
      }
      capture.refundedMinor += minor;
      capture.status = capture.refundedMinor === toMinor(capture.amount.value, currency) ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
      const id = paypalId();
      capture.refundIds.push(id);
      stats.refunds += 1;
      const amount = { currency_code: currency, value: fromMinor(minor, currency) };
      const refund = {
        id,
        status: 'COMPLETED',
        amount,
        ...(typeof body.invoice_id === 'string' && { invoice_id: body.invoice_id }),
        ...(typeof body.note_to_payer === 'string' && { note_to_payer: body.note_to_payer }),
        seller_payable_breakdown: {
          gross_amount: amount,
          paypal_fee: { currency_code: currency, value: fromMinor(0, currency) },
          net_amount: amount,
          total_refunded_amount: { currency_code: currency, value: fromMinor(capture.refundedMinor, currency) },
        },
        links: [
          { href: `${base}/v2/payments/refunds/${id}`, rel: 'self', method: 'GET' },
          { href: `${base}/v2/payments/captures/${capture.id}`, rel: 'up', method: 'GET' },
        ],
        create_time: iso(),
        update_time: iso(),
      };
      refunds.set(id, refund);
      return { status: 201, body: minimal(req) ? { id, status: 'COMPLETED', links: refund.links } : refund };
    });
  });

  http.on('GET', '/v2/payments/refunds/:id', (req, res) => {
    if (!authorized(req, res)) return;
    const refund = refunds.get(req.params.id ?? '');
    if (refund === undefined) notFound(res, 'refund');
    else sendJson(res, 200, refund);
  });

  return {
    url: base,
    http,
    clientId,
    clientSecret,
    orders,
    captures,
    stats,
    createOrder,
    approve(orderId) {
      const order = orders.get(orderId);
      if (order === undefined) throw new Error(`no order ${orderId}`);
      if (order.status === 'CREATED') order.status = 'APPROVED';
    },
    failNext(route, failure, times = 1) {
      failures.push({ route, failure, left: times });
    },
    revokeTokens() {
      tokens.clear();
    },
    close: () => http.close(),
  };
}

