import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config/index.js';
import { formatProblem, loadWorkflowFile } from '../cli/load-workflow.js';
import { loadRegistry } from '../cli/registry.js';
import type { Workflow } from '../engine/workflow/schema.js';
import type { Store } from '../store/index.js';
import { openConfiguredStore } from './preflight.js';

/**
 * `flowwerk import FILE_OR_DIR` and `flowwerk export [--out DIR]`: workflows into and out of the configured store
 * (SQLite in the data dir, or FLOWWERK_DATABASE_URL) as the same JSON the files and the API use.
 *
 * Import is all or nothing: every file is read and validated first; one bad file stores nothing (exit 2, every
 * problem as `file: path: message`). A known id gets a new version only when its content changed; a new one is
 * created inactive. A server running at the same time picks up new versions of active workflows at its next start.
 */

export interface TransferIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

const SKIPPED = /(\.input\.json|\.schema\.json)$/;

/** The workflow files under `source` (a file, or every *.json below a folder except inputs and schemas), sorted. */
async function workflowFiles(source: string): Promise<string[] | undefined> {
  const info = await stat(source).catch(() => undefined);
  if (info === undefined) return undefined;
  if (info.isFile()) return [source];
  const entries = await readdir(source, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json') && !SKIPPED.test(entry.name) && !entry.parentPath.split(path.sep).includes('node_modules'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

const idFromFile = (file: string): string => path.basename(file, '.json').replace(/[^A-Za-z0-9_.-]+/g, '-');

/** The stored form without store-assigned fields, for the "changed?" comparison and for export. */
const comparable = (workflow: Workflow): string => JSON.stringify(workflow);

export async function importWorkflows(source: string, options: { readonly dataDir?: string; readonly env?: NodeJS.ProcessEnv }, io: TransferIo): Promise<number> {
  const config = loadConfig(options.env ?? process.env, { ...(options.dataDir !== undefined && { dataDir: options.dataDir }) });
  const registry = await loadRegistry(options.env ?? process.env);
  const files = await workflowFiles(source);
  if (files === undefined) {
    io.err(`flowwerk import: ${source} does not exist`);
    return 2;
  }
  if (files.length === 0) {
    io.err(`flowwerk import: no workflow files (*.json) in ${source}`);
    return 2;
  }
  const loaded: { file: string; workflow: Workflow & { id: string } }[] = [];
  let problems = 0;
  for (const file of files) {
    const result = await loadWorkflowFile(file, registry);
    const relative = path.relative(process.cwd(), result.file);
    const shown = relative === '' || relative.startsWith('..') ? result.file : relative;
    if (!result.ok) {
      for (const problem of result.problems) io.err(`${shown}: ${formatProblem(problem, '(file)')}`);
      problems += result.problems.length;
      continue;
    }
    loaded.push({ file: shown, workflow: { ...result.workflow, id: result.workflow.id ?? idFromFile(file) } });
  }
  const seen = new Map<string, string>();
  for (const { file, workflow } of loaded) {
    const other = seen.get(workflow.id);
    if (other !== undefined) {
      io.err(`${file}: id: "${workflow.id}" is also the id of ${other}`);
      problems++;
    }
    seen.set(workflow.id, file);
  }
  if (problems > 0) {
    io.err(`flowwerk import: ${problems} problem(s); nothing imported`);
    return 2;
  }
  const store = await openConfiguredStore(config);
  try {
    for (const { file, workflow } of loaded) {
      const current = await store.workflows.get(workflow.id);
      if (current === undefined) {
        const created = await store.workflows.create(workflow);
        io.out(`${workflow.id}: created (version ${created.version}, inactive) from ${file}`);
      } else if (comparable({ ...current.workflow, id: workflow.id }) === comparable(workflow)) {
        io.out(`${workflow.id}: unchanged (version ${current.version}) from ${file}`);
      } else {
        const saved = await store.workflows.save(workflow.id, workflow);
        io.out(`${workflow.id}: updated to version ${saved.version}${saved.active ? ' (active: a running server uses it after its next start)' : ''} from ${file}`);
      }
    }
  } finally {
    await store.close();
  }
  return 0;
}

async function allWorkflows(store: Store): Promise<(Workflow & { id: string })[]> {
  const out: (Workflow & { id: string })[] = [];
  let cursor: string | null = null;
  do {
    const page = await store.workflows.list({ limit: 500, ...(cursor !== null && { cursor }) });
    for (const summary of page.data) {
      const stored = await store.workflows.get(summary.id);
      if (stored !== undefined) out.push(stored.workflow);
    }
    cursor = page.nextCursor;
  } while (cursor !== null);
  return out;
}

/** Writes `<id>.json` per workflow into `out`, or one JSON array to stdout without it. */
export async function exportWorkflows(options: { readonly out?: string; readonly dataDir?: string; readonly env?: NodeJS.ProcessEnv }, io: TransferIo): Promise<number> {
  const config = loadConfig(options.env ?? process.env, { ...(options.dataDir !== undefined && { dataDir: options.dataDir }) });
  const store = await openConfiguredStore(config);
  let workflows: (Workflow & { id: string })[];
  try {
    workflows = await allWorkflows(store);
  } finally {
    await store.close();
  }
  if (options.out === undefined) {
    io.out(JSON.stringify(workflows, null, 2));
    return 0;
  }
  await mkdir(options.out, { recursive: true });
  for (const workflow of workflows) {
    const file = path.join(options.out, `${idFromFile(workflow.id)}.json`);
    await writeFile(file, `${JSON.stringify(workflow, null, 2)}\n`);
    io.err(`${workflow.id} → ${file}`);
  }
  io.err(`flowwerk export: ${workflows.length} workflow(s) written to ${options.out}`);
  return 0;
}
