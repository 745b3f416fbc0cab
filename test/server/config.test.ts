import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config/index.js';

describe('config', () => {
  it('uses the contract defaults', () => {
    const config = loadConfig({}, {}, '/srv/app');
    expect(config).toMatchObject({ port: 5680, host: '127.0.0.1', dataDir: '/srv/app/.flowwerk', logLevel: 'info', maxBodyBytes: 16 * 1024 * 1024 });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
  });

  it('reads variables and CLI overrides', () => {
    const config = loadConfig(
      { FLOWWERK_PORT: '7000', FLOWWERK_HOST: '0.0.0.0', FLOWWERK_CUSTOM_NODES: 'a:/b', FLOWWERK_LOG_LEVEL: 'debug', FLOWWERK_TRUST_PROXY: '1', FLOWWERK_DATABASE_URL: 'postgres://x/y' },
      { port: 7001, dataDir: 'data' },
      '/srv',
    );
    expect(config).toMatchObject({ port: 7001, host: '0.0.0.0', dataDir: path.resolve('/srv/data'), customNodeDirs: ['/srv/a', '/b'], logLevel: 'debug', trustProxy: 1, databaseUrl: 'postgres://x/y' });
  });

  it.each([
    ['FLOWWERK_PORT', 'abc'],
    ['FLOWWERK_PORT', '70000'],
    ['FLOWWERK_LOG_LEVEL', 'loud'],
    ['FLOWWERK_DATABASE_URL', 'mysql://x'],
    ['FLOWWERK_REDIS_URL', 'http://x'],
    ['FLOWWERK_ENCRYPTION_KEY', 'short'],
    ['FLOWWERK_CONCURRENCY', '0'],
  ])('stops with one line naming %s=%s', (variable, value) => {
    let error: unknown;
    try {
      loadConfig({ [variable]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message.startsWith(`${variable}: `)).toBe(true);
    expect(message).not.toContain('\n');
  });
});
