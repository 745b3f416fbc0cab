import { ConfigError } from '../config/index.js';
import { CredentialCryptoError, type Cipher, type CredentialStore } from '../store/index.js';

/**
 * Start-up check that the credential key fits the store: decrypts one stored credential, if there is any. A process
 * with another key (a worker on another machine without FLOWWERK_ENCRYPTION_KEY, a lost encryption.key file)
 * fails to start with one line instead of failing every run that needs a credential.
 */
export async function checkEncryptionKey(
  credentials: CredentialStore,
  cipher: Cipher,
  key: { readonly source: 'env' | 'file' | 'generated'; readonly path: string },
): Promise<void> {
  const sample = (await credentials.list({ limit: 1 })).data[0];
  if (sample === undefined) return;
  const stored = await credentials.get(sample.id);
  if (stored === undefined) return;
  try {
    cipher.decrypt(stored.encryptedData);
  } catch (error) {
    if (!(error instanceof CredentialCryptoError)) throw error;
    const from = key.source === 'env' ? 'the key in FLOWWERK_ENCRYPTION_KEY' : `the key in ${key.path}${key.source === 'generated' ? ' (generated just now)' : ''}`;
    throw new ConfigError(
      'FLOWWERK_ENCRYPTION_KEY',
      `${from} cannot decrypt the stored credential "${sample.name}": set the key the credentials were stored with (in queue mode the same value in every process)`,
    );
  }
}
