import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCommandArgs, expectPositionals } from './args.js';
import { CliError, type CommandResult } from './cli-error.js';

/**
 * `flowwerk new-node NAME [--dir DIR]`: writes the example node package of nodes/README.md (package.json,
 * src/index.ts, src/index.test.ts, tsconfig.json, README.md) into DIR/NAME (DIR defaults to the current folder),
 * with NAME as the package name and its camelCase form as the node type. The target must not exist or be
 * empty. Prints the files written and the next steps.
 */
const NAME_PATTERN = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

/** Template files (under nodes/template/, suffix `.tmpl`) and where they go in the package. */
const FILES: readonly (readonly [template: string, target: string])[] = [
  ['package.json.tmpl', 'package.json'],
  ['tsconfig.json.tmpl', 'tsconfig.json'],
  ['README.md.tmpl', 'README.md'],
  ['src/index.ts.tmpl', 'src/index.ts'],
  ['src/index.test.ts.tmpl', 'src/index.test.ts'],
];

export interface Scaffold {
  readonly packageName: string;
  readonly nodeType: string;
  readonly displayName: string;
  readonly dir: string;
}

export async function newNodeCommand(args: readonly string[]): Promise<CommandResult> {
  const { values, positionals } = parseCommandArgs('new-node', args, { dir: { type: 'string' } });
  const [name = ''] = expectPositionals('new-node', positionals, ['NAME']);
  const scaffold = planScaffold(name, values.dir ?? process.cwd());
  const written = await writeScaffold(scaffold);
  const shown = path.relative(process.cwd(), scaffold.dir) || '.';
  process.stdout.write(
    `created node package ${scaffold.packageName} (node type ${scaffold.nodeType}) in ${shown}:\n` +
      written.map((file) => `  ${file}\n`).join('') +
      `next: cd ${shown} && npm install && npm test\n`,
  );
  return 0;
}

export function planScaffold(name: string, parentDir: string): Scaffold {
  if (!NAME_PATTERN.test(name)) {
    throw new CliError(`flowwerk new-node: invalid package name ${JSON.stringify(name)} (lowercase letters, digits, - . _ ~, optionally @scope/)`);
  }
  const base = name.includes('/') ? name.slice(name.indexOf('/') + 1) : name;
  const words = base.split(/[^a-z0-9]+/).filter((word) => word !== '');
  const nodeType = words.map((word, index) => (index === 0 ? word : word.charAt(0).toUpperCase() + word.slice(1))).join('');
  if (!/^[a-z][A-Za-z0-9]*$/.test(nodeType)) {
    throw new CliError(`flowwerk new-node: ${JSON.stringify(name)} must start with a letter to make a node type`);
  }
  const displayName = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(' ');
  return { packageName: name, nodeType, displayName, dir: path.resolve(parentDir, base) };
}

async function writeScaffold(scaffold: Scaffold): Promise<string[]> {
  const existing = await readdir(scaffold.dir).catch(() => undefined);
  if (existing !== undefined && existing.length > 0) {
    throw new CliError(`flowwerk new-node: ${scaffold.dir} exists and is not empty`);
  }
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const replacements = await placeholders(scaffold, root);
  await mkdir(path.join(scaffold.dir, 'src'), { recursive: true });
  for (const [template, target] of FILES) {
    const text = await readFile(path.join(root, 'nodes', 'template', template), 'utf8');
    await writeFile(path.join(scaffold.dir, target), fill(text, replacements));
  }
  return FILES.map(([, target]) => target);
}

function fill(text: string, replacements: ReadonlyMap<string, string>): string {
  return text.replace(/__[A-Z_]+__/g, (placeholder) => replacements.get(placeholder) ?? placeholder);
}

async function placeholders(scaffold: Scaffold, root: string): Promise<Map<string, string>> {
  const versions = await dependencyVersions(root);
  return new Map([
    ['__PACKAGE_NAME__', scaffold.packageName],
    ['__NODE_TYPE__', scaffold.nodeType],
    ['__DISPLAY_NAME__', scaffold.displayName],
    // The local flowwerk this command runs from; replace with a registry version when publishing.
    ['__FLOWWERK_DEPENDENCY__', `file:${root.replace(/\/$/, '')}`],
    ['__ZOD_VERSION__', versions.get('zod') ?? '^4.0.0'],
    ['__TYPESCRIPT_VERSION__', versions.get('typescript') ?? '^5.0.0'],
    ['__VITEST_VERSION__', versions.get('vitest') ?? '^4.0.0'],
  ]);
}

async function dependencyVersions(root: string): Promise<Map<string, string>> {
  const parsed: unknown = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
  const versions = new Map<string, string>();
  if (typeof parsed !== 'object' || parsed === null) return versions;
  for (const key of ['dependencies', 'devDependencies'] as const) {
    const section: unknown = key in parsed ? Reflect.get(parsed, key) : undefined;
    if (typeof section !== 'object' || section === null) continue;
    for (const [name, version] of Object.entries(section)) if (typeof version === 'string') versions.set(name, version);
  }
  return versions;
}
