import { CliError, type CommandResult } from './cli-error.js';
import { USAGE } from './usage.js';

/**
 * `flowwerk COMMAND ...`: dispatches to one module per command, each imported on demand so that start-up only
 * loads what the command needs. Every failure ends as one line on stderr and exit code 1 or 2 (see CliError).
 */
async function dispatch(argv: readonly string[]): Promise<CommandResult> {
  const [command, ...args] = argv;
  switch (command) {
    case 'run':
      return (await import('./run-command.js')).runCommand(args);
    case 'validate':
      return (await import('./validate-command.js')).validateCommand(args);
    case 'new-node':
      return (await import('./new-node-command.js')).newNodeCommand(args);
    case 'start':
    case 'worker':
    case 'import':
    case 'export':
      return (await import('./server-commands.js')).runServerCommand(command, args);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    case '--version':
    case '-v':
      process.stdout.write(`${await readVersion()}\n`);
      return 0;
    default:
      throw new CliError(`flowwerk: unknown command ${JSON.stringify(command)} (see flowwerk --help)`);
  }
}

async function readVersion(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(new URL('../../../package.json', import.meta.url), 'utf8');
  const parsed: unknown = JSON.parse(text);
  return typeof parsed === 'object' && parsed !== null && 'version' in parsed ? String(parsed.version) : 'unknown';
}

function report(error: unknown): CommandResult {
  if (error instanceof CliError) {
    process.stderr.write(`${error.message}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`flowwerk: internal error: ${message.split('\n')[0] ?? message}\n`);
  if (process.env.FLOWWERK_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return 1;
}

/** Sets the exit code and lets pending stdout drain; a command may ask for a hard exit (open handles). */
async function main(): Promise<void> {
  let code: CommandResult;
  try {
    code = await dispatch(process.argv.slice(2));
  } catch (error) {
    code = report(error);
  }
  process.exitCode = code;
  // For benchmarks: peak resident set size of this process, in KiB.
  if (process.env.FLOWWERK_REPORT_RSS === '1') process.stderr.write(`flowwerk: maxRSS ${process.resourceUsage().maxRSS} KiB\n`);
}

await main();
