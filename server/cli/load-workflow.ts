import path from 'node:path';
import { parseWorkflowText, validateWorkflow } from '../engine/index.js';
import type { NodeRegistry } from '../engine/registry.js';
import type { Workflow } from '../engine/workflow/schema.js';
import { readSource } from './read-source.js';

/** A problem found in a workflow file, as `flowwerk validate` prints it: `path: message`. */
export interface Problem {
  readonly path: string;
  readonly message: string;
}

export type LoadedWorkflow =
  | { readonly ok: true; readonly workflow: Workflow; readonly file: string }
  | { readonly ok: false; readonly problems: readonly Problem[]; readonly file: string };

/**
 * Reads, parses and validates a workflow file against the registry. A missing file throws a CliError (exit 2);
 * malformed JSON (with line/column), schema and graph problems come back all at once as `problems`.
 */
export async function loadWorkflowFile(file: string, registry: NodeRegistry): Promise<LoadedWorkflow> {
  const absolute = path.resolve(file);
  const text = await readSource(file, 'workflow file');
  const parsed = parseWorkflowText(text);
  if (!parsed.ok) return { ok: false, problems: parsed.problems, file: absolute };
  const validated = validateWorkflow(parsed.value, registry);
  if (!validated.ok) return { ok: false, problems: validated.problems, file: absolute };
  return { ok: true, workflow: validated.workflow, file: absolute };
}

/** `path: message`; a problem of the whole file (empty path, e.g. malformed JSON) is shown under `whole` if given. */
export function formatProblem(problem: Problem, whole?: string): string {
  const path = problem.path === '' ? whole : problem.path;
  return path === undefined ? problem.message : `${path}: ${problem.message}`;
}
