/**
 * Hermes Germany HSI (Hermes Shipping Interface) credential: OAuth2 password grant (apis.md §2). The token
 * endpoint gets `grant_type=password&username&password&client_id&client_secret`; the Bearer token is cached
 * until shortly before `expires_in` runs out. Spreads `providerEndpointFields`: `sandbox` picks the INT system,
 * `baseUrl` replaces the API base (`…/services/hsi`); with a `baseUrl` and no `tokenUrl`, the token comes from
 * the same origin at `/authorization-facade/oauth2/access_token` (how the stand-in serves it).
 */
import { z } from 'zod';
import { defineCredentialType } from '../../sdk/index.js';
import { passwordGrantToken } from '../dhl/password-grant.js';
import { providerBaseUrl, providerEndpointFields } from '../shared/provider.js';

export const HERMES_URLS = {
  production: 'https://de-api.hermesworld.com/services/hsi',
  sandbox: 'https://de-api-int.hermesworld.com/services/hsi',
} as const;

export const HERMES_TOKEN_PATH = '/authorization-facade/oauth2/access_token';
const TOKEN_URLS = {
  production: `https://authme.myhermes.de${HERMES_TOKEN_PATH}`,
  sandbox: `https://authme-int.myhermes.de${HERMES_TOKEN_PATH}`,
} as const;

const hermesSchema = z.object({
  ...providerEndpointFields,
  clientId: z.string().min(1, 'the client id must not be empty').meta({ title: 'Client id', description: 'From your Hermes HSI onboarding' }),
  clientSecret: z.string().min(1, 'the client secret must not be empty').meta({ title: 'Client secret' }),
  username: z.string().min(1, 'the user must not be empty').meta({ title: 'User', description: 'Hermes business customer login' }),
  password: z.string().min(1, 'the password must not be empty').meta({ title: 'Password' }),
  language: z.enum(['DE', 'EN']).default('DE').meta({ title: 'Language', description: 'Accept-Language of every call' }),
  tokenUrl: z.url({ protocol: /^https?$/ }).optional().meta({
    title: 'Token URL', description: 'Default: authme(-int).myhermes.de/authorization-facade/oauth2/access_token',
  }),
});

export type HermesCredentialData = z.output<typeof hermesSchema>;

export const hermesCredential = defineCredentialType({
  type: 'hermesHsi',
  displayName: { en: 'Hermes HSI (shipping)', de: 'Hermes HSI (Versand)' },
  schema: hermesSchema,
  secretFields: ['clientSecret', 'password'],
  /** Fetches a token: proves client id/secret and user/password. */
  async test(data, { http }) {
    await passwordGrantToken(http, {
      tokenUrl: hermesTokenUrl(data), clientId: data.clientId, clientSecret: data.clientSecret, username: data.username,
      password: data.password, errorPrefix: 'HERMES', credentialName: 'Hermes HSI (shipping)',
    }, Date.now());
  },
});

export function hermesBaseUrl(data: HermesCredentialData): string {
  return providerBaseUrl(data, HERMES_URLS);
}

export function hermesTokenUrl(data: HermesCredentialData): string {
  if (data.tokenUrl !== undefined) return data.tokenUrl;
  if (data.baseUrl !== undefined) return new URL(data.baseUrl).origin + HERMES_TOKEN_PATH;
  return data.sandbox ? TOKEN_URLS.sandbox : TOKEN_URLS.production;
}
