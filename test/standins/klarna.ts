/**
 * Klarna Order Management stand-in (contract: apis.md §4, kco_rest_php), on startHttpStandin.
 *
 *   const klarna = await startKlarnaStandin();             // options: username, password, now
 *   credential: { sandbox: true, baseUrl: klarna.url, username: klarna.username, password: klarna.password }
 *   const orderId = klarna.createOrder({ amount: 10000, currency: 'EUR' });   // AUTHORIZED, minor units
 *
 * Routes (all need HTTP Basic `username:password`, else 401 `UNAUTHORIZED`; amounts are integer minor units):
 * - `GET /ordermanagement/v1/orders/:order_id` → `{ order_id, status, purchase_currency, order_amount,
 *   captured_amount, refunded_amount, remaining_authorized_amount, captures[], refunds[] }`; unknown → 404
 *   `NO_SUCH_ORDER`.
 * - `POST …/orders/:order_id/captures` `{ captured_amount (required, integer ≥ 1), description?, order_lines?,
 *   shipping_info?[{ shipping_company?, tracking_number? }] }` → 201, empty body, `Location: …/captures/{id}` and
 *   `Capture-Id`; status becomes PART_CAPTURED/CAPTURED. More than the remaining authorization, or a cancelled
 *   order → 403 `CAPTURE_NOT_ALLOWED`. `GET …/captures/:capture_id`.
 * - `POST …/orders/:order_id/refunds` `{ refunded_amount (required, integer ≥ 1), description?, reference?,
 *   order_lines? }` → 201 + `Location: …/refunds/{id}`, `Refund-Id`; more than captured minus refunded → 403
 *   `REFUND_NOT_ALLOWED`. `GET …/refunds/:refund_id`.
 * - Body problems → 400 `BAD_VALUE` with `error_messages` naming the field (`Bad value: captured_amount`).
 * - Errors: `{ error_code, error_messages[], correlation_id }`. Error codes other than those in apis.md
 *   (`NO_SUCH_ORDER`, `CAPTURE_NOT_ALLOWED`, `REFUND_NOT_ALLOWED`, `BAD_VALUE`, `UNAUTHORIZED`) are UNVERIFIED.
 * - Idempotency: a POST with a `Klarna-Idempotency-Key` already answered 201 for that path gets the same answer
 *   (same Location / ids) and changes nothing. `stats.captures`/`stats.refunds` count real state changes.
 * - `failNext(route, failure, times)` answers the next `times` calls of `capture`, `refund`, `order` or `*` with
 *   `failure.status`, a contract body (429 `TOO_MANY_REQUESTS`, 5xx `INTERNAL_SERVER_ERROR`/
 *   `TEMPORARILY_UNAVAILABLE`, or `failure.body`) and `failure.headers` (e.g. `Retry-After`).
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sendBody, sendJson, startHttpStandin, type HttpStandin, type RecordedRequest } from './http-server.js';

export interface KlarnaStandinOptions {
  readonly username?: string;
  readonly password?: string;
  readonly now?: () => number;
}

export type KlarnaRoute = 'capture' | 'refund' | 'order' | '*';

export interface KlarnaFailure {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface KlarnaCaptureRecord {
  readonly capture_id: string;
  readonly captured_amount: number;
  readonly captured_at: string;
  readonly description?: string;
  readonly shipping_info: readonly Record<string, unknown>[];
}

export interface KlarnaRefundRecord {
  readonly refund_id: string;
  readonly refunded_amount: number;
  readonly refunded_at: string;
  readonly description?: string;
  readonly reference?: string;
}

export interface KlarnaOrder {
  readonly order_id: string;
  status: 'AUTHORIZED' | 'PART_CAPTURED' | 'CAPTURED' | 'CANCELLED';
  readonly purchase_currency: string;
  readonly order_amount: number;
  captured_amount: number;
  refunded_amount: number;
  readonly captures: KlarnaCaptureRecord[];
  readonly refunds: KlarnaRefundRecord[];
}

export interface KlarnaStandin {
  readonly url: string;
  readonly http: HttpStandin;
  readonly username: string;
  readonly password: string;
  readonly orders: ReadonlyMap<string, KlarnaOrder>;
  readonly stats: { captures: number; refunds: number };
  /** An authorized order of `amount` minor units; returns its order_id. */
  createOrder(input: { readonly amount: number; readonly currency?: string; readonly status?: 'AUTHORIZED' | 'CANCELLED' }): string;
  failNext(route: KlarnaRoute, failure: KlarnaFailure, times?: number): void;
  close(): Promise<void>;
}

/** A Klarna error body (ConnectorException). */
export function klarnaErrorBody(errorCode: string, messages: readonly string[]): Record<string, unknown> {
  return { error_code: errorCode, error_messages: messages, correlation_id: randomUUID(), service_version: '1.0.0' };
}

