import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../server/store/sqlite/open.js';
import { repoRoot } from '../cli/cli-process.js';

/**
 * Two processes adjusting one SQLite file at once (each with its own connection): the single-writer lock and the
 * conditional decrement keep the total at the stock. Uses the compiled store in dist/ (`npm test` builds it).
 */
const openUrl = pathToFileURL(path.join(repoRoot, 'dist', 'server', 'store', 'sqlite', 'open.js')).href;

const child = `
const { openSqliteStore } = await import(${JSON.stringify(openUrl)});
const [dataDir, tag, count] = process.argv.slice(1);
const store = await openSqliteStore({ dataDir });
const results = await Promise.all(Array.from({ length: Number(count) }, (_, i) =>
  store.stock.adjust({ reason: 'race', executionId: tag, idempotencyKey: tag + ':' + i, direction: 'decrement', lines: [{ sku: 'HOT', qty: 1 }] })));
await store.close();
process.stdout.write(JSON.stringify(results.map((r) => r.applied.length)));
`;

function run(dataDir: string, tag: string, count: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--input-type=module', '-e', child, dataDir, tag, String(count)], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    let out = '';
    let err = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    proc.on('error', reject);
    proc.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as number[]) : reject(new Error(`child ${tag} exited ${code}: ${err}`))));
  });
}

describe('stock ledger across processes (SQLite)', () => {
  let dataDir = '';
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('two processes × 60 decrements on stock 30: exactly 30 applied, stock 0', async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'flowwerk-stock-race-'));
    const setup = await openSqliteStore({ dataDir });
    await setup.stock.set('HOT', 30, { reason: 'setup', executionId: null, idempotencyKey: 'setup' });
    await setup.close();

    const [a, b] = await Promise.all([run(dataDir, 'a', 60), run(dataDir, 'b', 60)]);
    const applied = [...(a ?? []), ...(b ?? [])].filter((n) => n === 1).length;
    expect(applied).toBe(30);

    const store = await openSqliteStore({ dataDir });
    try {
      expect(await store.stock.get(['HOT'])).toMatchObject([{ quantity: 0 }]);
      const history = await store.stock.history('HOT', 1000);
      expect(history.filter((entry) => entry.delta === -1)).toHaveLength(30);
      expect(history.every((entry) => entry.quantityAfter >= 0)).toBe(true);
    } finally {
      await store.close();
    }
  });
});
