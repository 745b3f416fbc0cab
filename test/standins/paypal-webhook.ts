/**
 * PayPal webhook deliveries for tests, signed the way PayPal signs them (apis.md §3): `PAYPAL-TRANSMISSION-SIG` =
 * base64 SHA256withRSA over `<transmission id>|<transmission time>|<webhook id>|<crc32(raw body), unsigned
 * decimal>`, plus `PAYPAL-TRANSMISSION-ID`, `-TIME`, `PAYPAL-CERT-URL` and `PAYPAL-AUTH-ALGO: SHA256withRSA`.
 *
 * - `createPaypalSigningCertificate()` makes an RSA key and a self-signed X.509 certificate with the `openssl`
 *   CLI (node:crypto cannot create certificates), in a temp dir it removes again. The certificate PEM goes into
 *   the `paypalWebhook` credential; the key signs. Where `openssl` is missing, sign with `generateKeyPairSync`
 *   and configure the public key PEM instead (the credential accepts both).
 * - `signPaypalWebhook({ event, webhookId, privateKeyPem })` → `{ body, headers }` to POST as is.
 * - `paypalEvent(type, resource)` builds an event in the spec's `event` shape.
 */
import { execFileSync } from 'node:child_process';
import { createSign, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';

export interface SigningCertificate {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

export function createPaypalSigningCertificate(days = 2): SigningCertificate {
  const dir = mkdtempSync(path.join(tmpdir(), 'paypal-cert-'));
  try {
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', String(days),
      '-subj', '/C=US/O=PayPal, Inc./CN=messageverificationcerts.sandbox.paypal.com',
    ], { stdio: 'pipe' });
    return { certificatePem: readFileSync(cert, 'utf8'), privateKeyPem: readFileSync(key, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface SignedDelivery {
  readonly body: string;
  readonly headers: Record<string, string>;
}

export function signPaypalWebhook(input: {
  readonly event: unknown;
  readonly webhookId: string;
  readonly privateKeyPem: string;
  readonly transmissionId?: string;
  readonly transmissionTime?: string;
  readonly certUrl?: string;
}): SignedDelivery {
  const body = typeof input.event === 'string' ? input.event : JSON.stringify(input.event);
  const transmissionId = input.transmissionId ?? randomUUID();
  const transmissionTime = input.transmissionTime ?? new Date().toISOString();
  const signed = `${transmissionId}|${transmissionTime}|${input.webhookId}|${crc32(Buffer.from(body, 'utf8')) >>> 0}`;
  const signature = createSign('sha256').update(signed).sign(input.privateKeyPem, 'base64');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'paypal-transmission-id': transmissionId,
      'paypal-transmission-time': transmissionTime,
      'paypal-transmission-sig': signature,
      'paypal-cert-url': input.certUrl ?? 'https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-1d93a270',
      'paypal-auth-algo': 'SHA256withRSA',
    },
  };
}

/** A webhook event (spec `event`), e.g. `paypalEvent('PAYMENT.CAPTURE.COMPLETED', { id: '3C67…', amount })`. */
export function paypalEvent(eventType: string, resource: Record<string, unknown>, resourceType = 'capture'): Record<string, unknown> {
  return {
    id: `WH-${randomUUID().replace(/-/g, '').slice(0, 17).toUpperCase()}-${randomUUID().replace(/-/g, '').slice(0, 17).toUpperCase()}`,
    event_version: '1.0',
    create_time: new Date().toISOString(),
    resource_type: resourceType,
    resource_version: '2.0',
    event_type: eventType,
    summary: `${eventType} event`,
    resource,
    links: [],
  };
}
