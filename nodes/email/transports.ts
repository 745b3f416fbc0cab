import nodemailer, { type Transporter } from 'nodemailer';
import { smtpTransportOptions, type SmtpCredentialData } from '../credentials/index.js';

const MAX_CACHED = 32;
const cache = new Map<string, Transporter>();

/**
 * A nodemailer transport for the credential, reused within the process while the credential data stays the same
 * (at most 32 kept, least recently used dropped). Transports are not pooled: each message opens its own SMTP
 * connection, so nothing stays open between runs and a CLI process can exit at once.
 */
export function transportFor(data: SmtpCredentialData): Transporter {
  const key = JSON.stringify([data.host, data.port, data.secure, data.user ?? '', data.password ?? '']);
  const cached = cache.get(key);
  if (cached !== undefined) {
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  const transport = nodemailer.createTransport(smtpTransportOptions(data));
  cache.set(key, transport);
  if (cache.size > MAX_CACHED) {
    const oldest = cache.keys().next();
    if (oldest.done !== true) {
      cache.get(oldest.value)?.close();
      cache.delete(oldest.value);
    }
  }
  return transport;
}
