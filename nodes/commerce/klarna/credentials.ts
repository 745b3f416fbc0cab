import { z } from 'zod';
import { FatalError, defineCredentialType } from '../../sdk/index.js';
import { providerBaseUrl, providerEndpointFields } from '../shared/provider.js';

/** Klarna hosts per region (contract: apis.md §4); `sandbox` picks the playground. */
export const KLARNA_URLS = {
  EU: { production: 'https://api.klarna.com', sandbox: 'https://api.playground.klarna.com' },
  NA: { production: 'https://api-na.klarna.com', sandbox: 'https://api-na.playground.klarna.com' },
  OC: { production: 'https://api-oc.klarna.com', sandbox: 'https://api-oc.playground.klarna.com' },
} as const;

/** Klarna API credentials (Merchant portal › Settings › Klarna API credentials), sent as HTTP Basic. */
export const klarnaCredentialSchema = z.object({
  ...providerEndpointFields,
  region: z.enum(['EU', 'NA', 'OC']).default('EU').meta({ title: 'Region', description: 'EU (api.klarna.com), NA or OC' }),
  username: z
    .string()
    .trim()
    .min(1, 'the API username must not be empty')
    .refine((user) => !user.includes(':'), 'the API username must not contain `:`')
    .meta({ title: 'API username', description: 'e.g. PK12345_abcdef123456 (playground) or K12345_...' }),
  password: z.string().min(1, 'the API password must not be empty').meta({ title: 'API password' }),
});

export type KlarnaCredential = z.output<typeof klarnaCredentialSchema>;

export function klarnaBaseUrl(credential: KlarnaCredential): string {
  return providerBaseUrl(credential, KLARNA_URLS[credential.region]);
}

export function klarnaAuthorization(credential: KlarnaCredential): string {
  return `Basic ${Buffer.from(`${credential.username}:${credential.password}`, 'utf8').toString('base64')}`;
}

/**
 * `klarna`: HTTP Basic with the API username and password of a merchant id. The test reads an order id that
 * cannot exist: 404 means Klarna accepted the credentials, 401/403 that it did not.
 */
export const klarnaCredential = defineCredentialType({
  type: 'klarna',
  displayName: { en: 'Klarna API (username and password)', de: 'Klarna-API (Benutzername und Passwort)' },
  schema: klarnaCredentialSchema,
  secretFields: ['password'],
  test: async (data, tools) => {
    const response = await tools.http.request({
      url: `${klarnaBaseUrl(data)}/ordermanagement/v1/orders/flowwerk-credential-test`,
      headers: { Authorization: klarnaAuthorization(data), Accept: 'application/json' },
      idempotencyHeader: false,
      throwOnError: false,
    });
    if (response.status === 401 || response.status === 403) {
      throw new FatalError(`Klarna rejected the API username/password (HTTP ${response.status}); check them and the region and sandbox switch`, {
        code: 'KLARNA_AUTH_FAILED', httpStatus: response.status,
      });
    }
    if (response.status >= 500) throw new FatalError(`Klarna answered HTTP ${response.status}`, { code: 'KLARNA_UNAVAILABLE' });
  },
});
