import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  FatalError, RetryAfterError, RetryableError, parseRetryAfter, type FlowError, type HttpClient, type HttpResponse,
} from '../../sdk/index.js';
import { klarnaAuthorization, klarnaBaseUrl, type KlarnaCredential } from './credentials.js';

/** RFC 4122 namespace for flowwerk's Klarna idempotency keys (a fixed random UUID). */
const NAMESPACE = Buffer.from('6f1c2b8e4d7a4e0b9a53c1d2e3f40516', 'hex');

/**
 * `Klarna-Idempotency-Key` for a node run: a name-based UUID (version 5) of the node's idempotency key, so it is
 * the same across retries and resumes and has the UUID form Klarna recommends.
 */
export function klarnaIdempotencyKey(key: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(key, 'utf8').digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Klarna's error body (kco_rest_php ConnectorException). */
const klarnaErrorBody = z.object({
  error_code: z.string().optional(),
  error_messages: z.array(z.string()).optional(),
  correlation_id: z.string().optional(),
});

export interface KlarnaCall {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
  readonly idempotencyKey?: string;
  readonly action: string;
  readonly resourceParam: string;
  /** Node params by Klarna body field (`captured_amount` → `amount`), blamed when an error message names the field. */
  readonly fieldParams?: Readonly<Record<string, string>>;
}

/** One Klarna call with HTTP Basic; non-2xx becomes the FlowError of `klarnaFailure`. */
export async function klarnaRequest(http: HttpClient, credential: KlarnaCredential, call: KlarnaCall): Promise<HttpResponse<unknown>> {
  const response = await http.request<unknown>({
    method: call.method,
    url: `${klarnaBaseUrl(credential)}${call.path}`,
    headers: { Authorization: klarnaAuthorization(credential), Accept: 'application/json' },
    ...(call.body !== undefined && { body: call.body }),
    ...(call.idempotencyKey !== undefined
      ? { idempotencyHeader: 'Klarna-Idempotency-Key', idempotencyKey: klarnaIdempotencyKey(call.idempotencyKey) }
      : { idempotencyHeader: false }),
    throwOnError: false,
  });
  if (response.status >= 200 && response.status < 300) return response;
  throw klarnaFailure(response, call);
}

/**
 * A non-2xx Klarna answer as a coded FlowError carrying `httpStatus`: 401 `KLARNA_AUTH_FAILED`; 404
 * `KLARNA_NOT_FOUND` (param: the resource); other 4xx `KLARNA_<error_code>` (e.g. `KLARNA_CAPTURE_NOT_ALLOWED`,
 * `KLARNA_BAD_VALUE`), else `KLARNA_REQUEST_REJECTED` (all fatal); 409 `KLARNA_CONFLICT` and 5xx
 * `KLARNA_UNAVAILABLE` (retryable); 429 `KLARNA_RATE_LIMITED` (RetryAfterError, `Retry-After` or 1 s). The
 * message carries the error messages and `correlation_id`.
 */
export function klarnaFailure(response: HttpResponse<unknown>, call: KlarnaCall): FlowError {
  const { status } = response;
  const parsed = klarnaErrorBody.safeParse(response.body);
  const body = parsed.success ? parsed.data : {};
  const messages = body.error_messages ?? [];
  const summary = [body.error_code, messages.join('; ')].filter((part) => part !== undefined && part !== '').join(' – ');
  const correlation = body.correlation_id ? ` [correlation_id ${body.correlation_id}]` : '';
  const message = `${call.action}: HTTP ${status}${summary ? ` ${summary}` : ''}${correlation}`;
  const httpStatus = status;
  if (status === 401) {
    return new FatalError(`${message} (check the credential's API username and password, region and sandbox switch)`, {
      code: 'KLARNA_AUTH_FAILED', httpStatus,
    });
  }
  if (status === 404) return new FatalError(message, { code: 'KLARNA_NOT_FOUND', httpStatus, param: call.resourceParam });
  if (status === 409) return new RetryableError(message, { code: 'KLARNA_CONFLICT', httpStatus });
  if (status === 429) {
    return new RetryAfterError(message, parseRetryAfter(response.headers['retry-after'] ?? null) ?? 1000, { code: 'KLARNA_RATE_LIMITED', httpStatus });
  }
  if (status >= 500) return new RetryableError(message, { code: 'KLARNA_UNAVAILABLE', httpStatus });
  const errorCode = body.error_code !== undefined && /^[A-Z0-9_]+$/.test(body.error_code) ? body.error_code : undefined;
  const field = Object.entries(call.fieldParams ?? {}).find(([name]) => messages.some((text) => text.includes(name)));
  const param = field !== undefined ? { param: field[1] } : {};
  if (status === 403 && (errorCode === undefined || errorCode === 'FORBIDDEN' || errorCode === 'UNAUTHORIZED')) {
    return new FatalError(`${message} (the credential may not do this)`, { code: 'KLARNA_PERMISSION_DENIED', httpStatus });
  }
  return new FatalError(message, { code: errorCode !== undefined ? `KLARNA_${errorCode}` : 'KLARNA_REQUEST_REJECTED', httpStatus, ...param });
}

/** The last path segment of a `Location` header (`…/captures/{id}` → id), or undefined. */
export function idFromLocation(location: string | undefined): string | undefined {
  if (location === undefined) return undefined;
  const segment = location.split('?')[0]?.split('/').filter((part) => part !== '').pop();
  return segment === undefined || segment === '' ? undefined : decodeURIComponent(segment);
}
