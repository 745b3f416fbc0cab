import { createHash } from 'node:crypto';
import { z } from 'zod';
import { FatalError, RetryAfterError, RetryableError, parseRetryAfter, type HttpClient } from '../../sdk/index.js';
import { providerBaseUrl } from '../shared/provider.js';
import type { PaypalCredential } from './credentials.js';

/** PayPal REST hosts (contract: apis.md §3). */
export const PAYPAL_URLS = { production: 'https://api-m.paypal.com', sandbox: 'https://api-m.sandbox.paypal.com' } as const;

export function paypalBaseUrl(credential: PaypalCredential): string {
  return providerBaseUrl(credential, PAYPAL_URLS);
}

export interface PaypalToken {
  readonly accessToken: string;
  readonly expiresInSeconds: number;
}

const tokenAnswer = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().positive().optional() });
const oauthError = z.object({ error: z.string().optional(), error_description: z.string().optional() });

/**
 * `POST /v1/oauth2/token` with `grant_type=client_credentials`, client id and secret as HTTP Basic. 401/400
 * `invalid_client` → FatalError `PAYPAL_AUTH_FAILED`; 429 → RetryAfterError `PAYPAL_RATE_LIMITED`; 5xx →
 * RetryableError `PAYPAL_UNAVAILABLE`. A missing `expires_in` counts as 1 h.
 */
export async function issuePaypalToken(http: HttpClient, credential: PaypalCredential): Promise<PaypalToken> {
  const url = `${paypalBaseUrl(credential)}/v1/oauth2/token`;
  const basic = Buffer.from(`${credential.clientId}:${credential.clientSecret}`, 'utf8').toString('base64');
  const response = await http.request<unknown>({
    method: 'POST',
    url,
    headers: { Authorization: `Basic ${basic}`, Accept: 'application/json' },
    body: { grant_type: 'client_credentials' },
    bodyType: 'form',
    idempotencyHeader: false,
    throwOnError: false,
  });
  if (response.status >= 200 && response.status < 300) {
    const parsed = tokenAnswer.safeParse(response.body);
    if (!parsed.success) {
      throw new FatalError(`PayPal token endpoint ${url} answered without an access_token`, { code: 'PAYPAL_TOKEN_RESPONSE_INVALID' });
    }
    return { accessToken: parsed.data.access_token, expiresInSeconds: parsed.data.expires_in ?? 3600 };
  }
  const error = oauthError.safeParse(response.body);
  const detail = error.success ? [error.data.error, error.data.error_description].filter(Boolean).join(': ') : '';
  const message = `PayPal token request: HTTP ${response.status}${detail ? ` – ${detail}` : ''}`;
  if (response.status === 429) {
    throw new RetryAfterError(message, parseRetryAfter(response.headers['retry-after'] ?? null) ?? 1000, {
      code: 'PAYPAL_RATE_LIMITED', httpStatus: 429,
    });
  }
  if (response.status >= 500) throw new RetryableError(message, { code: 'PAYPAL_UNAVAILABLE', httpStatus: response.status });
  throw new FatalError(`${message} (check the credential's client id and client secret, and its sandbox switch)`, {
    code: 'PAYPAL_AUTH_FAILED', httpStatus: response.status,
  });
}

interface Cached {
  readonly accessToken: string;
  readonly expiresAt: number;
}

/** Margin before `expires_in` at which a cached token is replaced: 5 min, at most a tenth of its lifetime. */
export function tokenMarginMs(lifetimeMs: number): number {
  return Math.min(300_000, lifetimeMs / 10);
}

/**
 * Access tokens per credential (base URL, client id and secret), kept in this process until `expires_in` minus
 * the margin, on the caller's clock (`ctx.now()`). Concurrent callers share one token request; a failed one
 * caches nothing; `invalidate` drops a token PayPal rejected so the next `get` issues a new one.
 */
export class PaypalTokenCache {
  private readonly entries = new Map<string, Cached>();
  private readonly pending = new Map<string, Promise<Cached>>();

  async get(http: HttpClient, credential: PaypalCredential, now: number): Promise<string> {
    const key = cacheKey(credential);
    const cached = this.entries.get(key);
    if (cached !== undefined && now < cached.expiresAt) return cached.accessToken;
    let pending = this.pending.get(key);
    if (pending === undefined) {
      pending = issuePaypalToken(http, credential)
        .then((token) => {
          const lifetimeMs = token.expiresInSeconds * 1000;
          const entry = { accessToken: token.accessToken, expiresAt: now + lifetimeMs - tokenMarginMs(lifetimeMs) };
          this.entries.set(key, entry);
          return entry;
        })
        .finally(() => this.pending.delete(key));
      this.pending.set(key, pending);
    }
    return (await pending).accessToken;
  }

  invalidate(credential: PaypalCredential, accessToken: string): void {
    const key = cacheKey(credential);
    if (this.entries.get(key)?.accessToken === accessToken) this.entries.delete(key);
  }
}

function cacheKey(credential: PaypalCredential): string {
  return createHash('sha256').update(`${paypalBaseUrl(credential)}\0${credential.clientId}\0${credential.clientSecret}`).digest('hex');
}

/** The process-wide cache the PayPal nodes share. */
export const paypalTokens = new PaypalTokenCache();
