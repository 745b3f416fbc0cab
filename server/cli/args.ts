import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './cli-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `node:util` parseArgs in strict mode, with its errors (unknown option, missing value) turned into one-line
 * CliErrors that name the command and point at `--help`.
 */
export function parseCommandArgs<O extends Options>(command: string, args: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CliError(`flowwerk ${command}: ${firstLine(message)} (see flowwerk --help)`);
  }
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? text;
  return line.replace(/\. To specify a positional argument.*$/, '').replace(/\.$/, '');
}

/** Exactly `count` positionals, else a usage CliError. */
export function expectPositionals(command: string, positionals: readonly string[], names: readonly string[]): string[] {
  if (positionals.length < names.length) {
    throw new CliError(`flowwerk ${command}: missing ${names.slice(positionals.length).join(' ')} (usage: flowwerk ${command} ${names.join(' ')})`);
  }
  if (positionals.length > names.length) {
    throw new CliError(`flowwerk ${command}: unexpected argument ${JSON.stringify(positionals[names.length])}`);
  }
  return [...positionals];
}