function defaultFailureBody(status: number): Record<string, unknown> {
  if (status === 429) return klarnaErrorBody('TOO_MANY_REQUESTS', ['Too many requests']);
  if (status === 401) return klarnaErrorBody('UNAUTHORIZED', ['Authentication failed']);
  if (status === 409) return klarnaErrorBody('CONFLICT', ['Conflicting request in progress']);
  if (status >= 502) return klarnaErrorBody('TEMPORARILY_UNAVAILABLE', ['Service temporarily unavailable']);
  if (status >= 500) return klarnaErrorBody('INTERNAL_SERVER_ERROR', ['Internal server error']);
  return klarnaErrorBody('BAD_VALUE', ['Bad request']);
}

type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

function positiveInteger(body: Record<string, unknown>, field: string): Checked<number> {
  const value = body[field];
  if (value === undefined) return { ok: false, problem: `Missing required field: ${field}` };
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) return { ok: false, problem: `Bad value: ${field} (an integer amount in minor units ≥ 1)` };
  return { ok: true, value };
}

function optionalString(body: Record<string, unknown>, field: string, max: number): Checked<string | undefined> {
  const value = body[field];
  if (value === undefined) return { ok: true, value: undefined };
  if (typeof value !== 'string' || value.length > max) return { ok: false, problem: `Bad value: ${field} (a string of at most ${max} characters)` };
  return { ok: true, value };
}

