import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * AES-256-GCM for credentials at rest. A blob is `v1:<iv b64>:<tag b64>:<ciphertext b64>`; the 12-byte IV is random
 * per encryption, the tag authenticates, so tampering or a wrong key fails `decrypt` with KEY_MISMATCH.
 */

const VERSION = 'v1';

export class CredentialCryptoError extends Error {
  constructor(readonly code: 'KEY_MISMATCH' | 'BAD_BLOB' | 'BAD_KEY', message: string) {
    super(message);
    this.name = 'CredentialCryptoError';
  }
}

export interface Cipher {
  encrypt(plaintext: string): string;
  decrypt(blob: string): string;
}

/** `key`: any string; it is hashed (SHA-256) into the 32-byte AES key, so hex, base64 or a passphrase all work. */
export function createCipher(key: string): Cipher {
  if (key.length < 16) throw new CredentialCryptoError('BAD_KEY', 'FLOWWERK_ENCRYPTION_KEY must be at least 16 characters');
  const aesKey = createHash('sha256').update(key, 'utf8').digest();
  return {
    encrypt(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', aesKey, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
    },
    decrypt(blob) {
      const parts = blob.split(':');
      const [version, iv, tag, body] = parts;
      if (parts.length !== 4 || version !== VERSION || iv === undefined || tag === undefined || body === undefined) {
        throw new CredentialCryptoError('BAD_BLOB', 'not an encrypted credential blob');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', aesKey, Buffer.from(iv, 'base64'));
        decipher.setAuthTag(Buffer.from(tag, 'base64'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
      } catch {
        throw new CredentialCryptoError('KEY_MISMATCH', 'credential could not be decrypted: wrong FLOWWERK_ENCRYPTION_KEY or damaged data');
      }
    },
  };
}

/**
 * The key: `envKey` when given, else `<dataDir>/encryption.key`, generated once (32 random bytes, hex) with mode
 * 0600. Returns where it came from for the start-up log.
 */
export function loadEncryptionKey(dataDir: string, envKey?: string): { readonly key: string; readonly source: 'env' | 'file' | 'generated' } {
  if (envKey !== undefined && envKey !== '') return { key: envKey, source: 'env' };
  const path = join(dataDir, 'encryption.key');
  try {
    const existing = readFileSync(path, 'utf8').trim();
    if (existing !== '') return { key: existing, source: 'file' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('hex');
  try {
    writeFileSync(path, `${key}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { key: readFileSync(path, 'utf8').trim(), source: 'file' };
    throw error;
  }
  chmodSync(path, 0o600);
  return { key, source: 'generated' };
}
