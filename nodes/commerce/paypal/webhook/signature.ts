import { X509Certificate, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { WebhookCall, WebhookVerdict } from '../../../sdk/index.js';

/**
 * PayPal's offline webhook signature (apis.md §3): `PAYPAL-TRANSMISSION-SIG` is a base64 SHA256withRSA signature
 * over `<PAYPAL-TRANSMISSION-ID>|<PAYPAL-TRANSMISSION-TIME>|<webhook id>|<crc32 of the raw body>`, the CRC-32 as
 * an unsigned decimal integer, checked against the configured certificate (or public key).
 * `PAYPAL-AUTH-ALGO`, when sent, must be `SHA256withRSA`; `PAYPAL-CERT-URL` is not fetched (the certificate is
 * configured). A certificate outside its validity period at `now` fails.
 */

export const PAYPAL_HEADERS = {
  id: 'paypal-transmission-id',
  time: 'paypal-transmission-time',
  signature: 'paypal-transmission-sig',
  algorithm: 'paypal-auth-algo',
  certUrl: 'paypal-cert-url',
} as const;

/** CRC-32 (IEEE, as zlib) of the bytes as an unsigned integer. `zlib.crc32` exists from Node 20.15/22.2. */
export function unsignedCrc32(bytes: Uint8Array): number {
  return crc32(bytes) >>> 0;
}

/** The string PayPal signs for one delivery. */
export function paypalSignedString(transmissionId: string, transmissionTime: string, webhookId: string, rawBody: Uint8Array): string {
  return `${transmissionId}|${transmissionTime}|${webhookId}|${unsignedCrc32(rawBody)}`;
}

function header(call: WebhookCall, name: string): string | undefined {
  const value = call.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first.trim() === '' ? undefined : first.trim();
}

function publicKeyOf(pem: string, now: number): KeyObject | string {
  if (!pem.includes('BEGIN CERTIFICATE')) return createPublicKey(pem);
  const certificate = new X509Certificate(pem);
  if (now < Date.parse(certificate.validFrom)) return `the certificate is not valid before ${certificate.validFrom}`;
  if (now > Date.parse(certificate.validTo)) return `the certificate expired on ${certificate.validTo}`;
  return certificate.publicKey;
}

export function verifyPaypalSignature(
  call: WebhookCall,
  config: { readonly webhookId: string; readonly certificate: string },
  now: number = Date.now(),
): WebhookVerdict {
  const transmissionId = header(call, PAYPAL_HEADERS.id);
  const transmissionTime = header(call, PAYPAL_HEADERS.time);
  const signature = header(call, PAYPAL_HEADERS.signature);
  const missing = [
    transmissionId === undefined && 'PAYPAL-TRANSMISSION-ID',
    transmissionTime === undefined && 'PAYPAL-TRANSMISSION-TIME',
    signature === undefined && 'PAYPAL-TRANSMISSION-SIG',
  ].filter((name): name is string => typeof name === 'string');
  if (transmissionId === undefined || transmissionTime === undefined || signature === undefined) {
    return { ok: false, reason: `missing PayPal header${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` };
  }
  const algorithm = header(call, PAYPAL_HEADERS.algorithm);
  if (algorithm !== undefined && algorithm.toUpperCase() !== 'SHA256WITHRSA') {
    return { ok: false, reason: `unsupported PAYPAL-AUTH-ALGO ${algorithm} (SHA256withRSA only)` };
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return { ok: false, reason: 'PAYPAL-TRANSMISSION-SIG is not base64' };
  const key = publicKeyOf(config.certificate, now);
  if (typeof key === 'string') return { ok: false, reason: key };
  const signed = Buffer.from(paypalSignedString(transmissionId, transmissionTime, config.webhookId, call.rawBody), 'utf8');
  const ok = verify('sha256', signed, key, Buffer.from(signature, 'base64'));
  return ok ? { ok: true } : { ok: false, reason: 'PAYPAL-TRANSMISSION-SIG does not match the configured certificate and webhook id' };
}
