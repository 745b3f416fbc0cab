import { z } from 'zod';
import { FatalError, RetryAfterError, RetryableError, parseRetryAfter, type FlowError } from '../../sdk/index.js';

/** PayPal's error body (spec `error_400/401/404/422`, `error_details`). */
const paypalErrorBody = z.object({
  name: z.string().optional(),
  message: z.string().optional(),
  debug_id: z.string().optional(),
  details: z
    .array(z.object({ field: z.string().optional(), value: z.string().optional(), issue: z.string(), description: z.string().optional() }))
    .optional(),
});

export interface PaypalFailure {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** What was being done: `capture of order 5O19…`. */
  readonly action: string;
  /** The node param naming the resource in the path (`orderId`), blamed on 404. */
  readonly resourceParam: string;
  /** Node params by PayPal body field name (`currency_code` → `currency`), blamed on 400/422 details. */
  readonly fieldParams?: Readonly<Record<string, string>>;
}

/**
 * A non-2xx PayPal answer as a coded FlowError carrying `httpStatus`:
 * 401 `PAYPAL_AUTH_FAILED`, 403 `PAYPAL_PERMISSION_DENIED`, 404 `PAYPAL_NOT_FOUND` (param: the resource),
 * 422 `PAYPAL_<ISSUE>` from the first detail (e.g. `PAYPAL_ORDER_ALREADY_CAPTURED`), 400 `PAYPAL_INVALID_REQUEST`,
 * other 4xx `PAYPAL_REQUEST_REJECTED` (all fatal); 409 `PAYPAL_REQUEST_IN_PROGRESS` and 5xx `PAYPAL_UNAVAILABLE`
 * (retryable); 429 `PAYPAL_RATE_LIMITED` (RetryAfterError, `Retry-After` or 1 s). The message carries PayPal's
 * name, issues, descriptions, fields and `debug_id`; `param` names the node param a detail's field maps to.
 */
export function paypalFailure(failure: PaypalFailure): FlowError {
  const { status, action } = failure;
  const parsed = paypalErrorBody.safeParse(failure.body);
  const body = parsed.success ? parsed.data : {};
  const details = body.details ?? [];
  const issues = details.map((d) => `${d.issue}${d.description ? `: ${d.description}` : ''}${d.field ? ` (field ${d.field}${d.value !== undefined ? ` = ${JSON.stringify(d.value)}` : ''})` : ''}`);
  const summary = [body.name, issues.length > 0 ? issues.join('; ') : body.message].filter(Boolean).join(' – ');
  const debug = body.debug_id ? ` [debug_id ${body.debug_id}]` : '';
  const message = `${action}: HTTP ${status}${summary ? ` ${summary}` : ''}${debug}`;
  const httpStatus = status;
  const fieldParam = paramOf(details.map((d) => d.field), failure.fieldParams ?? {});
  const param = fieldParam !== undefined ? { param: fieldParam } : {};
  if (status === 401) {
    return new FatalError(`${message} (check the credential's client id and secret)`, { code: 'PAYPAL_AUTH_FAILED', httpStatus });
  }
  if (status === 403) return new FatalError(message, { code: 'PAYPAL_PERMISSION_DENIED', httpStatus });
  if (status === 404) return new FatalError(message, { code: 'PAYPAL_NOT_FOUND', httpStatus, param: failure.resourceParam });
  if (status === 409) return new RetryableError(message, { code: 'PAYPAL_REQUEST_IN_PROGRESS', httpStatus });
  if (status === 429) {
    return new RetryAfterError(message, parseRetryAfter(failure.headers['retry-after'] ?? null) ?? 1000, { code: 'PAYPAL_RATE_LIMITED', httpStatus });
  }
  if (status >= 500) {
    const retryAfterMs = parseRetryAfter(failure.headers['retry-after'] ?? null);
    return new RetryableError(message, { code: 'PAYPAL_UNAVAILABLE', httpStatus, ...(retryAfterMs !== undefined && { retryAfterMs }) });
  }
  const issue = details[0]?.issue;
  if (status === 422) {
    const code = issue !== undefined && /^[A-Z0-9_]+$/.test(issue) ? `PAYPAL_${issue}` : 'PAYPAL_UNPROCESSABLE';
    return new FatalError(message, { code, httpStatus, ...param });
  }
  if (status === 400) return new FatalError(message, { code: 'PAYPAL_INVALID_REQUEST', httpStatus, ...param });
  return new FatalError(message, { code: 'PAYPAL_REQUEST_REJECTED', httpStatus, ...param });
}

/** The node param for the first detail field (a JSON pointer like `/amount/currency_code`) that maps to one. */
function paramOf(fields: readonly (string | undefined)[], fieldParams: Readonly<Record<string, string>>): string | undefined {
  for (const field of fields) {
    if (field === undefined) continue;
    const segments = field.split(/[/.]/).filter((segment) => segment !== '').reverse();
    for (const segment of segments) {
      const param = fieldParams[segment];
      if (param !== undefined) return param;
    }
  }
  return undefined;
}
