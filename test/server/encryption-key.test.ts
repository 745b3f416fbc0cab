import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildServices, createLogger, loadConfig } from '../../server/app/index.js';
import { ConfigError } from '../../server/config/index.js';
import { flowwerk } from '../cli/cli-process.js';

/** A process whose credential key does not fit the stored credentials refuses to start (one line, exit 2). */

const dataDir = mkdtempSync(path.join(tmpdir(), 'flowwerk-key-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
let stored: Promise<void> | undefined;

const KEY_A = 'key-a-0123456789abcdef';
const silent = createLogger('silent');

/** Stores one credential under KEY_A (once for both tests). */
function storeCredential(): Promise<void> {
  stored ??= (async () => {
    const first = await open(KEY_A);
    await first.deps.credentials.create({ name: 'Shop SMTP', type: 'smtp', data: { host: '127.0.0.1', port: 2525, user: 'u', password: 'secret-pw', from: 'shop@example.test' } });
    await first.close(0);
  })();
  return stored;
}

async function open(key: string | undefined) {
  const env = { FLOWWERK_API_KEY: 'test-api-key-0123456789', ...(key !== undefined && { FLOWWERK_ENCRYPTION_KEY: key }) };
  return buildServices(loadConfig(env, { dataDir }), silent);
}

describe('credential encryption key check at start-up', () => {
  it('starts with the key the credentials were stored with and refuses another one', async () => {
    await storeCredential();
    const again = await open(KEY_A);
    await again.close(0);

    const wrong = open('key-b-0123456789abcdef');
    await expect(wrong).rejects.toBeInstanceOf(ConfigError);
    await expect(wrong).rejects.toThrow(/^FLOWWERK_ENCRYPTION_KEY: the key in FLOWWERK_ENCRYPTION_KEY cannot decrypt the stored credential "Shop SMTP"/);
    // Without the variable: the data dir's generated key file is not the one either.
    await expect(open(undefined)).rejects.toThrow(/encryption\.key \(generated just now\) cannot decrypt/);
  });

  it('the CLI prints one line and exits 2', async () => {
    await storeCredential();
    const result = await flowwerk(['start', '--port', '0', '--data-dir', dataDir], { env: { FLOWWERK_ENCRYPTION_KEY: 'key-c-0123456789abcdef', FLOWWERK_API_KEY: 'test-api-key-0123456789' } });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('FLOWWERK_ENCRYPTION_KEY:');
    expect(result.stderr).not.toContain('secret-pw');
  });
});
