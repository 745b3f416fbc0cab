import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { NodeDefinition } from '../../nodes/sdk/index.js';

/**
 * Custom node packages. Each folder of `FLOWWERK_CUSTOM_NODES` is either a package (it has a package.json) or
 * holds packages (its sub-folders, including `@scope/name`). A package's entry (`exports["."]`, else `main`,
 * else index.js) default-exports a NodeDefinition (made with `defineNode`) or an array of them. A package that
 * fails to load or export valid nodes is reported with its path and skipped; it never stops the server.
 */

export interface LoadedPackage {
  readonly dir: string;
  readonly name: string;
  readonly nodes: readonly NodeDefinition[];
}

export interface PackageFailure {
  readonly dir: string;
  readonly message: string;
}

export interface CustomNodesResult {
  readonly packages: readonly LoadedPackage[];
  readonly failures: readonly PackageFailure[];
}

export interface CustomNodesLogger {
  info(data: Record<string, unknown>, message: string): void;
  warn(data: Record<string, unknown>, message: string): void;
}

interface PackageJson {
  readonly name?: unknown;
  readonly main?: unknown;
  readonly exports?: unknown;
}

function readPackageJson(dir: string): PackageJson {
  const parsed: unknown = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  if (typeof parsed !== 'object' || parsed === null) throw new Error('package.json is not an object');
  return parsed;
}

function exportTarget(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  for (const key of ['.', 'import', 'default', 'node', 'require']) {
    const target = exportTarget(record[key]);
    if (target !== undefined) return target;
  }
  return undefined;
}

/** The file a package's default export comes from. */
export function entryOf(dir: string, pkg: PackageJson): string {
  const target = exportTarget(pkg.exports) ?? (typeof pkg.main === 'string' ? pkg.main : undefined) ?? 'index.js';
  const file = path.resolve(dir, target);
  if (!existsSync(file)) throw new Error(`entry ${target} does not exist (build the package first?)`);
  return file;
}

/** Package folders found under one configured folder. */
export function findPackages(root: string): string[] {
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new Error('not a folder');
  if (existsSync(path.join(root, 'package.json'))) return [root];
  const found: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory() || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const dir = path.join(root, entry.name);
    if (existsSync(path.join(dir, 'package.json'))) found.push(dir);
    else if (entry.name.startsWith('@')) {
      for (const scoped of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        if (scoped.isDirectory() && existsSync(path.join(dir, scoped.name, 'package.json'))) found.push(path.join(dir, scoped.name));
      }
    }
  }
  return found;
}

/** Checks the shape `defineNode` produces without relying on `instanceof` (a package may bundle its own zod). */
export function asNodeDefinition(value: unknown, where: string): NodeDefinition {
  if (typeof value !== 'object' || value === null) throw new Error(`${where} is not an object`);
  const candidate = value as Record<string, unknown>;
  if (candidate.__node !== true) throw new Error(`${where} was not made with defineNode`);
  if (typeof candidate.type !== 'string' || !/^[A-Za-z][\w.-]*$/.test(candidate.type)) throw new Error(`${where} has no valid type`);
  if (typeof candidate.run !== 'function') throw new Error(`${where} (${candidate.type}) has no run function`);
  const params = candidate.params as { safeParse?: unknown } | undefined;
  if (typeof params !== 'object' || params === null || typeof params.safeParse !== 'function') {
    throw new Error(`${where} (${candidate.type}) params is not a zod schema`);
  }
  return value as NodeDefinition;
}

async function importEntry(file: string): Promise<unknown> {
  if (/\.(c|m)?tsx?$/.test(file)) {
    // TypeScript entries need a loader; tsx is present in development installs.
    const tsx: { tsImport?: (specifier: string, parent: string) => Promise<unknown> } = await import('tsx/esm/api').catch(() => ({}));
    if (tsx.tsImport === undefined) throw new Error('entry is TypeScript; build it to JavaScript first');
    return tsx.tsImport(pathToFileURL(file).href, import.meta.url);
  }
  return import(pathToFileURL(file).href);
}

export async function loadPackage(dir: string): Promise<LoadedPackage> {
  const pkg = readPackageJson(dir);
  const file = entryOf(dir, pkg);
  const module_ = (await importEntry(file)) as { default?: unknown };
  let exported = module_.default;
  // A CommonJS or TS-compiled module may nest the default once more.
  if (typeof exported === 'object' && exported !== null && !Array.isArray(exported) && 'default' in exported && !('__node' in exported)) {
    exported = (exported as { default: unknown }).default;
  }
  if (exported === undefined) throw new Error(`${path.relative(dir, file)} has no default export`);
  const list = Array.isArray(exported) ? exported : [exported];
  if (list.length === 0) throw new Error('default export is an empty array');
  const nodes = list.map((value, index) => asNodeDefinition(value, Array.isArray(exported) ? `default export [${index}]` : 'default export'));
  return { dir, name: typeof pkg.name === 'string' ? pkg.name : path.basename(dir), nodes };
}

/**
 * Loads every package of every folder. `reserved` holds types already taken (the built-ins): a package that
 * redefines one is skipped, as is a package whose type another custom package already took.
 */
export async function loadCustomNodes(dirs: readonly string[], reserved: ReadonlySet<string>, logger?: CustomNodesLogger): Promise<CustomNodesResult> {
  const packages: LoadedPackage[] = [];
  const failures: PackageFailure[] = [];
  const taken = new Set(reserved);
  const fail = (dir: string, message: string): void => {
    failures.push({ dir, message });
    logger?.warn({ path: dir, error: message }, 'custom node package skipped');
  };
  for (const root of dirs) {
    let found: string[];
    try {
      found = findPackages(root);
    } catch (error) {
      fail(root, error instanceof Error ? error.message : String(error));
      continue;
    }
    for (const dir of found) {
      try {
        const loaded = await loadPackage(dir);
        const clash = loaded.nodes.find((node) => taken.has(node.type));
        if (clash !== undefined) throw new Error(`node type ${clash.type} is already defined`);
        const types = loaded.nodes.map((node) => node.type);
        if (new Set(types).size !== types.length) throw new Error('exports the same node type twice');
        for (const type of types) taken.add(type);
        packages.push(loaded);
        logger?.info({ path: dir, package: loaded.name, types }, 'custom nodes loaded');
      } catch (error) {
        fail(dir, error instanceof Error ? error.message : String(error));
      }
    }
  }
  return { packages, failures };
}
