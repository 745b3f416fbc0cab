import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookAuth } from '../../nodes/sdk/index.js';

/**
 * Checks a webhook call against its trigger's `WebhookAuth`. Every comparison runs in constant time over
 * equal-length digests; HMACs are computed over the raw body bytes exactly as received.
 */

export interface IncomingCall {
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly rawBody: Buffer;
}

export type AuthVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

interface HmacParams {
  readonly header: string;
  readonly algorithm: 'sha1' | 'sha256' | 'sha512';
  readonly encoding: 'hex' | 'base64';
}

const PRESETS: Readonly<Record<'shopify' | 'woocommerce' | 'shopware', HmacParams>> = {
  shopify: { header: 'x-shopify-hmac-sha256', algorithm: 'sha256', encoding: 'base64' },
  woocommerce: { header: 'x-wc-webhook-signature', algorithm: 'sha256', encoding: 'base64' },
  shopware: { header: 'shopware-shop-signature', algorithm: 'sha256', encoding: 'hex' },
};

/** Header, algorithm and encoding an HMAC auth uses (presets fill them; `generic` defaults to sha256/hex). */
export function hmacParams(auth: Extract<WebhookAuth, { type: 'hmac' }>): HmacParams {
  if (auth.preset !== 'generic') return PRESETS[auth.preset];
  return {
    header: (auth.header ?? 'x-signature').toLowerCase(),
    algorithm: auth.algorithm ?? 'sha256',
    encoding: auth.encoding ?? 'hex',
  };
}

/** The signature a sender with `secret` puts in the header (tests and senders use it too). */
export function signBody(auth: Extract<WebhookAuth, { type: 'hmac' }>, rawBody: Buffer | string): string {
  const { algorithm, encoding } = hmacParams(auth);
  return createHmac(algorithm, auth.secret).update(rawBody).digest(encoding);
}

function header(call: IncomingCall, name: string): string | undefined {
  const value = call.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Constant-time equality of two strings (compared as SHA-256 digests, so lengths never leak). */
export function safeEqual(a: string, b: string): boolean {
  const da = createHmac('sha256', 'flowwerk-compare').update(a).digest();
  const db = createHmac('sha256', 'flowwerk-compare').update(b).digest();
  return timingSafeEqual(da, db) && a.length === b.length;
}

function decodeSignature(value: string, encoding: 'hex' | 'base64'): Buffer | undefined {
  // Generic senders often prefix the algorithm (`sha256=...`).
  const bare = value.trim().replace(/^(sha1|sha256|sha512)=/i, '');
  if (encoding === 'hex') return /^[0-9a-f]+$/i.test(bare) && bare.length % 2 === 0 ? Buffer.from(bare, 'hex') : undefined;
  return /^[A-Za-z0-9+/_-]+={0,2}$/.test(bare) ? Buffer.from(bare, 'base64') : undefined;
}

export function verifyWebhookAuth(auth: WebhookAuth, call: IncomingCall): AuthVerdict {
  switch (auth.type) {
    case 'none':
      return { ok: true };
    case 'header': {
      const given = header(call, auth.name);
      if (given === undefined) return { ok: false, reason: `missing header ${auth.name}` };
      return safeEqual(given, auth.value) ? { ok: true } : { ok: false, reason: `wrong value in header ${auth.name}` };
    }
    case 'basic': {
      const given = header(call, 'authorization');
      const match = given === undefined ? null : /^Basic\s+(.+)$/i.exec(given);
      if (!match?.[1]) return { ok: false, reason: 'missing basic authorization' };
      const decoded = Buffer.from(match[1], 'base64').toString('utf8');
      const ok = safeEqual(decoded, `${auth.user}:${auth.password}`);
      return ok ? { ok: true } : { ok: false, reason: 'wrong user or password' };
    }
    case 'hmac': {
      const params = hmacParams(auth);
      const given = header(call, params.header);
      if (given === undefined) return { ok: false, reason: `missing signature header ${params.header}` };
      const signature = decodeSignature(given, params.encoding);
      const expected = createHmac(params.algorithm, auth.secret).update(call.rawBody).digest();
      if (signature === undefined || signature.length !== expected.length) {
        return { ok: false, reason: `malformed signature in ${params.header}` };
      }
      return timingSafeEqual(signature, expected) ? { ok: true } : { ok: false, reason: `signature mismatch in ${params.header}` };
    }
    default: {
      const unreachable: never = auth;
      return { ok: false, reason: `unknown auth ${JSON.stringify(unreachable)}` };
    }
  }
}

/**
 * WooCommerce pings a new webhook's delivery URL once with an unsigned form body `webhook_id=<id>` and saves the
 * webhook only on a 200 (core `WC_Webhook::deliver_ping`). With the woocommerce preset such a call is answered 200
 * and starts nothing; a signed call is never taken for a ping.
 */
export function isWooCommercePing(auth: WebhookAuth, call: IncomingCall): boolean {
  if (auth.type !== 'hmac' || auth.preset !== 'woocommerce') return false;
  if (header(call, 'x-wc-webhook-signature') !== undefined || call.rawBody.length > 64) return false;
  return /^webhook_id=\d+$/.test(call.rawBody.toString('utf8').trim());
}

const EVENT_ID_PRESETS: Readonly<Record<string, string>> = {
  shopify: 'x-shopify-event-id',
  woocommerce: 'x-wc-webhook-delivery-id',
};

/** The header naming a delivery for duplicate suppression: configured, else the shop preset's, else none. */
export function eventIdHeaderFor(auth: WebhookAuth, configured: string | undefined): string | undefined {
  if (configured !== undefined && configured !== '') return configured.toLowerCase();
  if (auth.type === 'hmac') return EVENT_ID_PRESETS[auth.preset];
  return undefined;
}

export function eventIdOf(call: IncomingCall, headerName: string | undefined): string | undefined {
  if (headerName === undefined) return undefined;
  const value = header(call, headerName)?.trim();
  return value === undefined || value === '' ? undefined : value.slice(0, 512);
}
