import type { HttpClient } from '../../sdk/index.js';
import { requestOAuthToken } from '../shared/oauth.js';
import { providerBaseUrl } from '../shared/provider.js';
import { TokenCache, tokenCacheKey, type IssuedToken } from '../shared/token-cache.js';
import { EBAY_URLS, type EbayCredentialData } from './schema.js';

const tokens = new TokenCache();

/** `POST /identity/v1/oauth2/token`, grant_type=refresh_token, client id/secret as HTTP Basic. */
export function issueEbayToken(http: HttpClient, data: EbayCredentialData): Promise<IssuedToken> {
  const basic = Buffer.from(`${data.clientId}:${data.clientSecret}`, 'utf8').toString('base64');
  return requestOAuthToken(http, {
    provider: 'EBAY',
    url: `${providerBaseUrl(data, EBAY_URLS)}/identity/v1/oauth2/token`,
    headers: { Authorization: `Basic ${basic}` },
    form: { grant_type: 'refresh_token', refresh_token: data.refreshToken, scope: data.scope },
    fields: { client: 'clientSecret', grant: 'refreshToken', scope: 'scope' },
  });
}

function keyOf(data: EbayCredentialData): string {
  return tokenCacheKey(providerBaseUrl(data, EBAY_URLS), data.clientId, data.clientSecret, data.refreshToken, data.scope);
}

/** A user access token for `data`, from the process cache while valid. */
export function ebayAccessToken(http: HttpClient, data: EbayCredentialData, now: number): Promise<string> {
  return tokens.get(keyOf(data), now, () => issueEbayToken(http, data));
}

/** Drops a token eBay rejected, so the next call issues a fresh one. */
export function forgetEbayToken(data: EbayCredentialData, token: string): void {
  tokens.invalidate(keyOf(data), token);
}
