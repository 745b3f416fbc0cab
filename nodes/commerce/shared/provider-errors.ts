import { FatalError, RetryAfterError, RetryableError, type FlowError } from '../../sdk/index.js';
import { parseRetryAfter } from '../../sdk/index.js';

export interface ProviderFailure {
  /** UPPER_SNAKE provider prefix: `EBAY`, `AMAZON`, ... */
  readonly provider: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** What was being done, for the message: `bulk_update_price_quantity for SKUs A, B`. */
  readonly action: string;
  /** The provider's own error text, already extracted from its error body. */
  readonly detail: string;
  /** Wait when a 429 names none; default 1 s. */
  readonly defaultRetryAfterMs?: number;
}

/**
 * A non-2xx answer as a coded FlowError: 401/403 `<P>_AUTH_FAILED` (fatal), 429 `<P>_RATE_LIMITED`
 * (RetryAfterError with the `Retry-After` delay), 5xx `<P>_UNAVAILABLE` (retryable), 404 `<P>_NOT_FOUND`, other
 * 4xx `<P>_REQUEST_REJECTED` (fatal). Each carries `httpStatus`.
 */
export function providerFailure(failure: ProviderFailure): FlowError {
  const { provider, status, action, detail } = failure;
  const message = `${action}: HTTP ${status}${detail ? ` – ${detail}` : ''}`;
  const retryAfterMs = parseRetryAfter(failure.headers['retry-after'] ?? null);
  if (status === 401 || status === 403) {
    return new FatalError(`${message} (check the credential)`, { code: `${provider}_AUTH_FAILED`, httpStatus: status });
  }
  if (status === 429) {
    return new RetryAfterError(message, retryAfterMs ?? failure.defaultRetryAfterMs ?? 1000, {
      code: `${provider}_RATE_LIMITED`, httpStatus: status,
    });
  }
  if (status >= 500) {
    return new RetryableError(message, {
      code: `${provider}_UNAVAILABLE`, httpStatus: status, ...(retryAfterMs !== undefined && { retryAfterMs }),
    });
  }
  if (status === 404) return new FatalError(message, { code: `${provider}_NOT_FOUND`, httpStatus: status });
  return new FatalError(message, { code: `${provider}_REQUEST_REJECTED`, httpStatus: status });
}

/** Short text of an unknown error body (JSON or text), for messages. */
export function bodyExcerpt(body: unknown, max = 300): string {
  const text = typeof body === 'string' ? body : body === null || body === undefined ? '' : JSON.stringify(body);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
