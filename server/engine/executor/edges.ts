import type { Item } from '../../../nodes/sdk/index.js';
import type { CompiledNode } from '../compile/compile-workflow.js';
import { InputList } from './inputs.js';
import type { InputSegment, NodeInputs } from './inputs.js';
import { EDGE_DATA, EDGE_SKIPPED } from './run-state.js';
import type { RunState } from './run-state.js';

const NO_ITEMS: readonly Item[] = Object.freeze([]);

/**
 * Sets the states of a decided node's outgoing edges. Skipped node (`outputs` undefined): every edge skipped.
 * Otherwise an edge carries data, except that an empty output of a routing node (more than one output) is a
 * branch not taken and counts as skipped. A single-output node that produced nothing passes an empty list on.
 */
export function markOutgoing(run: RunState, node: CompiledNode, outputs: Readonly<Record<string, readonly Item[]>> | undefined): void {
  for (const edge of node.outgoing) {
    if (outputs === undefined) {
      run.edges[edge.index] = EDGE_SKIPPED;
      continue;
    }
    const items = outputs[edge.output];
    run.edges[edge.index] = !node.routes || (items !== undefined && items.length > 0) ? EDGE_DATA : EDGE_SKIPPED;
  }
}

/**
 * The inputs of a node whose incoming edges are all decided, or undefined when the node is to be skipped: it has
 * no incoming edge at all (an unused trigger, a detached node), or every incoming edge is skipped. Edges into one
 * input are concatenated in edge order (source rank, output); a skipped edge contributes nothing, so a merge
 * input whose branch was not taken is an empty list.
 */
export function gatherInputs(run: RunState, node: CompiledNode): NodeInputs | undefined {
  const incoming = node.incoming;
  let anyData = false;
  for (const edge of incoming) if (run.edges[edge.index] === EDGE_DATA) anyData = true;
  if (!anyData) return undefined;

  const byName: Record<string, InputList> = {};
  for (const name of node.inputNames) byName[name] = InputList.EMPTY;
  const grouped = new Map<string, { items: Item[] | readonly Item[]; segments: InputSegment[] }>();
  for (const edge of incoming) {
    if (run.edges[edge.index] !== EDGE_DATA) continue;
    const source = run.compiled.nodes[edge.from];
    if (source === undefined) continue;
    const items = run.outputs[edge.from]?.[edge.output] ?? NO_ITEMS;
    const group = grouped.get(edge.input);
    if (group === undefined) {
      grouped.set(edge.input, { items, segments: [{ node: source.id, output: edge.output, start: 0 }] });
    } else {
      group.segments.push({ node: source.id, output: edge.output, start: group.items.length });
      group.items = [...group.items, ...items];
    }
  }
  for (const [name, group] of grouped) byName[name] = new InputList(group.items, group.segments);
  return { first: byName[node.inputNames[0] ?? 'main'] ?? InputList.EMPTY, byName };
}

/** The trigger node's inputs: the run's trigger items, which have no producer. */
export function triggerInputs(node: CompiledNode, items: readonly Item[]): NodeInputs {
  const list = new InputList(items, []);
  const byName: Record<string, InputList> = { [node.inputNames[0] ?? 'main']: list };
  return { first: list, byName };
}
