import { z } from 'zod';
import { providerEndpointFields } from '../shared/provider.js';

/** eBay hosts; `baseUrl` replaces the host (token and API paths are appended). */
export const EBAY_URLS = { production: 'https://api.ebay.com', sandbox: 'https://api.sandbox.ebay.com' } as const;
export const EBAY_INVENTORY_SCOPE = 'https://api.ebay.com/oauth/api_scope/sell.inventory';

export const ebayCredentialSchema = z.object({
  ...providerEndpointFields,
  clientId: z.string().min(1, 'the client ID must not be empty').meta({ title: 'Client ID (App ID)' }),
  clientSecret: z.string().min(1, 'the client secret must not be empty').meta({ title: 'Client secret (Cert ID)' }),
  refreshToken: z.string().min(1, 'the refresh token must not be empty')
    .meta({ title: 'Refresh token', description: 'User refresh token from eBay\'s consent flow (valid 18 months)' }),
  scope: z.string().min(1).default(EBAY_INVENTORY_SCOPE)
    .meta({ title: 'Scopes', description: 'Space-separated OAuth scopes; sell.inventory is needed for stock updates' }),
});

export type EbayCredentialData = z.output<typeof ebayCredentialSchema>;
