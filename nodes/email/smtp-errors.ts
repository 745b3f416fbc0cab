import { FatalError, FlowError, RetryableError } from '../sdk/index.js';

const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH']);

/**
 * Classifies a nodemailer failure:
 * - connection trouble (refused, reset, timeout, DNS) and SMTP 4xx replies → retryable (`SMTP_CONNECTION`,
 *   `SMTP_TRANSIENT`);
 * - authentication failures → `SMTP_AUTH`, SMTP 5xx replies (rejected sender/recipient/message) →
 *   `SMTP_REJECTED`, anything else → `SMTP_ERROR`; none of these is retried.
 */
export function toSmtpError(error: unknown): FlowError {
  if (error instanceof FlowError) return error;
  const code = stringField(error, 'code');
  const originalCode = stringField(error, 'originalCode');
  const responseCode = numberField(error, 'responseCode');
  const message = `SMTP: ${error instanceof Error ? error.message : String(error)}`;
  if (responseCode !== undefined && responseCode >= 400 && responseCode < 500) {
    return new RetryableError(message, { code: 'SMTP_TRANSIENT', cause: error });
  }
  if (code === 'EAUTH') return new FatalError(message, { code: 'SMTP_AUTH', cause: error });
  if (responseCode !== undefined && responseCode >= 500) return new FatalError(message, { code: 'SMTP_REJECTED', cause: error });
  if ((code !== undefined && CONNECTION_CODES.has(code)) || (originalCode !== undefined && CONNECTION_CODES.has(originalCode))) {
    return new RetryableError(message, { code: 'SMTP_CONNECTION', cause: error });
  }
  return new FatalError(message, { code: 'SMTP_ERROR', cause: error });
}

function stringField(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null || !(key in value)) return undefined;
  const field: unknown = Reflect.get(value, key);
  return typeof field === 'string' ? field : undefined;
}

function numberField(value: unknown, key: string): number | undefined {
  if (typeof value !== 'object' || value === null || !(key in value)) return undefined;
  const field: unknown = Reflect.get(value, key);
  return typeof field === 'number' ? field : undefined;
}
