import { describe, expect, it } from 'vitest';
import { flowwerk } from './cli-process.js';

describe('flowwerk usage', () => {
  it('prints help with exit 0 for --help and exit 2 without a command', async () => {
    const help = await flowwerk(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('flowwerk run FILE.json');
    expect(help.stdout).toContain('flowwerk validate FILE.json');
    expect(help.stdout).toContain('flowwerk worker [--concurrency N]');
    expect(help.stdout).toContain('[--role main|webhook]');
    const none = await flowwerk([]);
    expect(none.code).toBe(2);
    expect(none.stdout).toContain('Usage:');
  });

  it('exit 2 with one line for an unknown command', async () => {
    const result = await flowwerk(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('flowwerk: unknown command "frobnicate" (see flowwerk --help)\n');
  });

  it('prints the package version', async () => {
    const result = await flowwerk(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('dispatches start to the server module: a bad --port is one line and exit 2', async () => {
    const result = await flowwerk(['start', '--port', 'abc']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('--port');
  });
});
