import type { Workflow } from '../../../server/engine/workflow/schema.js';
import type { NodeRunData } from '../api/index.js';
import type { PreviewScope } from './expression.js';

type Json = Record<string, unknown>;
type RunNodes = Readonly<Record<string, NodeRunData>> | null;

/** The json of the items a node received in the run: its recorded input, else what its sources sent it. */
export function inputItems(workflow: Workflow, nodeId: string, run: RunNodes): Json[] {
  const own = run?.[nodeId];
  if (own?.input) return own.input.map((i) => i.json);
  const out: Json[] = [];
  for (const c of workflow.connections) {
    if (c.to !== nodeId) continue;
    const source = run?.[c.from]?.outputs[c.output];
    if (source) out.push(...source.map((i) => i.json));
    else if (c.output === 'main' && workflow.pinData?.[c.from]) out.push(...(workflow.pinData[c.from] ?? []));
  }
  return out;
}

/** Output items of a node by output name (pinned data when it has no run data). */
export function outputItems(workflow: Workflow, nodeId: string, run: RunNodes): Record<string, Json[]> {
  const own = run?.[nodeId];
  if (own) return Object.fromEntries(Object.entries(own.outputs).map(([name, items]) => [name, items.map((i) => i.json)]));
  const pinned = workflow.pinData?.[nodeId];
  return pinned ? { main: pinned } : {};
}

/** The preview scope for a node's expressions: its first input item and every node's output so far. */
export function previewScope(workflow: Workflow, nodeId: string, run: RunNodes): PreviewScope {
  const input = inputItems(workflow, nodeId, run);
  const nodes: Record<string, Json[]> = {};
  for (const n of workflow.nodes) {
    const outputs = outputItems(workflow, n.id, run);
    const all = Object.values(outputs).flat();
    if (all.length > 0 || run?.[n.id]) nodes[n.id] = all;
  }
  return { $json: input[0] ?? {}, $input: input, nodes, $vars: workflow.vars, $workflow: { id: workflow.id ?? '', name: workflow.name } };
}
