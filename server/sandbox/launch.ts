import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * How a sandbox process is started: the runner script's path and the Node flags that confine it.
 * Reads allowed: the runner file and the packages it loads (vm2 and its acorn deps, luxon). Nothing else:
 * no writes, no child processes, no worker threads, no native addons (permission model defaults), an empty
 * environment, a V8 heap limit.
 */

export interface LaunchConfig {
  readonly heapMb: number;
  readonly allowModules: readonly string[];
  readonly maxOutputBytes: number;
  readonly maxLogBytes: number;
}

export interface LaunchSpec {
  readonly command: string;
  readonly args: readonly string[];
}

/** The runner is plain CommonJS beside the sources; from `dist/server/sandbox/` it is found in `server/sandbox/`. */
export function runnerPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'runner.cjs'), join(here, '..', '..', '..', 'server', 'sandbox', 'runner.cjs')];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found === undefined) throw new Error(`sandbox runner not found (looked in ${candidates.join(', ')})`);
  return found;
}

function packageDir(require: NodeJS.Require, name: string, from?: string): string {
  const resolved = require.resolve(`${name}/package.json`, from === undefined ? undefined : { paths: [from] });
  return dirname(resolved);
}

/** `--permission` from Node 22 on, `--experimental-permission` on Node 20/21. */
export function permissionFlag(version: string = process.versions.node): string {
  const major = Number(version.split('.')[0]);
  return major >= 22 ? '--permission' : '--experimental-permission';
}

export function launchSpec(config: LaunchConfig): LaunchSpec {
  const runner = runnerPath();
  const require = createRequire(runner);
  const vm2 = packageDir(require, 'vm2');
  const readable = [runner, vm2, packageDir(require, 'acorn', vm2), packageDir(require, 'acorn-walk', vm2)];
  const luxonPath = require.resolve('luxon');
  readable.push(dirname(luxonPath));
  // One flag per path: Node 20.20 and 22+ accumulate repeated flags (a comma list is not split on 20.20).
  const readFlags = readable.map((path) => `--allow-fs-read=${path}`);
  const runnerConfig = {
    luxonPath,
    allowModules: config.allowModules,
    maxOutputBytes: config.maxOutputBytes,
    maxLogBytes: config.maxLogBytes,
  };
  return {
    command: process.execPath,
    args: [
      permissionFlag(),
      ...readFlags,
      '--no-addons',
      '--no-warnings',
      '--disallow-code-generation-from-strings',
      `--max-old-space-size=${config.heapMb}`,
      runner,
      JSON.stringify(runnerConfig),
    ],
  };
}
