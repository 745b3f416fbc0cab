import { FlowError, inputsOf, outputsOf, retryPolicyOf } from './imports.js';
import type { NodeDefinition, JsonObject, RetryPolicy, OnError, Workflow, WorkflowNode, NodeRegistry } from './imports.js';
import { buildGraph } from './graph.js';
import type { GraphEdge } from './graph.js';
import { planParams } from './params-plan.js';
import type { ParamsPlan } from './params-plan.js';
import { isJsonObjectDeep } from './json-check.js';

export interface CompiledNode {
  readonly index: number;
  readonly id: string;
  readonly node: WorkflowNode;
  readonly definition: NodeDefinition;
  readonly mode: 'perItem' | 'allItems';
  readonly inputNames: readonly string[];
  /** Declared outputs for the node's static params, plus `error` when onError is errorOutput. */
  readonly outputNames: readonly string[];
  /** The output that `continue` and disabled pass-through use: the first declared one. */
  readonly regularOutput: string;
  /**
   * True when the node has more than one output: an output that receives no items is then a branch not taken
   * (`skipped`); a single-output node that produces nothing passes an empty list on.
   */
  readonly routes: boolean;
  readonly params: ParamsPlan;
  /** Undefined: one attempt. */
  readonly retry: RetryPolicy | undefined;
  readonly onError: OnError;
  readonly disabled: boolean;
  /** The node type takes no input (a trigger). */
  readonly isTrigger: boolean;
  readonly incoming: readonly GraphEdge[];
  readonly outgoing: readonly GraphEdge[];
  /** No outgoing connection: its items form the run's output. */
  readonly isEnd: boolean;
}

export interface CompiledWorkflow {
  readonly workflow: Workflow;
  /** By index (id order). */
  readonly nodes: readonly CompiledNode[];
  readonly byId: ReadonlyMap<string, CompiledNode>;
  /** Topological order, ties by id. */
  readonly order: readonly CompiledNode[];
  readonly edgeCount: number;
  readonly vars: JsonObject;
}

const cache = new WeakMap<Workflow, WeakMap<NodeRegistry, CompiledWorkflow>>();

/**
 * Compiles a workflow for running: graph, per-node definitions and params plans (expressions compiled once,
 * static params parsed once). Cached per workflow object and registry; callers must not mutate a workflow after
 * compiling it. Throws FlowError `WORKFLOW_INVALID` (with details) for unknown node types, duplicate ids,
 * connections to missing nodes and cycles; param problems surface when the node runs (`PARAM_INVALID`).
 */
export function compileWorkflow(workflow: Workflow, registry: NodeRegistry): CompiledWorkflow {
  let byRegistry = cache.get(workflow);
  const cached = byRegistry?.get(registry);
  if (cached !== undefined) return cached;
  const compiled = compileUncached(workflow, registry);
  if (byRegistry === undefined) {
    byRegistry = new WeakMap();
    cache.set(workflow, byRegistry);
  }
  byRegistry.set(registry, compiled);
  return compiled;
}

function compileUncached(workflow: Workflow, registry: NodeRegistry): CompiledWorkflow {
  const details: { path: string; message: string }[] = [];
  const ids = new Set<string>();
  const definitions = new Map<string, NodeDefinition>();
  workflow.nodes.forEach((node, index) => {
    if (ids.has(node.id)) details.push({ path: `nodes[${index}].id`, message: `duplicate node id "${node.id}"` });
    ids.add(node.id);
    const definition = registry.get(node.type);
    if (definition === undefined) details.push({ path: `nodes[${index}].type`, message: `unknown node type "${node.type}"` });
    else definitions.set(node.id, definition);
  });
  const connections = (workflow.connections ?? []).map((connection, index) => {
    for (const end of ['from', 'to'] as const) {
      if (!ids.has(connection[end])) {
        details.push({ path: `connections[${index}].${end}`, message: `no node with id "${connection[end]}"` });
      }
    }
    return { from: connection.from, output: connection.output ?? 'main', to: connection.to, input: connection.input ?? 'main' };
  });
  const graphResult = buildGraph([...ids], connections);
  if (!graphResult.ok) details.push({ path: 'connections', message: `cycle: ${[...graphResult.cycle, graphResult.cycle[0]].join(' -> ')}` });
  if (details.length > 0 || !graphResult.ok) {
    throw new FlowError('WORKFLOW_INVALID', details.map((d) => `${d.path}: ${d.message}`).join('; '), { details });
  }
  const graph = graphResult.graph;
  const nodeById = new Map(workflow.nodes.map((node) => [node.id, node]));

  const nodes = graph.nodes.map((graphNode): CompiledNode => {
    const node = nodeById.get(graphNode.id);
    const definition = definitions.get(graphNode.id);
    if (node === undefined || definition === undefined) throw new Error(`internal: node ${graphNode.id} lost`);
    const params = planParams(node.id, definition, node.params ?? {});
    const onError = node.onError ?? 'fail';
    const declared = declaredOutputs(definition, params.kind === 'static' ? params.value : bestEffortParams(definition, node.params ?? {}));
    const outputNames = onError === 'errorOutput' && !declared.includes('error') ? [...declared, 'error'] : declared;
    return {
      index: graphNode.index,
      id: node.id,
      node,
      definition,
      mode: definition.mode === 'allItems' ? 'allItems' : 'perItem',
      inputNames: inputsOf(definition),
      outputNames,
      regularOutput: declared[0] ?? 'main',
      routes: outputNames.length > 1,
      params,
      retry: node.retry === undefined ? undefined : retryPolicyOf(node.retry),
      onError,
      disabled: node.disabled ?? false,
      isTrigger: inputsOf(definition).length === 0,
      incoming: graphNode.incoming,
      outgoing: graphNode.outgoing,
      isEnd: graphNode.outgoing.length === 0,
    };
  });
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const vars = workflow.vars ?? {};
  return {
    workflow,
    nodes,
    byId,
    order: graph.order.map((index) => nodes[index]).filter((node) => node !== undefined),
    edgeCount: graph.edges.length,
    vars: isJsonObjectDeep(vars) ? vars : {},
  };
}

/** The node type's outputs for these params; a throwing `outputs` function counts as `['main']`. */
export function declaredOutputs(definition: NodeDefinition, params: unknown): readonly string[] {
  try {
    const outputs = outputsOf(definition, params);
    return Array.isArray(outputs) && outputs.length > 0 ? outputs : ['main'];
  } catch {
    return ['main'];
  }
}

/**
 * For nodes whose outputs depend on params: the params as the schema parses them when it accepts the raw values
 * (expressions included), else the raw values.
 */
function bestEffortParams(definition: NodeDefinition, raw: Readonly<Record<string, unknown>>): unknown {
  if (typeof definition.outputs !== 'function') return raw;
  const parsed = definition.params.safeParse(raw);
  return parsed.success ? parsed.data : raw;
}
