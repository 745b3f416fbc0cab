import { createHash } from 'node:crypto';
import type { HttpClient, HttpResponse } from '../../sdk/index.js';
import type { PaypalCredential } from './credentials.js';
import { paypalFailure } from './errors.js';
import { paypalBaseUrl, paypalTokens } from './token.js';

export interface PaypalCall {
  readonly method: 'GET' | 'POST';
  /** Path below the base URL, ids already encoded: `/v2/checkout/orders/ABC/capture`. */
  readonly path: string;
  readonly body?: unknown;
  /** Sent as `PayPal-Request-Id` (the node's idempotency key); keys over 108 chars are sent as their SHA-256. */
  readonly requestId?: string;
  readonly action: string;
  readonly resourceParam: string;
  readonly fieldParams?: Readonly<Record<string, string>>;
}

export interface PaypalTools {
  readonly http: HttpClient;
  now(): number;
}

/** PayPal-Request-Id allows 1–108 characters. */
export function paypalRequestId(key: string): string {
  return key.length <= 108 ? key : createHash('sha256').update(key).digest('hex');
}

/**
 * One PayPal REST call with a cached bearer token and `Prefer: return=representation`. A 401 drops the token
 * and repeats the call once with a fresh one (same `PayPal-Request-Id`, so PayPal cannot act twice); any other
 * non-2xx becomes the FlowError of `paypalFailure`. Returns the 2xx response (201 created, 200 replayed).
 */
export async function paypalRequest(tools: PaypalTools, credential: PaypalCredential, call: PaypalCall): Promise<HttpResponse<unknown>> {
  const url = `${paypalBaseUrl(credential)}${call.path}`;
  let response: HttpResponse<unknown> | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    const token = await paypalTokens.get(tools.http, credential, tools.now());
    response = await tools.http.request<unknown>({
      method: call.method,
      url,
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', Prefer: 'return=representation' },
      ...(call.body !== undefined && { body: call.body }),
      ...(call.requestId !== undefined
        ? { idempotencyHeader: 'PayPal-Request-Id', idempotencyKey: paypalRequestId(call.requestId) }
        : { idempotencyHeader: false }),
      throwOnError: false,
    });
    if (response.status !== 401) break;
    paypalTokens.invalidate(credential, token);
  }
  if (response === undefined) throw new Error('unreachable: no PayPal response');
  if (response.status >= 200 && response.status < 300) return response;
  throw paypalFailure({
    status: response.status,
    headers: response.headers,
    body: response.body,
    action: call.action,
    resourceParam: call.resourceParam,
    ...(call.fieldParams !== undefined && { fieldParams: call.fieldParams }),
  });
}
