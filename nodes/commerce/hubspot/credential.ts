import { z } from 'zod';
import { defineCredentialType } from '../../sdk/index.js';
import { providerBaseUrl, providerEndpointFields, type ProviderEndpoint } from '../shared/provider.js';

/**
 * HubSpot has one API host for production and test portals: a developer test account or a sandbox account is
 * reached at the same `https://api.hubapi.com` with that account's own token. `sandbox` therefore does not change
 * the host; it records that the token belongs to a test portal (docs/providers/hubspot.md).
 */
const hubspotSchema = z.object({
  ...providerEndpointFields,
  accessToken: z.string().min(1, 'the access token must not be empty').meta({
    title: 'Access token', description: 'Private app token (pat-…) with the scope crm.objects.contacts.write',
  }),
});

export type HubspotCredentialData = z.output<typeof hubspotSchema>;

const URLS = { production: 'https://api.hubapi.com', sandbox: 'https://api.hubapi.com' } as const;

/** `https://api.hubapi.com`, or the credential's baseUrl. */
export function hubspotBaseUrl(endpoint: ProviderEndpoint): string {
  return providerBaseUrl(endpoint, URLS);
}

/** HubSpot private app token (`Authorization: Bearer`). `test` lists one contact. */
export const hubspotCredential = defineCredentialType({
  type: 'hubspot',
  displayName: { en: 'HubSpot private app', de: 'HubSpot (private App)' },
  schema: hubspotSchema,
  secretFields: ['accessToken'],
  async test(data, { http }) {
    await http.request({
      method: 'GET', url: `${hubspotBaseUrl(data)}/crm/v3/objects/contacts`, query: { limit: 1 },
      headers: { authorization: `Bearer ${data.accessToken}` }, idempotencyHeader: false,
    });
  },
});
