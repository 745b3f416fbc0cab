import { createHash, randomBytes } from 'node:crypto';

/** Random secrets (session ids, API keys, setup tokens) and the one-way form they are stored in. */

export function newToken(prefix: string, bytes = 32): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

/** SHA-256 hex: tokens are high-entropy, so a fast hash is enough and lets the store look them up by hash. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
