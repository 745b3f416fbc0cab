import { z } from 'zod';
import { providerBaseUrl, providerEndpointFields } from '../shared/provider.js';

/** SP-API hosts by region; `baseUrl` replaces the host. */
export const AMAZON_HOSTS = {
  eu: { production: 'https://sellingpartnerapi-eu.amazon.com', sandbox: 'https://sandbox.sellingpartnerapi-eu.amazon.com' },
  na: { production: 'https://sellingpartnerapi-na.amazon.com', sandbox: 'https://sandbox.sellingpartnerapi-na.amazon.com' },
  fe: { production: 'https://sellingpartnerapi-fe.amazon.com', sandbox: 'https://sandbox.sellingpartnerapi-fe.amazon.com' },
} as const;
/** Login with Amazon token endpoint (the same for sandbox and production). */
export const LWA_TOKEN_URL = 'https://api.amazon.com/auth/o2/token';
/** Amazon.de */
export const MARKETPLACE_DE = 'A1PA6795UKMFR9';

export const amazonCredentialSchema = z.object({
  ...providerEndpointFields,
  region: z.enum(['eu', 'na', 'fe']).default('eu')
    .meta({ title: 'Region', description: 'SP-API endpoint: eu (Europe, incl. Amazon.de), na (Americas), fe (Far East)' }),
  clientId: z.string().min(1, 'the LWA client ID must not be empty')
    .meta({ title: 'LWA client ID', description: 'amzn1.application-oa2-client.…' }),
  clientSecret: z.string().min(1, 'the LWA client secret must not be empty').meta({ title: 'LWA client secret' }),
  refreshToken: z.string().min(1, 'the refresh token must not be empty')
    .meta({ title: 'Refresh token', description: 'Atzr|… from authorising the app for the seller account' }),
  sellerId: z.string().min(1, 'the seller ID must not be empty')
    .meta({ title: 'Seller ID', description: 'Merchant token of the seller account (Seller Central → account info)' }),
  marketplaceId: z.string().min(1).default(MARKETPLACE_DE)
    .meta({ title: 'Marketplace ID', description: 'e.g. A1PA6795UKMFR9 (Amazon.de)' }),
  tokenUrl: z.url({ protocol: /^https?$/, error: 'tokenUrl must be an http(s) URL' }).optional()
    .meta({ title: 'LWA token URL', description: 'Default: https://api.amazon.com/auth/o2/token, or <Base URL>/auth/o2/token when a base URL is set' }),
});

export type AmazonCredentialData = z.output<typeof amazonCredentialSchema>;

export function amazonBaseUrl(data: AmazonCredentialData): string {
  return providerBaseUrl(data, AMAZON_HOSTS[data.region]);
}

export function lwaTokenUrl(data: AmazonCredentialData): string {
  if (data.tokenUrl !== undefined) return data.tokenUrl;
  return data.baseUrl === undefined ? LWA_TOKEN_URL : `${amazonBaseUrl(data)}/auth/o2/token`;
}
