import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCredentialType } from '../../nodes/sdk/index.js';
import type { HttpClient } from '../../nodes/sdk/index.js';
import { createCipher, loadEncryptionKey } from '../../server/store/credentials/crypto.js';
import { createCredentialService, credentialTypesFrom, type CredentialService } from '../../server/store/credentials/service.js';
import type { Store } from '../../server/store/types.js';
import { backends } from './backends.js';

const apiToken = defineCredentialType({
  type: 'test.api',
  displayName: 'API',
  schema: z.object({ user: z.string(), apiToken: z.string() }),
  test: async (data) => {
    if (data.apiToken !== 'good-token-123') throw new Error(`token ${data.apiToken} rejected`);
  },
});
const http: HttpClient = {
  request: async () => {
    throw new Error('no HTTP in these tests');
  },
};

describe('credential encryption', () => {
  it('round-trips with AES-256-GCM and fails on a wrong key or tampering', () => {
    const cipher = createCipher('0123456789abcdef0123');
    const blob = cipher.encrypt('{"password":"hunter2"}');
    expect(blob).not.toContain('hunter2');
    expect(cipher.encrypt('same')).not.toBe(cipher.encrypt('same'));
    expect(cipher.decrypt(blob)).toBe('{"password":"hunter2"}');
    expect(() => createCipher('another-key-0123456789').decrypt(blob)).toThrow(/wrong FLOWWERK_ENCRYPTION_KEY/);
    const parts = blob.split(':');
    const tampered = [parts[0], parts[1], parts[2], Buffer.from('xxxx').toString('base64')].join(':');
    expect(() => cipher.decrypt(tampered)).toThrow();
    expect(() => createCipher('short')).toThrow(/at least 16/);
  });

  it('generates the key file once with mode 0600 and prefers the environment key', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'flowwerk-key-'));
    const generated = loadEncryptionKey(dir);
    expect(generated.source).toBe('generated');
    expect(statSync(join(dir, 'encryption.key')).mode & 0o777).toBe(0o600);
    expect(loadEncryptionKey(dir)).toEqual({ key: generated.key, source: 'file' });
    expect(loadEncryptionKey(dir, 'from-the-environment-123')).toEqual({ key: 'from-the-environment-123', source: 'env' });
  });
});

describe.each(backends)('credential service ($name)', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let dataDir: string;
  let service: CredentialService;

  beforeEach(async () => {
    ({ store, dispose, dataDir } = await backend.open());
    service = createCredentialService({ store: store.credentials, cipher: createCipher('test-key-0123456789abcdef'), types: credentialTypesFrom(undefined, [apiToken]) });
  });
  afterEach(async () => dispose());

  it('creates, lists, updates (merging data), resolves and deletes without ever returning data', async () => {
    const created = await service.create({ name: 'Shop API', type: 'test.api', data: { user: 'me', apiToken: 'good-token-123' } });
    expect(created).not.toHaveProperty('data');
    expect(JSON.stringify(await service.list())).not.toContain('good-token-123');
    expect(JSON.stringify(await service.get(created.id))).not.toContain('good-token-123');
    expect(await service.resolve({ credentialId: created.id, type: 'test.api', nodeId: 'n' })).toEqual({ user: 'me', apiToken: 'good-token-123' });
    await expect(service.resolve({ credentialId: created.id, type: 'other', nodeId: 'n' })).rejects.toMatchObject({ code: 'CREDENTIAL_TYPE_MISMATCH' });
    const renamed = await service.update(created.id, { name: 'Renamed', data: { user: 'you' } });
    expect(renamed.name).toBe('Renamed');
    expect(await service.resolve({ credentialId: created.id, type: 'test.api', nodeId: 'n' })).toEqual({ user: 'you', apiToken: 'good-token-123' });
    expect(await service.delete(created.id)).toBe(true);
    expect(await service.get(created.id)).toBeUndefined();
  });

  it('validates data against the type and reports paths', async () => {
    await expect(service.create({ name: 'x', type: 'test.api', data: { user: 'me' } })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'data.apiToken', message: expect.any(String) }],
    });
    await expect(service.create({ name: 'x', type: 'nope', data: {} })).rejects.toMatchObject({ code: 'UNKNOWN_TYPE' });
  });

  it('tests a credential with its type, redacting the secret from the failure message', async () => {
    const good = await service.create({ name: 'g', type: 'test.api', data: { user: 'me', apiToken: 'good-token-123' } });
    expect(await service.test(good.id, { http })).toEqual({ status: 'ok' });
    const bad = await service.create({ name: 'b', type: 'test.api', data: { user: 'me', apiToken: 'bad-token-456' } });
    expect(await service.test(bad.id, { http })).toEqual({ status: 'failed', message: 'token [redacted] rejected' });
    expect(service.secretValues('test.api', { user: 'me', apiToken: 'bad-token-456' })).toEqual(['bad-token-456']);
  });

  it('keeps the secret out of the database files', async () => {
    if (backend.name !== 'sqlite') return;
    await service.create({ name: 'g', type: 'test.api', data: { user: 'me', apiToken: 'very-secret-value-9911' } });
    for (const file of readdirSync(dataDir)) expect(readFileSync(join(dataDir, file)).includes('very-secret-value-9911')).toBe(false);
  });
});
