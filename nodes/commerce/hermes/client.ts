/**
 * One authenticated HSI call: Bearer token from the cached password grant, `Accept-Language` from the credential.
 * A 401 to a cached token drops it and tries once more with a new one. Returns 2xx and 400/422 answers (their
 * body carries `listOfResultCodes`); other statuses become typed errors:
 * 401/403 → FatalError `HERMES_AUTH_FAILED` naming the credential; 429 → RetryAfterError `HERMES_RATE_LIMITED`;
 * 5xx → RetryableError `HERMES_UNAVAILABLE`; anything else FatalError `HERMES_HTTP_ERROR`.
 */
import { FatalError, RetryableError, RetryAfterError, isJsonObject, parseRetryAfter } from '../../sdk/index.js';
import type { HttpClient, HttpResponse } from '../../sdk/index.js';
import { forgetToken, passwordGrantToken, type PasswordGrant } from '../dhl/password-grant.js';
import { hermesBaseUrl, hermesTokenUrl, type HermesCredentialData } from './credentials.js';

export const HERMES_CREDENTIAL_NAME = 'Hermes HSI (shipping)';

export interface HermesCall {
  readonly path: string;
  readonly body: unknown;
  readonly accept: string;
  readonly what: string;
}

export async function hermesPost(ctx: { readonly http: HttpClient; now(): number }, credential: HermesCredentialData, call: HermesCall): Promise<HttpResponse<unknown>> {
  const grant: PasswordGrant = {
    tokenUrl: hermesTokenUrl(credential),
    clientId: credential.clientId,
    clientSecret: credential.clientSecret,
    username: credential.username,
    password: credential.password,
    errorPrefix: 'HERMES',
    credentialName: HERMES_CREDENTIAL_NAME,
  };
  for (let attempt = 1; ; attempt++) {
    const token = await passwordGrantToken(ctx.http, grant, ctx.now());
    const response = await ctx.http.request({
      method: 'POST',
      url: hermesBaseUrl(credential) + call.path,
      body: call.body,
      headers: { authorization: `Bearer ${token}`, accept: call.accept, 'accept-language': credential.language },
      throwOnError: false,
    });
    if (response.status === 401 && attempt === 1) {
      forgetToken(grant);
      continue;
    }
    if ((response.status >= 200 && response.status < 300) || response.status === 400 || response.status === 422) return response;
    throw failure(response, call.what);
  }
}

function failure(response: HttpResponse<unknown>, what: string): Error {
  const status = response.status;
  const text = resultText(response.body);
  const suffix = text === '' ? '' : ` – ${text}`;
  if (status === 401 || status === 403) {
    return new FatalError(`Hermes rejected the credential "${HERMES_CREDENTIAL_NAME}" (HTTP ${status}${suffix}); check user, password and client id/secret`, {
      code: 'HERMES_AUTH_FAILED', httpStatus: status,
    });
  }
  if (status === 429) {
    const delay = parseRetryAfter(response.headers['retry-after'] ?? null);
    const message = `${what}: Hermes rate limit reached (HTTP 429${suffix})`;
    return delay === undefined
      ? new RetryableError(message, { code: 'HERMES_RATE_LIMITED', httpStatus: status })
      : new RetryAfterError(message, delay, { code: 'HERMES_RATE_LIMITED', httpStatus: status });
  }
  if (status >= 500) return new RetryableError(`${what}: Hermes is unavailable (HTTP ${status}${suffix})`, { code: 'HERMES_UNAVAILABLE', httpStatus: status });
  return new FatalError(`${what}: Hermes answered HTTP ${status}${suffix}`, { code: 'HERMES_HTTP_ERROR', httpStatus: status });
}

/** `listOfResultCodes` as `code message; …`, or an OAuth-style `error: description`. */
export function resultText(body: unknown): string {
  if (!isJsonObject(body)) return typeof body === 'string' ? body.slice(0, 200) : '';
  const codes = resultCodes(body);
  if (codes.length > 0) return codes.map((entry) => `${entry.code} ${entry.message}`).join('; ');
  return [body.error, body.error_description].filter((part) => typeof part === 'string').join(': ');
}

export interface ResultCode {
  readonly code: string;
  readonly message: string;
}

export function resultCodes(body: unknown): ResultCode[] {
  if (!isJsonObject(body) || !Array.isArray(body.listOfResultCodes)) return [];
  return body.listOfResultCodes.flatMap((entry) => isJsonObject(entry)
    ? [{ code: typeof entry.code === 'string' ? entry.code : '', message: typeof entry.message === 'string' ? entry.message : '' }]
    : []);
}
