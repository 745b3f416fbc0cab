import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root and the compiled CLI entry the tests spawn (`npm test` builds dist/ first). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const flowwerkBin = path.join(repoRoot, 'bin', 'flowwerk.js');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node bin/flowwerk.js ...args` in `cwd` with optional stdin; resolves when it exits (bounded by a timeout). */
export function flowwerk(args: readonly string[], options: { readonly stdin?: string; readonly cwd?: string; readonly env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [flowwerkBin, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 20_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

/** stdout of a `flowwerk run` parsed as its JSON report. */
export function reportOf(result: CliResult): { status: string; executionId: string; output: unknown[]; error?: { node: string; code: string; message: string } } {
  return JSON.parse(result.stdout);
}
