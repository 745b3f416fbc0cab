import { X509Certificate, createPublicKey } from 'node:crypto';
import { z } from 'zod';
import { defineCredentialType } from '../../sdk/index.js';
import { providerEndpointFields } from '../shared/provider.js';
import { issuePaypalToken } from './token.js';

/** PayPal REST app credentials (Developer Dashboard › Apps & Credentials). */
export const paypalCredentialSchema = z.object({
  ...providerEndpointFields,
  clientId: z.string().trim().min(1, 'the client id must not be empty').meta({ title: 'Client ID' }),
  clientSecret: z.string().trim().min(1, 'the client secret must not be empty').meta({ title: 'Client secret' }),
});

export type PaypalCredential = z.output<typeof paypalCredentialSchema>;

/**
 * `paypal`: OAuth2 client credentials. Nodes exchange them for an access token (cached per credential until
 * shortly before it expires); the credential test requests one.
 */
export const paypalCredential = defineCredentialType({
  type: 'paypal',
  displayName: { en: 'PayPal REST API (client credentials)', de: 'PayPal REST-API (Client-Zugangsdaten)' },
  schema: paypalCredentialSchema,
  secretFields: ['clientSecret'],
  test: async (data, tools) => {
    await issuePaypalToken(tools.http, data);
  },
});

/** True when `pem` is an X.509 certificate or an SPKI public key that node:crypto can read. */
function readableKey(pem: string): boolean {
  try {
    if (pem.includes('BEGIN CERTIFICATE')) new X509Certificate(pem);
    else createPublicKey(pem);
    return true;
  } catch {
    return false;
  }
}

/**
 * The webhook's id (Developer Dashboard › your app › Webhooks) and the certificate PayPal signs deliveries
 * with: the PEM served at the `PAYPAL-CERT-URL` of a delivery (an X.509 certificate; a `PUBLIC KEY` PEM is
 * accepted too). `sandbox`/`baseUrl` are the common commerce fields; the offline check does not call PayPal.
 */
export const paypalWebhookCredentialSchema = z.object({
  ...providerEndpointFields,
  webhookId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{1,50}$/, 'the webhook id is up to 50 letters and digits, e.g. 1JE4291016473214C')
    .meta({ title: 'Webhook ID' }),
  certificate: z
    .string()
    .trim()
    .refine(readableKey, 'the certificate must be a PEM X.509 certificate (-----BEGIN CERTIFICATE-----) or public key')
    .meta({ title: 'Signing certificate (PEM)', description: 'PayPal\'s certificate from the PAYPAL-CERT-URL of a delivery' }),
});

export type PaypalWebhookCredential = z.output<typeof paypalWebhookCredentialSchema>;

export const paypalWebhookCredential = defineCredentialType({
  type: 'paypalWebhook',
  displayName: { en: 'PayPal webhook (signature certificate)', de: 'PayPal-Webhook (Signaturzertifikat)' },
  schema: paypalWebhookCredentialSchema,
  secretFields: [],
});
