import { readFile } from 'node:fs/promises';
import { CliError } from './cli-error.js';

/** Reads a file as UTF-8 (`-` reads stdin to its end); a missing or unreadable file is a CliError (exit 2). */
export async function readSource(path: string, what: string): Promise<string> {
  if (path === '-') return readStdin();
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    switch (code) {
      case 'ENOENT':
        throw new CliError(`${what} not found: ${path}`);
      case 'EISDIR':
        throw new CliError(`${what} is a directory, not a file: ${path}`);
      case 'EACCES':
        throw new CliError(`${what} is not readable: ${path}`);
      default:
        throw new CliError(`cannot read ${what} ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}
