import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { runFlowwerk, tempDir } from './services.js';

/**
 * `flowwerk start` with a database it cannot use stops at once: exit 2 and one line on stderr naming
 * FLOWWERK_DATABASE_URL and the reason, never a stack trace or the password.
 */

const dir = tempDir('startup-errors');
afterAll(() => dir.remove());

/** A local port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function startWith(databaseUrl: string): Promise<{ code: number | string; line: string; stderr: string }> {
  const result = await runFlowwerk(['start', '--port', '0', '--data-dir', dir.path], { FLOWWERK_DATABASE_URL: databaseUrl });
  const lines = result.stderr.split('\n').filter((line) => line.trim() !== '');
  return { code: result.code, line: lines[0] ?? '', stderr: result.stderr };
}

describe('start-up errors for the PostgreSQL store', () => {
  it('a URL that is not postgres:// names the variable', { timeout: 40_000 }, async () => {
    const result = await startWith('mysql://root@127.0.0.1/test');
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.line).toMatch(/FLOWWERK_DATABASE_URL: must be a postgres:\/\/ URL/);
  });

  it('an unreachable server', { timeout: 40_000 }, async () => {
    const port = await closedPort();
    const result = await startWith(`postgres://postgres:s3cret-pw@127.0.0.1:${port}/test`);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.line).toMatch(new RegExp(`FLOWWERK_DATABASE_URL: .*PostgreSQL at .*127\\.0\\.0\\.1:${port}.*ECONNREFUSED`));
    expect(result.stderr).not.toContain('s3cret-pw');
  });

  it('an unknown host', { timeout: 40_000 }, async () => {
    const result = await startWith('postgres://postgres@no-such-host.invalid:5432/test');
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.line).toMatch(/FLOWWERK_DATABASE_URL: .*PostgreSQL at .*no-such-host\.invalid.*(ENOTFOUND|EAI_AGAIN)/);
  });

  it('wrong credentials (a role the server does not know)', { timeout: 40_000 }, async () => {
    const result = await startWith('postgres://no_such_role_fw:wrong-pw@127.0.0.1:5432/test');
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.line).toMatch(/FLOWWERK_DATABASE_URL: .*PostgreSQL at .*(role "no_such_role_fw" does not exist|password authentication failed)/);
    expect(result.stderr).not.toContain('wrong-pw');
  });

  it('a database that does not exist', { timeout: 40_000 }, async () => {
    const result = await startWith('postgres://postgres@127.0.0.1:5432/no_such_database_fw');
    expect(result.code).toBe(2);
    expect(result.line).toMatch(/FLOWWERK_DATABASE_URL: .*PostgreSQL at .*database "no_such_database_fw" does not exist/);
  });

  it('a malformed URL', { timeout: 40_000 }, async () => {
    const result = await startWith('postgres://postgres@127.0.0.1:notaport/test');
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.line).toMatch(/FLOWWERK_DATABASE_URL/);
  });
});
