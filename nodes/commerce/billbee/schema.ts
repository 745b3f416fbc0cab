import { z } from 'zod';
import { providerBaseUrl, providerEndpointFields } from '../shared/provider.js';

/** Billbee has no separate sandbox system (use a test account): both switch positions use the API URL. */
export const BILLBEE_URLS = { production: 'https://api.billbee.io/api/v1', sandbox: 'https://api.billbee.io/api/v1' } as const;

export const billbeeCredentialSchema = z.object({
  ...providerEndpointFields,
  apiKey: z.string().min(1, 'the API key must not be empty')
    .meta({ title: 'API key', description: 'Developer API key from Billbee support (header X-Billbee-Api-Key)' }),
  username: z.string().min(1, 'the user name must not be empty')
    .refine((user) => !user.includes(':'), 'the user name must not contain `:`')
    .meta({ title: 'User name', description: 'Billbee login (e-mail address)' }),
  apiPassword: z.string().min(1, 'the API password must not be empty')
    .meta({ title: 'API password', description: 'Settings → API in Billbee (not the login password)' }),
});

export type BillbeeCredentialData = z.output<typeof billbeeCredentialSchema>;

/** API base including `/api/v1`; `baseUrl` replaces it whole. */
export function billbeeBaseUrl(data: BillbeeCredentialData): string {
  return providerBaseUrl(data, BILLBEE_URLS);
}

/** Both parts of Billbee's auth: the developer key header and HTTP Basic with user and API password. */
export function billbeeHeaders(data: BillbeeCredentialData): Record<string, string> {
  const basic = Buffer.from(`${data.username}:${data.apiPassword}`, 'utf8').toString('base64');
  return { 'X-Billbee-Api-Key': data.apiKey, Authorization: `Basic ${basic}`, Accept: 'application/json' };
}
