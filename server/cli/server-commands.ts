import { CliError, type CommandResult } from './cli-error.js';

/**
 * Commands served by the server package (`server/app/`), loaded on demand so that `run` and `validate` start
 * fast and the CLI works before the server exists. The module must export `runCliCommand(name, args)`
 * resolving to an exit code; a missing module or export reports "not available yet" with exit 2.
 */
export type ServerCommand = 'start' | 'worker' | 'import' | 'export';

const SERVER_CLI_MODULE = '../app/cli.js';

interface ServerCliModule {
  runCliCommand(command: ServerCommand, args: readonly string[]): Promise<number>;
}

export async function runServerCommand(command: ServerCommand, args: readonly string[]): Promise<CommandResult> {
  const loaded = await loadServerModule();
  if (loaded === undefined) {
    throw new CliError(`flowwerk ${command}: not available yet in this build (the server module is missing)`);
  }
  const code = await loaded.runCliCommand(command, args);
  return code === 0 ? 0 : code === 1 ? 1 : 2;
}

async function loadServerModule(): Promise<ServerCliModule | undefined> {
  let module: unknown;
  try {
    module = await import(SERVER_CLI_MODULE);
  } catch (error) {
    if (isModuleNotFound(error)) return undefined;
    throw error;
  }
  return isServerCliModule(module) ? module : undefined;
}

function isServerCliModule(value: unknown): value is ServerCliModule {
  return typeof value === 'object' && value !== null && 'runCliCommand' in value && typeof value.runCliCommand === 'function';
}

function isModuleNotFound(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  if (error.code !== 'ERR_MODULE_NOT_FOUND') return false;
  // Only the server module itself missing counts; a missing dependency inside it is a real error.
  return 'message' in error && typeof error.message === 'string' && error.message.includes('/app/cli.js');
}
