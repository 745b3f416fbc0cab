import type { z } from 'zod';
import { inputsOf } from '../../../nodes/sdk/index.js';
import type { NodeDefinition } from '../../../nodes/sdk/index.js';
import { buildGraph } from '../compile/graph.js';
import { declaredOutputs } from '../compile/compile-workflow.js';
import { compileValue } from '../expressions/index.js';
import type { NodeRegistry } from '../registry.js';
import { workflowSchema } from './schema.js';
import type { Workflow } from './schema.js';
import { lenientView } from './lenient-view.js';
import type { LooseNode } from './lenient-view.js';
import { containsExpression, formatPath, valueAt } from './paths.js';

export { parseWorkflowText, lineColumn } from './parse-text.js';
export type { ParseTextResult } from './parse-text.js';

/** One problem: where (`nodes[2].type`, `connections[0].output`, `nodes[3].params.url`; '' for the whole) and what. */
export interface ValidationProblem {
  readonly path: string;
  readonly message: string;
}

export type ValidationResult =
  | { readonly ok: true; readonly workflow: Workflow }
  | { readonly ok: false; readonly problems: readonly ValidationProblem[] };

/**
 * Checks a parsed workflow file against format 1 and the registry and reports every problem at once: schema
 * issues, unknown node types, duplicate ids, connections to missing nodes or to outputs/inputs the node type
 * lacks, cycles (naming the nodes), params the node's own schema rejects (issues on values holding `{{ }}`
 * expressions are left to run time), expressions that do not compile, unknown credential slots. Never throws.
 */
export function validateWorkflow(input: unknown, registry: NodeRegistry): ValidationResult {
  try {
    const problems: ValidationProblem[] = [];
    const parsed = workflowSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ path: formatPath(issue.path), message: issue.message });
    }
    checkGraph(lenientView(parsed.success ? parsed.data : input), registry, problems);
    if (problems.length > 0 || !parsed.success) return { ok: false, problems: dedupe(problems) };
    return { ok: true, workflow: parsed.data };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [{ path: '', message: `could not be validated: ${message}` }] };
  }
}

function checkGraph(view: ReturnType<typeof lenientView>, registry: NodeRegistry, problems: ValidationProblem[]): void {
  const firstIndex = new Map<string, number>();
  const definitions = new Map<string, { node: LooseNode; definition: NodeDefinition | undefined }>();
  for (const node of view.nodes) {
    const seen = firstIndex.get(node.id);
    if (seen !== undefined) {
      problems.push({ path: `nodes[${node.index}].id`, message: `duplicate node id "${node.id}" (also nodes[${seen}])` });
      continue;
    }
    firstIndex.set(node.id, node.index);
    const definition = node.type === undefined ? undefined : registry.get(node.type);
    if (node.type !== undefined && definition === undefined) {
      problems.push({ path: `nodes[${node.index}].type`, message: `unknown node type "${node.type}"` });
    }
    definitions.set(node.id, { node, definition });
    if (definition !== undefined) {
      checkParams(node, definition, problems);
      checkCredentials(node, definition, problems);
    }
  }

  const valid: { from: string; output: string; to: string; input: string }[] = [];
  for (const connection of view.connections) {
    const base = `connections[${connection.index}]`;
    const from = definitions.get(connection.from);
    const to = definitions.get(connection.to);
    if (from === undefined) problems.push({ path: `${base}.from`, message: `no node with id "${connection.from}"` });
    if (to === undefined) problems.push({ path: `${base}.to`, message: `no node with id "${connection.to}"` });
    if (from?.definition !== undefined) {
      const outputs = outputsFor(from.node, from.definition);
      if (!outputs.includes(connection.output)) {
        problems.push({
          path: `${base}.output`,
          message: `node "${connection.from}" (${from.definition.type}) has no output "${connection.output}"; it has ${list(outputs)}`,
        });
      }
    }
    if (to?.definition !== undefined) {
      const inputs = inputsOf(to.definition);
      if (!inputs.includes(connection.input)) {
        problems.push({
          path: `${base}.input`,
          message: inputs.length === 0
            ? `node "${connection.to}" (${to.definition.type}) is a trigger and takes no input`
            : `node "${connection.to}" (${to.definition.type}) has no input "${connection.input}"; it has ${list(inputs)}`,
        });
      }
    }
    if (from !== undefined && to !== undefined) valid.push(connection);
  }

  const graph = buildGraph([...firstIndex.keys()], valid);
  if (!graph.ok) {
    const cycle = graph.cycle;
    problems.push({ path: 'connections', message: `cycle between nodes ${cycle.map((id) => `"${id}"`).join(', ')} (${[...cycle, cycle[0]].join(' -> ')})` });
  }
}

function outputsFor(node: LooseNode, definition: NodeDefinition): readonly string[] {
  const parsed = definition.params.safeParse(node.params);
  const declared = declaredOutputs(definition, parsed.success ? parsed.data : node.params);
  return node.onError === 'errorOutput' && !declared.includes('error') ? [...declared, 'error'] : declared;
}

function checkParams(node: LooseNode, definition: NodeDefinition, problems: ValidationProblem[]): void {
  const base = `nodes[${node.index}].params`;
  const literal = new Set<string>(definition.literalParams ?? []);
  const parsed = definition.params.safeParse(node.params);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (heldByExpression(node.params, issue, literal)) continue;
      const param = formatPath(issue.path);
      problems.push({
        path: param === '' ? base : `${base}${param.startsWith('[') ? '' : '.'}${param}`,
        message: `node "${node.id}": ${param === '' ? 'params' : `param "${param}"`}: ${issue.message}`,
      });
    }
  }
  for (const [name, value] of Object.entries(node.params)) {
    if (literal.has(name) || !containsExpression(value)) continue;
    try {
      compileValue(value, { node: node.id, param: name });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      problems.push({ path: `${base}.${name}`, message: `node "${node.id}": param "${name}": ${message}` });
    }
  }
}

/** An issue on a value that is, or sits inside, or contains a `{{ }}` expression: decided only at run time. */
function heldByExpression(params: Readonly<Record<string, unknown>>, issue: z.core.$ZodIssue, literal: ReadonlySet<string>): boolean {
  const path = issue.path;
  const head = path[0];
  if (typeof head === 'string' && literal.has(head)) return false;
  for (let length = path.length; length >= 1; length--) {
    const value = valueAt(params, path.slice(0, length));
    if (value !== undefined && containsExpression(value)) return true;
  }
  if (issue.code === 'unrecognized_keys') return false;
  return path.length === 0 && containsExpression(params);
}

function checkCredentials(node: LooseNode, definition: NodeDefinition, problems: ValidationProblem[]): void {
  const slots = definition.credentials ?? {};
  for (const slot of Object.keys(node.credentials)) {
    if (!(slot in slots)) {
      const known = Object.keys(slots);
      problems.push({
        path: `nodes[${node.index}].credentials.${slot}`,
        message: `node type "${definition.type}" has no credential slot "${slot}"${known.length > 0 ? `; it has ${list(known)}` : ''}`,
      });
    }
  }
}

function list(names: readonly string[]): string {
  return names.length === 0 ? 'none' : names.map((name) => `"${name}"`).join(', ');
}

function dedupe(problems: readonly ValidationProblem[]): ValidationProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path}\u0000${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
