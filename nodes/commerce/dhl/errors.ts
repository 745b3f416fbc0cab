/**
 * DHL answers that are not a usable result, as typed errors (codes shared by the DHL nodes):
 * - 401/403 → FatalError `DHL_AUTH_FAILED`, naming the credential and what to check.
 * - 404 → FatalError `DHL_NOT_FOUND`.
 * - 429 → RetryAfterError `DHL_RATE_LIMITED` with the `Retry-After` delay (RetryableError without one).
 * - 5xx → RetryableError `DHL_UNAVAILABLE`.
 * - 400 with schema-error items → FatalError `DHL_REQUEST_INVALID`, details `{ path: propertyPath, message }`.
 * - anything else → FatalError `DHL_HTTP_ERROR`.
 * Messages carry DHL's problem `title`/`detail` (application/problem+json `RequestStatus`).
 */
import { FatalError, RetryableError, RetryAfterError, isJsonObject, parseRetryAfter } from '../../sdk/index.js';
import type { FlowError, HttpResponse } from '../../sdk/index.js';
import { parseLabelData, requestStatusSchema } from './response.js';

export function problemText(body: unknown): string {
  const direct = requestStatusSchema.safeParse(body);
  const status = direct.success && (direct.data.title !== undefined || direct.data.detail !== undefined)
    ? direct.data
    : parseLabelData(body).status;
  const parts = [status?.title, status?.detail].filter((part): part is string => typeof part === 'string' && part !== '');
  if (parts.length > 0) return parts.join(': ');
  if (typeof body === 'string') return body.slice(0, 200);
  if (isJsonObject(body)) return JSON.stringify(body).slice(0, 200);
  return '';
}

export function dhlHttpFailure(response: HttpResponse<unknown>, credentialName: string, what: string): FlowError {
  const status = response.status;
  const text = problemText(response.body);
  const suffix = text === '' ? '' : ` – ${text}`;
  if (status === 401 || status === 403) {
    return new FatalError(
      `DHL rejected the credential "${credentialName}" (HTTP ${status}${suffix}); check its API key and user/password`,
      { code: 'DHL_AUTH_FAILED', httpStatus: status },
    );
  }
  if (status === 404) return new FatalError(`${what}: DHL answered 404 Not Found${suffix}`, { code: 'DHL_NOT_FOUND', httpStatus: status });
  if (status === 429) {
    const delay = parseRetryAfter(response.headers['retry-after'] ?? null);
    const message = `${what}: DHL rate limit reached (HTTP 429${suffix})`;
    return delay === undefined
      ? new RetryableError(message, { code: 'DHL_RATE_LIMITED', httpStatus: status })
      : new RetryAfterError(message, delay, { code: 'DHL_RATE_LIMITED', httpStatus: status });
  }
  if (status >= 500) {
    return new RetryableError(`${what}: DHL is unavailable (HTTP ${status}${suffix})`, { code: 'DHL_UNAVAILABLE', httpStatus: status });
  }
  if (status === 400) {
    const details = schemaErrorsOf(response.body);
    if (details.length > 0) {
      const first = details[0];
      return new FatalError(
        `${what}: DHL rejected the request: ${first?.path}: ${first?.message}${details.length > 1 ? ` (and ${details.length - 1} more)` : ''}`,
        { code: 'DHL_REQUEST_INVALID', httpStatus: status, details },
      );
    }
  }
  return new FatalError(`${what}: DHL answered HTTP ${status}${suffix}`, { code: 'DHL_HTTP_ERROR', httpStatus: status });
}

/** Schema-error items of a 400 body as error details. */
export function schemaErrorsOf(body: unknown): { path: string; message: string }[] {
  return (parseLabelData(body).items ?? [])
    .filter((item) => item.propertyPath !== undefined)
    .map((item) => ({ path: item.propertyPath ?? '', message: item.message ?? 'invalid' }));
}
