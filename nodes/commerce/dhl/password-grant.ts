/**
 * OAuth2 resource-owner password grant (RFC 6749 §4.3) with a process-wide token cache. Used by DHL Parcel DE
 * (`authMode: oauth`) and Hermes HSI.
 *
 * Contract:
 * - POST `tokenUrl`, form body `grant_type=password&username&password&client_id[&client_secret]`; the answer must
 *   hold `access_token`; `expires_in` (seconds) defaults to 300.
 * - A token is reused until 60 s (or a tenth of its lifetime, whichever is less) before it expires, by the caller's
 *   clock (`now`, the run's clock). The cache key covers URL, client id, user and a hash of the secrets, so a
 *   changed password fetches a new token. Concurrent callers with the same key share one token request.
 * - 400/401/403 from the token endpoint: FatalError `<prefix>_AUTH_FAILED` naming the credential and the
 *   provider's `error`/`error_description`. 429: RetryAfterError `<prefix>_RATE_LIMITED`. 5xx: RetryableError
 *   `<prefix>_UNAVAILABLE`. Network failures stay retryable (`NETWORK_ERROR`).
 * - `forgetToken` drops a cached token (call it when the API answers 401 to a cached token, then fetch anew).
 */
import { createHash } from 'node:crypto';
import { FatalError, RetryableError, RetryAfterError, isJsonObject, parseRetryAfter } from '../../sdk/index.js';
import type { HttpClient } from '../../sdk/index.js';

export interface PasswordGrant {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret?: string | undefined;
  readonly username: string;
  readonly password: string;
  /** Error code prefix (`DHL`, `HERMES`) and the credential's name for messages. */
  readonly errorPrefix: string;
  readonly credentialName: string;
}

interface CachedToken {
  readonly accessToken: string;
  readonly expiresAt: number;
}

const cache = new Map<string, CachedToken>();
const inFlight = new Map<string, Promise<CachedToken>>();

export async function passwordGrantToken(http: HttpClient, grant: PasswordGrant, now: number): Promise<string> {
  const key = cacheKey(grant);
  const cached = cache.get(key);
  if (cached !== undefined && cached.expiresAt > now) return cached.accessToken;
  let pending = inFlight.get(key);
  if (pending === undefined) {
    pending = requestToken(http, grant, now).finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  const token = await pending;
  cache.set(key, token);
  return token.accessToken;
}

export function forgetToken(grant: PasswordGrant): void {
  cache.delete(cacheKey(grant));
}

/** Empties the cache (tests). */
export function clearTokenCache(): void {
  cache.clear();
}

function cacheKey(grant: PasswordGrant): string {
  const secrets = createHash('sha256').update(`${grant.password}\u0000${grant.clientSecret ?? ''}`).digest('hex');
  return JSON.stringify([grant.tokenUrl, grant.clientId, grant.username, secrets]);
}

async function requestToken(http: HttpClient, grant: PasswordGrant, now: number): Promise<CachedToken> {
  const response = await http.request({
    method: 'POST',
    url: grant.tokenUrl,
    bodyType: 'form',
    body: {
      grant_type: 'password',
      username: grant.username,
      password: grant.password,
      client_id: grant.clientId,
      ...(grant.clientSecret !== undefined && grant.clientSecret !== '' && { client_secret: grant.clientSecret }),
    },
    headers: { accept: 'application/json' },
    idempotencyHeader: false,
    throwOnError: false,
  });
  const body = response.body;
  const p = grant.errorPrefix;
  if (response.status === 429) {
    const delay = parseRetryAfter(response.headers['retry-after'] ?? null);
    const message = `${grant.credentialName}: the token endpoint answered 429 Too Many Requests`;
    throw delay === undefined
      ? new RetryableError(message, { code: `${p}_RATE_LIMITED`, httpStatus: 429 })
      : new RetryAfterError(message, delay, { code: `${p}_RATE_LIMITED`, httpStatus: 429 });
  }
  if (response.status >= 500) {
    throw new RetryableError(`${grant.credentialName}: the token endpoint answered HTTP ${response.status}`, {
      code: `${p}_UNAVAILABLE`, httpStatus: response.status,
    });
  }
  const accessToken = isJsonObject(body) && typeof body.access_token === 'string' ? body.access_token : undefined;
  if (response.status >= 300 || accessToken === undefined) {
    const reason = isJsonObject(body)
      ? [body.error, body.error_description].filter((part) => typeof part === 'string').join(': ')
      : '';
    throw new FatalError(
      `${grant.credentialName}: the password grant for user "${grant.username}" was refused (HTTP ${response.status}` +
        `${reason === '' ? '' : `, ${reason}`}); check user, password and client id/secret of the credential`,
      { code: `${p}_AUTH_FAILED`, httpStatus: response.status },
    );
  }
  const expiresIn = isJsonObject(body) && typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 300;
  const lifetimeMs = expiresIn * 1000;
  return { accessToken, expiresAt: now + lifetimeMs - Math.min(60_000, lifetimeMs / 10) };
}
