/**
 * DHL credential types. Both spread `providerEndpointFields` (sandbox switch, base URL override).
 *
 * - `dhlParcelDe` (Parcel DE Shipping v2, "Paket DE Versenden"): the app's API key from developer.dhl.com
 *   (header `dhl-api-key`) and the business-customer-portal (GKP) user and password, sent as HTTP Basic
 *   (`authMode: basic`, default) or exchanged for a Bearer token through DHL's OAuth2 password grant
 *   (`authMode: oauth`: `client_id` = API key, `client_secret` = `apiSecret`). The token is cached until shortly
 *   before it expires.
 * - `dhlTracking` (Shipment Tracking – Unified): the API key only (header `DHL-API-Key`).
 *
 * Credential tests: `dhlParcelDe` reads the API version (`GET /`) with the full authentication (fetching a token
 * first with `oauth`); `dhlTracking` asks for an unknown tracking number, where 404 proves the key was accepted.
 */
import { z } from 'zod';
import { FatalError, defineCredentialType } from '../../sdk/index.js';
import type { HttpClient } from '../../sdk/index.js';
import { providerBaseUrl, providerEndpointFields } from '../shared/provider.js';
import { passwordGrantToken } from './password-grant.js';

export const DHL_PARCEL_URLS = {
  production: 'https://api-eu.dhl.com/parcel/de/shipping/v2',
  sandbox: 'https://api-sandbox.dhl.com/parcel/de/shipping/v2',
} as const;

export const DHL_TRACKING_URLS = {
  production: 'https://api-eu.dhl.com/track/shipments',
  sandbox: 'https://api-test.dhl.com/track/shipments',
} as const;

/** Path of the password-grant token endpoint on the API host (spec: OAuth2 `tokenUrl`). */
export const DHL_TOKEN_PATH = '/parcel/de/account/auth/ropc/v1/token';
const SHIPPING_PATH = '/parcel/de/shipping/v2';

const dhlParcelSchema = z.object({
  ...providerEndpointFields,
  apiKey: z.string().min(1, 'the API key must not be empty').meta({
    title: 'API key', description: 'Key of your app on developer.dhl.com (header dhl-api-key)',
  }),
  username: z.string().min(1, 'the user must not be empty').meta({
    title: 'GKP user', description: 'Business customer portal user; sandbox: user-valid',
  }),
  password: z.string().min(1, 'the password must not be empty').meta({
    title: 'GKP password', description: 'Sandbox: SandboxPasswort2023!',
  }),
  authMode: z.enum(['basic', 'oauth']).default('basic').meta({
    title: 'Authentication', description: 'basic: HTTP Basic with the GKP login; oauth: Bearer token from the password grant',
  }),
  apiSecret: z.string().optional().meta({ title: 'API secret', description: 'Only for oauth: the app secret (client_secret)' }),
  tokenUrl: z.url({ protocol: /^https?$/ }).optional().meta({
    title: 'Token URL', description: 'Only for oauth; default: the API host + /parcel/de/account/auth/ropc/v1/token',
  }),
});

export type DhlParcelCredentialData = z.output<typeof dhlParcelSchema>;

export const dhlParcelCredential = defineCredentialType({
  type: 'dhlParcelDe',
  displayName: { en: 'DHL Parcel DE (shipping)', de: 'DHL Paket DE (Versenden)' },
  schema: dhlParcelSchema,
  secretFields: ['apiKey', 'password', 'apiSecret'],
  async test(data, { http }) {
    const authorization = data.authMode === 'oauth'
      ? `Bearer ${await passwordGrantToken(http, {
        tokenUrl: dhlTokenUrl(data), clientId: data.apiKey, clientSecret: data.apiSecret, username: data.username,
        password: data.password, errorPrefix: 'DHL', credentialName: 'DHL Parcel DE (shipping)',
      }, Date.now())}`
      : `Basic ${Buffer.from(`${data.username}:${data.password}`, 'utf8').toString('base64')}`;
    await expectAccepted(http, dhlParcelBaseUrl(data), { 'dhl-api-key': data.apiKey, authorization }, [200]);
  },
});

const dhlTrackingSchema = z.object({
  ...providerEndpointFields,
  apiKey: z.string().min(1, 'the API key must not be empty').meta({
    title: 'API key', description: 'Key of your app on developer.dhl.com with Shipment Tracking – Unified',
  }),
});

export type DhlTrackingCredentialData = z.output<typeof dhlTrackingSchema>;

export const dhlTrackingCredential = defineCredentialType({
  type: 'dhlTracking',
  displayName: { en: 'DHL Shipment Tracking', de: 'DHL Sendungsverfolgung' },
  schema: dhlTrackingSchema,
  secretFields: ['apiKey'],
  async test(data, { http }) {
    await expectAccepted(http, `${dhlTrackingBaseUrl(data)}?trackingNumber=00340434000000000000`, { 'DHL-API-Key': data.apiKey }, [200, 404]);
  },
});

async function expectAccepted(http: HttpClient, url: string, headers: Record<string, string>, ok: readonly number[]): Promise<void> {
  const response = await http.request({ method: 'GET', url, headers: { accept: 'application/json', ...headers }, idempotencyHeader: false, throwOnError: false });
  if (ok.includes(response.status)) return;
  throw new FatalError(`DHL answered HTTP ${response.status} to ${new URL(url).pathname}${response.status === 401 || response.status === 403 ? ': the API key or login was rejected' : ''}`, {
    code: response.status === 401 || response.status === 403 ? 'DHL_AUTH_FAILED' : 'DHL_HTTP_ERROR', httpStatus: response.status,
  });
}

export function dhlParcelBaseUrl(data: DhlParcelCredentialData): string {
  return providerBaseUrl(data, DHL_PARCEL_URLS);
}

export function dhlTrackingBaseUrl(data: DhlTrackingCredentialData): string {
  return providerBaseUrl(data, DHL_TRACKING_URLS);
}

/** The token endpoint: `tokenUrl`, else the API base without its `/parcel/de/shipping/v2` path + the token path. */
export function dhlTokenUrl(data: DhlParcelCredentialData): string {
  if (data.tokenUrl !== undefined) return data.tokenUrl;
  const base = dhlParcelBaseUrl(data);
  const host = base.endsWith(SHIPPING_PATH) ? base.slice(0, -SHIPPING_PATH.length) : new URL(base).origin;
  return host + DHL_TOKEN_PATH;
}
