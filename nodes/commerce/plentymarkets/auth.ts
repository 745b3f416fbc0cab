import { z } from 'zod';
import { FatalError, type HttpClient } from '../../sdk/index.js';
import { bodyExcerpt, providerFailure } from '../shared/provider-errors.js';
import { TokenCache, tokenCacheKey, type IssuedToken } from '../shared/token-cache.js';
import { plentyBaseUrl, type PlentyCredentialData } from './schema.js';

const tokens = new TokenCache();

/** `POST /rest/login` answers OAuth-style fields; some systems spell them in camelCase. */
const loginResponse = z.union([
  z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().positive().optional() })
    .transform((body) => ({ accessToken: body.access_token, expiresInSeconds: body.expires_in ?? 86_400 })),
  z.object({ accessToken: z.string().min(1), expiresIn: z.coerce.number().positive().optional() })
    .transform((body) => ({ accessToken: body.accessToken, expiresInSeconds: body.expiresIn ?? 86_400 })),
]);

/** Logs in with user name and password; 401/403 is FatalError `PLENTYMARKETS_AUTH_FAILED` naming the fields. */
export async function plentyLogin(http: HttpClient, data: PlentyCredentialData): Promise<IssuedToken> {
  const url = `${plentyBaseUrl(data)}/rest/login`;
  const response = await http.request<unknown>({
    method: 'POST',
    url,
    headers: { Accept: 'application/json' },
    body: { username: data.username, password: data.password },
    throwOnError: false,
    idempotencyHeader: false,
  });
  if (response.status === 401 || response.status === 403) {
    throw new FatalError(`plentymarkets login as "${data.username}" was refused (HTTP ${response.status}); check the fields "username" and "password"`, {
      code: 'PLENTYMARKETS_AUTH_FAILED', httpStatus: response.status, param: 'password',
    });
  }
  if (response.status < 200 || response.status >= 300) {
    throw providerFailure({ provider: 'PLENTYMARKETS', status: response.status, headers: response.headers, action: 'plentymarkets login', detail: bodyExcerpt(response.body) });
  }
  const parsed = loginResponse.safeParse(response.body);
  if (!parsed.success) {
    throw new FatalError(`${url} answered without an access token: ${bodyExcerpt(response.body)}`, { code: 'PLENTYMARKETS_LOGIN_RESPONSE_INVALID' });
  }
  return parsed.data;
}

function keyOf(data: PlentyCredentialData): string {
  return tokenCacheKey(plentyBaseUrl(data), data.username, data.password);
}

/** A bearer token for `data`, from the process cache while valid. */
export function plentyAccessToken(http: HttpClient, data: PlentyCredentialData, now: number): Promise<string> {
  return tokens.get(keyOf(data), now, () => plentyLogin(http, data));
}

export function forgetPlentyToken(data: PlentyCredentialData, token: string): void {
  tokens.invalidate(keyOf(data), token);
}
