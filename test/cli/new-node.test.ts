import { spawn } from 'node:child_process';
import { mkdir, readFile, symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flowwerk, reportOf, repoRoot } from './cli-process.js';
import { tempDir } from './fixtures.js';

let files: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  files = await tempDir();
});
afterEach(async () => {
  await files.remove();
});

/** Runs `node SCRIPT ...args` in `cwd`; resolves with exit code and output. */
function node(script: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** What `npm install` of the scaffold gives it, linked from this repository (no network). */
async function linkDependencies(packageDir: string): Promise<void> {
  const modules = path.join(packageDir, 'node_modules');
  await mkdir(path.join(modules, '@types'), { recursive: true });
  await symlink(repoRoot, path.join(modules, 'flowwerk'), 'dir');
  for (const name of ['zod', 'vitest', 'typescript', '@types/node']) {
    await symlink(path.join(repoRoot, 'node_modules', name), path.join(modules, name), 'dir');
  }
}

describe('flowwerk new-node', () => {
  it('scaffolds the nodes/README.md example as a package whose test passes, which builds and runs in flowwerk', async () => {
    const created = await flowwerk(['new-node', 'acme-gross-price', '--dir', files.dir]);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('node type acmeGrossPrice');
    const packageDir = path.join(files.dir, 'acme-gross-price');

    const packageJson = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8'));
    expect(packageJson).toMatchObject({ name: 'acme-gross-price', type: 'module', main: 'dist/index.js', scripts: { test: 'vitest run' } });
    const source = await readFile(path.join(packageDir, 'src', 'index.ts'), 'utf8');
    expect(source).toContain("type: 'acmeGrossPrice'");
    expect(source).not.toMatch(/__[A-Z_]+__/);

    await linkDependencies(packageDir);
    const tested = await node(path.join(packageDir, 'node_modules', 'vitest', 'vitest.mjs'), ['run'], packageDir);
    expect(tested.output).toMatch(/3 passed/);
    expect(tested.code).toBe(0);

    const built = await node(path.join(packageDir, 'node_modules', 'typescript', 'bin', 'tsc'), ['-p', 'tsconfig.json'], packageDir);
    expect(built.output).toBe('');
    expect(built.code).toBe(0);

    const workflow = await files.write('uses-node.json', {
      nodes: [
        { id: 'start', type: 'manual' },
        { id: 'gross', type: 'acmeGrossPrice', params: { rate: 7 } },
      ],
      connections: [{ from: 'start', to: 'gross' }],
    });
    const ran = await flowwerk(['run', workflow, '--input', '-'], { stdin: '{"net": 100}', env: { FLOWWERK_CUSTOM_NODES: packageDir } });
    expect(ran.stderr).toBe('');
    expect(reportOf(ran).output).toEqual([{ net: 100, gross: 107 }]);
  });

  it('refuses a non-empty target folder and invalid names with exit 2', async () => {
    await files.write('taken/file.txt', 'x');
    const taken = await flowwerk(['new-node', 'taken', '--dir', files.dir]);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toBe(`flowwerk new-node: ${path.join(files.dir, 'taken')} exists and is not empty\n`);
    const invalid = await flowwerk(['new-node', 'Bad Name', '--dir', files.dir]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('invalid package name "Bad Name"');
    const missing = await flowwerk(['new-node']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('flowwerk new-node: missing NAME (usage: flowwerk new-node NAME)\n');
  });

  it('makes a camelCase node type from a scoped name and writes into ./NAME', async () => {
    const created = await flowwerk(['new-node', '@acme/flowwerk-stock-sync', '--dir', files.dir]);
    expect(created.code).toBe(0);
    const packageJson = JSON.parse(await readFile(path.join(files.dir, 'flowwerk-stock-sync', 'package.json'), 'utf8'));
    expect(packageJson.name).toBe('@acme/flowwerk-stock-sync');
    const source = await readFile(path.join(files.dir, 'flowwerk-stock-sync', 'src', 'index.ts'), 'utf8');
    expect(source).toContain("type: 'flowwerkStockSync'");
  });
});
