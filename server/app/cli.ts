import { ConfigError } from '../config/index.js';
import { startServer } from './start.js';
import { exportWorkflows, importWorkflows } from './transfer.js';
import { startWorker } from './worker.js';

/**
 * Server commands of the CLI (`server/cli/server-commands.ts` loads this module):
 * `start [--port N] [--data-dir DIR] [--role main|webhook]` and `worker [--concurrency N] [--data-dir DIR]`.
 * Exit codes: 2 for usage or configuration errors (one line on stderr naming the option or variable).
 */

const START_USAGE = 'flowwerk start [--port N] [--data-dir DIR] [--role main|webhook]';
const WORKER_USAGE = 'flowwerk worker [--concurrency N] [--data-dir DIR]';
const IMPORT_USAGE = 'flowwerk import FILE_OR_DIR [--data-dir DIR]';
const EXPORT_USAGE = 'flowwerk export [--out DIR] [--data-dir DIR]';

interface Parsed {
  port?: number;
  dataDir?: string;
  role?: 'main' | 'webhook';
  concurrency?: number;
  out?: string;
  positionals: string[];
}

function parseArgs(args: readonly string[], allowed: ReadonlySet<string>, usage: string, positionals = false): Parsed | string {
  const out: Parsed = { positionals: [] };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = inline ?? args[index + 1];
    if (!arg.startsWith('-')) {
      if (!positionals) return `unexpected argument ${JSON.stringify(arg)} (usage: ${usage})`;
      out.positionals.push(arg);
      continue;
    }
    if (!allowed.has(flag ?? '')) return `unknown option ${JSON.stringify(arg)} (usage: ${usage})`;
    if (flag === '--port') {
      if (value === undefined || !/^\d+$/.test(value) || Number(value) > 65535) return `--port: must be an integer 0..65535 (got ${JSON.stringify(value ?? '')})`;
      out.port = Number(value);
    } else if (flag === '--data-dir') {
      if (value === undefined || value === '') return '--data-dir: needs a folder';
      out.dataDir = value;
    } else if (flag === '--role') {
      if (value !== 'main' && value !== 'webhook') return `--role: must be main or webhook (got ${JSON.stringify(value ?? '')})`;
      out.role = value;
    } else if (flag === '--out') {
      if (value === undefined || value === '') return '--out: needs a folder';
      out.out = value;
    } else if (flag === '--concurrency') {
      if (value === undefined || !/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 10_000) {
        return `--concurrency: must be an integer 1..10000 (got ${JSON.stringify(value ?? '')})`;
      }
      out.concurrency = Number(value);
    }
    if (inline === undefined) index++;
  }
  return out;
}

/** Reports a start-up failure as one line; configuration problems (ConfigError) exit 2. */
function startFailed(command: string, error: unknown): number {
  if (error instanceof ConfigError) {
    process.stderr.write(`flowwerk ${command}: ${error.message}\n`);
    // Connections opened before the failure must not keep the process alive.
    setTimeout(() => process.exit(2), 200).unref();
    return 2;
  }
  throw error;
}

const io = {
  out: (line: string) => process.stdout.write(`${line}\n`),
  err: (line: string) => process.stderr.write(`${line}\n`),
};

export async function runCliCommand(command: 'start' | 'worker' | 'import' | 'export', args: readonly string[]): Promise<number> {
  switch (command) {
    case 'start': {
      const parsed = parseArgs(args, new Set(['--port', '--data-dir', '--role']), START_USAGE);
      if (typeof parsed === 'string') {
        process.stderr.write(`flowwerk start: ${parsed}\n`);
        return 2;
      }
      try {
        await startServer({
          ...(parsed.port !== undefined && { port: parsed.port }),
          ...(parsed.dataDir !== undefined && { dataDir: parsed.dataDir }),
          ...(parsed.role !== undefined && { role: parsed.role }),
        });
      } catch (error) {
        return startFailed('start', error);
      }
      // Runs until a signal closes it (the handler exits the process).
      return new Promise<number>(() => undefined);
    }
    case 'worker': {
      const parsed = parseArgs(args, new Set(['--concurrency', '--data-dir']), WORKER_USAGE);
      if (typeof parsed === 'string') {
        process.stderr.write(`flowwerk worker: ${parsed}\n`);
        return 2;
      }
      try {
        await startWorker({
          ...(parsed.dataDir !== undefined && { dataDir: parsed.dataDir }),
          ...(parsed.concurrency !== undefined && { concurrency: parsed.concurrency }),
        });
      } catch (error) {
        return startFailed('worker', error);
      }
      return new Promise<number>(() => undefined);
    }
    case 'import': {
      const parsed = parseArgs(args, new Set(['--data-dir']), IMPORT_USAGE, true);
      const source = typeof parsed === 'string' ? undefined : parsed.positionals;
      if (typeof parsed === 'string' || source?.length !== 1) {
        process.stderr.write(`flowwerk import: ${typeof parsed === 'string' ? parsed : `give one file or folder (usage: ${IMPORT_USAGE})`}\n`);
        return 2;
      }
      try {
        return await importWorkflows(source[0] ?? '', { ...(parsed.dataDir !== undefined && { dataDir: parsed.dataDir }) }, io);
      } catch (error) {
        return startFailed('import', error);
      }
    }
    case 'export': {
      const parsed = parseArgs(args, new Set(['--out', '--data-dir']), EXPORT_USAGE);
      if (typeof parsed === 'string') {
        process.stderr.write(`flowwerk export: ${parsed}\n`);
        return 2;
      }
      try {
        return await exportWorkflows({ ...(parsed.out !== undefined && { out: parsed.out }), ...(parsed.dataDir !== undefined && { dataDir: parsed.dataDir }) }, io);
      } catch (error) {
        return startFailed('export', error);
      }
    }
    default: {
      const unreachable: never = command;
      process.stderr.write(`flowwerk: unknown server command ${String(unreachable)}\n`);
      return 2;
    }
  }
}
