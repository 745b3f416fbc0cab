import { z } from 'zod';
import { defineCredentialType } from '../../sdk/index.js';
import { providerBaseUrl, providerEndpointFields, type ProviderEndpoint } from '../shared/provider.js';

/**
 * Brevo has one host for everything (no sandbox host): `sandbox` keeps that host and instead marks every
 * transactional e-mail with Brevo's documented sandbox header (`headers: { "X-Sib-Sandbox": "drop" }` in the
 * request body): Brevo validates the request and answers 201 with a messageId, but sends nothing and logs nothing
 * (developers.brevo.com/docs/using-sandbox-mode). Turn `sandbox` off to deliver.
 */
const brevoSchema = z.object({
  ...providerEndpointFields,
  apiKey: z.string().min(1, 'the API key must not be empty').meta({ title: 'API key', description: 'Brevo → SMTP & API → API keys (xkeysib-…)' }),
  sender: z.string().min(1).optional().meta({ title: 'Sender', description: 'Default sender, e.g. "Shop <shop@example.de>" (a sender verified in Brevo)' }),
});

export type BrevoCredentialData = z.output<typeof brevoSchema>;

const URLS = { production: 'https://api.brevo.com/v3', sandbox: 'https://api.brevo.com/v3' } as const;

/** `https://api.brevo.com/v3`, or the credential's baseUrl. */
export function brevoBaseUrl(endpoint: ProviderEndpoint): string {
  return providerBaseUrl(endpoint, URLS);
}

/** Brevo API key (header `api-key`). `test` reads the account (`GET /account`). */
export const brevoCredential = defineCredentialType({
  type: 'brevo',
  displayName: { en: 'Brevo API', de: 'Brevo-API' },
  schema: brevoSchema,
  secretFields: ['apiKey'],
  async test(data, { http }) {
    await http.request({ method: 'GET', url: `${brevoBaseUrl(data)}/account`, headers: { 'api-key': data.apiKey, accept: 'application/json' }, idempotencyHeader: false });
  },
});