export async function startKlarnaStandin(options: KlarnaStandinOptions = {}): Promise<KlarnaStandin> {
  const http = await startHttpStandin();
  const now = options.now ?? Date.now;
  const username = options.username ?? 'PK12345_a1b2c3d4e5f6';
  const password = options.password ?? 'playground-password-0123';
  const orders = new Map<string, KlarnaOrder>();
  const replays = new Map<string, { status: number; headers: Record<string, string> }>();
  const failures: { route: KlarnaRoute; failure: KlarnaFailure; left: number }[] = [];
  const stats = { captures: 0, refunds: 0 };
  const base = http.url;
  const iso = (): string => new Date(now()).toISOString();

  function injected(route: KlarnaRoute, res: ServerResponse): boolean {
    const index = failures.findIndex((entry) => entry.route === route || entry.route === '*');
    const entry = failures[index];
    if (entry === undefined) return false;
    entry.left -= 1;
    if (entry.left <= 0) failures.splice(index, 1);
    sendJson(res, entry.failure.status, entry.failure.body ?? defaultFailureBody(entry.failure.status), { ...entry.failure.headers });
    return true;
  }

  function authorized(req: RecordedRequest, res: ServerResponse): boolean {
    const match = /^Basic (\S+)$/.exec(req.headers.authorization ?? '');
    const decoded = match?.[1] === undefined ? '' : Buffer.from(match[1], 'base64').toString('utf8');
    if (decoded === `${username}:${password}`) return true;
    sendJson(res, 401, klarnaErrorBody('UNAUTHORIZED', ['Authentication failed: wrong API username or password']));
    return false;
  }

  function orderOf(req: RecordedRequest, res: ServerResponse): KlarnaOrder | undefined {
    const order = orders.get(req.params.order_id ?? '');
    if (order === undefined) sendJson(res, 404, klarnaErrorBody('NO_SUCH_ORDER', [`Order ${req.params.order_id ?? ''} not found`]));
    return order;
  }

  function bodyOf(req: RecordedRequest, res: ServerResponse): Record<string, unknown> | undefined {
    let parsed: unknown;
    try {
      parsed = req.json();
    } catch {
      sendJson(res, 400, klarnaErrorBody('BAD_VALUE', ['The request body is not JSON']));
      return undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      sendJson(res, 400, klarnaErrorBody('BAD_VALUE', ['The request body must be a JSON object']));
      return undefined;
    }
    return Object.fromEntries(Object.entries(parsed));
  }

  /** Runs `act` once per Klarna-Idempotency-Key and path; a replay gets the stored 201 with the same headers. */
  function idempotent(req: RecordedRequest, res: ServerResponse, act: () => { status: number; headers: Record<string, string> } | undefined): void {
    const header = req.headers['klarna-idempotency-key'];
    const key = typeof header === 'string' && header !== '' ? `${req.path}|${header}` : undefined;
    const stored = key === undefined ? undefined : replays.get(key);
    if (stored !== undefined) {
      sendBody(res, stored.status, '', stored.headers);
      return;
    }
    const result = act();
    if (result === undefined) return;
    if (key !== undefined) replays.set(key, result);
    sendBody(res, result.status, '', result.headers);
  }

  function orderJson(order: KlarnaOrder): Record<string, unknown> {
    return {
      ...order,
      remaining_authorized_amount: order.status === 'CANCELLED' ? 0 : order.order_amount - order.captured_amount,
      merchant_reference1: null,
      created_at: iso(),
    };
  }

  const ordersPath = '/ordermanagement/v1/orders';

  http.on('GET', `${ordersPath}/:order_id`, (req, res) => {
    if (injected('order', res) || !authorized(req, res)) return;
    const order = orderOf(req, res);
    if (order !== undefined) sendJson(res, 200, orderJson(order));
  });

  http.on('POST', `${ordersPath}/:order_id/captures`, (req, res) => {
    if (injected('capture', res) || !authorized(req, res)) return;
    const order = orderOf(req, res);
    const body = order === undefined ? undefined : bodyOf(req, res);
    if (order === undefined || body === undefined) return;
    idempotent(req, res, () => {
      const amount = positiveInteger(body, 'captured_amount');
      const description = optionalString(body, 'description', 255);
      const shipping = body.shipping_info;
      const problems = [amount, description].flatMap((check) => (check.ok ? [] : [check.problem]));
      if (shipping !== undefined && (!Array.isArray(shipping) || !shipping.every((entry) => typeof entry === 'object' && entry !== null))) {
        problems.push('Bad value: shipping_info (an array of objects)');
      }
      if (!amount.ok || !description.ok || problems.length > 0) {
        sendJson(res, 400, klarnaErrorBody('BAD_VALUE', problems));
        return undefined;
      }
      const remaining = order.order_amount - order.captured_amount;
      if (order.status === 'CANCELLED' || amount.value > remaining) {
        sendJson(res, 403, klarnaErrorBody('CAPTURE_NOT_ALLOWED', [
          order.status === 'CANCELLED' ? 'The order is cancelled' : `Captured amount is higher than the remaining authorized amount (${remaining})`,
        ]));
        return undefined;
      }
      const captureId = randomUUID();
      order.captures.push({
        capture_id: captureId,
        captured_amount: amount.value,
        captured_at: iso(),
        ...(description.value !== undefined && { description: description.value }),
        shipping_info: Array.isArray(shipping) ? shipping.filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null) : [],
      });
      order.captured_amount += amount.value;
      order.status = order.captured_amount === order.order_amount ? 'CAPTURED' : 'PART_CAPTURED';
      stats.captures += 1;
      return { status: 201, headers: { Location: `${base}${ordersPath}/${order.order_id}/captures/${captureId}`, 'Capture-Id': captureId } };
    });
  });

  http.on('GET', `${ordersPath}/:order_id/captures/:capture_id`, (req, res) => {
    if (!authorized(req, res)) return;
    const order = orderOf(req, res);
    if (order === undefined) return;
    const capture = order.captures.find((entry) => entry.capture_id === req.params.capture_id);
    if (capture === undefined) sendJson(res, 404, klarnaErrorBody('NO_SUCH_CAPTURE', ['Capture not found']));
    else sendJson(res, 200, capture);
  });

  http.on('POST', `${ordersPath}/:order_id/refunds`, (req, res) => {
    if (injected('refund', res) || !authorized(req, res)) return;
    const order = orderOf(req, res);
    const body = order === undefined ? undefined : bodyOf(req, res);
    if (order === undefined || body === undefined) return;
    idempotent(req, res, () => {
      const amount = positiveInteger(body, 'refunded_amount');
      const description = optionalString(body, 'description', 255);
      const reference = optionalString(body, 'reference', 255);
      if (!amount.ok || !description.ok || !reference.ok) {
        sendJson(res, 400, klarnaErrorBody('BAD_VALUE', [amount, description, reference].flatMap((check) => (check.ok ? [] : [check.problem]))));
        return undefined;
      }
      const refundable = order.captured_amount - order.refunded_amount;
      if (amount.value > refundable) {
        sendJson(res, 403, klarnaErrorBody('REFUND_NOT_ALLOWED', [`Refunded amount is higher than the captured amount not yet refunded (${refundable})`]));
        return undefined;
      }
      const refundId = randomUUID();
      order.refunds.push({
        refund_id: refundId,
        refunded_amount: amount.value,
        refunded_at: iso(),
        ...(description.value !== undefined && { description: description.value }),
        ...(reference.value !== undefined && { reference: reference.value }),
      });
      order.refunded_amount += amount.value;
      stats.refunds += 1;
      return { status: 201, headers: { Location: `${base}${ordersPath}/${order.order_id}/refunds/${refundId}`, 'Refund-Id': refundId } };
    });
  });

  http.on('GET', `${ordersPath}/:order_id/refunds/:refund_id`, (req, res) => {
    if (!authorized(req, res)) return;
    const order = orderOf(req, res);
    if (order === undefined) return;
    const refund = order.refunds.find((entry) => entry.refund_id === req.params.refund_id);
    if (refund === undefined) sendJson(res, 404, klarnaErrorBody('NO_SUCH_REFUND', ['Refund not found']));
    else sendJson(res, 200, refund);
  });

  return {
    url: base,
    http,
    username,
    password,
    orders,
    stats,
    createOrder(input) {
      const orderId = randomUUID();
      orders.set(orderId, {
        order_id: orderId,
        status: input.status ?? 'AUTHORIZED',
        purchase_currency: input.currency ?? 'EUR',
        order_amount: input.amount,
        captured_amount: 0,
        refunded_amount: 0,
        captures: [],
        refunds: [],
      });
      return orderId;
    },
    failNext(route, failure, times = 1) {
      failures.push({ route, failure, left: times });
    },
    close: () => http.close(),
  };
}
