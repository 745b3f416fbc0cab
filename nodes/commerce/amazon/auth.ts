import type { HttpClient } from '../../sdk/index.js';
import { requestOAuthToken } from '../shared/oauth.js';
import { TokenCache, tokenCacheKey, type IssuedToken } from '../shared/token-cache.js';
import { lwaTokenUrl, type AmazonCredentialData } from './schema.js';

const tokens = new TokenCache();

/** LWA refresh-token grant: client id and secret in the form body (no SigV4 anywhere). */
export function issueLwaToken(http: HttpClient, data: AmazonCredentialData): Promise<IssuedToken> {
  return requestOAuthToken(http, {
    provider: 'AMAZON',
    url: lwaTokenUrl(data),
    form: { grant_type: 'refresh_token', refresh_token: data.refreshToken, client_id: data.clientId, client_secret: data.clientSecret },
    fields: { client: 'clientSecret', grant: 'refreshToken' },
  });
}

function keyOf(data: AmazonCredentialData): string {
  return tokenCacheKey(lwaTokenUrl(data), data.clientId, data.clientSecret, data.refreshToken);
}

/** An LWA access token (sent as `x-amz-access-token`), from the process cache while valid (1 h). */
export function amazonAccessToken(http: HttpClient, data: AmazonCredentialData, now: number): Promise<string> {
  return tokens.get(keyOf(data), now, () => issueLwaToken(http, data));
}

export function forgetAmazonToken(data: AmazonCredentialData, token: string): void {
  tokens.invalidate(keyOf(data), token);
}
