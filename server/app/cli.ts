import { ConfigError } from '../config/index.js';
import { startServer } from './start.js';

/**
 * Server commands of the CLI (`server/cli/server-commands.ts` loads this module): `start [--port N] [--data-dir DIR]`.
 * Exit codes: 2 for usage or configuration errors (one line on stderr naming the option or variable).
 */

function parseStartArgs(args: readonly string[]): { port?: number; dataDir?: string } | string {
  const out: { port?: number; dataDir?: string } = {};
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = inline ?? args[index + 1];
    if (flag === '--port') {
      if (value === undefined || !/^\d+$/.test(value) || Number(value) > 65535) return `--port: must be an integer 0..65535 (got ${JSON.stringify(value ?? '')})`;
      out.port = Number(value);
    } else if (flag === '--data-dir') {
      if (value === undefined || value === '') return '--data-dir: needs a folder';
      out.dataDir = value;
    } else {
      return `unknown option ${JSON.stringify(arg)} (usage: flowwerk start [--port N] [--data-dir DIR])`;
    }
    if (inline === undefined) index++;
  }
  return out;
}

export async function runCliCommand(command: 'start' | 'worker' | 'import' | 'export', args: readonly string[]): Promise<number> {
  switch (command) {
    case 'start': {
      const parsed = parseStartArgs(args);
      if (typeof parsed === 'string') {
        process.stderr.write(`flowwerk start: ${parsed}\n`);
        return 2;
      }
      try {
        await startServer(parsed);
      } catch (error) {
        if (error instanceof ConfigError) {
          process.stderr.write(`flowwerk start: ${error.message}\n`);
          return 2;
        }
        throw error;
      }
      // Runs until a signal closes it (the handler exits the process).
      return new Promise<number>(() => undefined);
    }
    case 'worker':
    case 'import':
    case 'export':
      process.stderr.write(`flowwerk ${command}: not available in this build yet\n`);
      return 2;
    default: {
      const unreachable: never = command;
      process.stderr.write(`flowwerk: unknown server command ${String(unreachable)}\n`);
      return 2;
    }
  }
}
