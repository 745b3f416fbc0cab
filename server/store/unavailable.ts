/**
 * Errors that mean "the database (or another backing service) cannot be reached right now" rather than a bug:
 * socket-level errno codes, PostgreSQL connection-exception SQLSTATEs (class 08, server shutting down 57P0x,
 * too many connections 53300) and the pg pool's connect timeout / terminated-connection messages. The HTTP
 * layer answers these with 503 so that callers retry (nothing was stored: each write is one transaction); the
 * execution service retries an interrupted run once the store answers again.
 */

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);
const SQLSTATE_UNAVAILABLE = /^(08...|57P0[1-3]|53300)$/;
const MESSAGES = [/Connection terminated/i, /timeout exceeded when trying to connect/i, /Client has encountered a connection error/i, /Connection is closed/i];

function field(error: object, name: string): unknown {
  return name in error ? Reflect.get(error, name) : undefined;
}

export function isServiceUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  const code = field(error, 'code');
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SQLSTATE_UNAVAILABLE.test(code))) return true;
  const message = field(error, 'message');
  if (typeof message === 'string' && MESSAGES.some((pattern) => pattern.test(message))) return true;
  // AggregateError (several addresses tried) and wrapped causes.
  const errors = field(error, 'errors');
  if (Array.isArray(errors) && errors.some((inner) => isServiceUnavailable(inner, depth + 1))) return true;
  return isServiceUnavailable(field(error, 'cause'), depth + 1);
}
