import type { Edge, Node } from '@xyflow/react';
import type { Workflow, WorkflowNode } from '../../../server/engine/workflow/schema.js';
import type { NodeRunData, NodeType } from '../api/index.js';
import { displayName, portsOf, triggerKind, type Catalog, type Ports } from '../lib/catalog.js';
import { edgeKey, type StickyNote } from '../store/graph.js';
import type { Selection } from '../store/doc.js';

/**
 * Workflow → React Flow nodes and edges. Node objects are reused while their inputs are unchanged (same
 * workflow node, selection, run state, size), so React Flow re-renders only what changed: with 300 nodes a
 * drag touches one node object per frame.
 */

export interface FlowNodeData extends Record<string, unknown> {
  readonly node: WorkflowNode;
  readonly type: NodeType | undefined;
  readonly title: string;
  readonly ports: Ports;
  readonly trigger: string | undefined;
  readonly run: NodeRunData | undefined;
  readonly pinned: boolean;
}

export interface StickyNodeData extends Record<string, unknown> {
  readonly note: StickyNote;
}

export type WorkflowFlowNode = Node<FlowNodeData, 'workflow'>;
export type StickyFlowNode = Node<StickyNodeData, 'sticky'>;
export type AnyFlowNode = WorkflowFlowNode | StickyFlowNode;

interface CacheEntry {
  readonly deps: readonly unknown[];
  readonly node: AnyFlowNode;
}

export type NodeCache = Map<string, CacheEntry>;

function same(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

export function toFlowNodes(
  workflow: Workflow,
  selection: Selection | null,
  catalog: Catalog,
  language: string,
  runNodes: Readonly<Record<string, NodeRunData>> | null,
  sizes: ReadonlyMap<string, { width: number; height: number }>,
  cache: NodeCache,
): AnyFlowNode[] {
  const selectedNodes = new Set(selection?.nodes ?? []);
  const selectedStickies = new Set(selection?.stickies ?? []);
  const out: AnyFlowNode[] = [];
  const seen = new Set<string>();
  for (const note of workflow.stickyNotes ?? []) {
    const key = `sticky:${note.id}`;
    seen.add(key);
    const selected = selectedStickies.has(note.id);
    const deps = [note, selected];
    const hit = cache.get(key);
    if (hit && same(hit.deps, deps)) {
      out.push(hit.node);
      continue;
    }
    const node: StickyFlowNode = {
      id: key,
      type: 'sticky',
      position: note.position,
      data: { note },
      selected,
      zIndex: -1,
      style: { width: note.width ?? 240, height: note.height ?? 140 },
      width: note.width ?? 240,
      height: note.height ?? 140,
    };
    cache.set(key, { deps, node });
    out.push(node);
  }
  const pinned = workflow.pinData ?? {};
  workflow.nodes.forEach((wn, index) => {
    seen.add(wn.id);
    const selected = selectedNodes.has(wn.id);
    const run = runNodes?.[wn.id];
    const size = sizes.get(wn.id);
    const type = catalog.get(wn.type);
    const isPinned = pinned[wn.id] !== undefined;
    const deps = [wn, selected, run, size, type, language, isPinned];
    const hit = cache.get(wn.id);
    if (hit && same(hit.deps, deps)) {
      out.push(hit.node);
      return;
    }
    const node: WorkflowFlowNode = {
      id: wn.id,
      type: 'workflow',
      position: wn.position ?? { x: (index % 10) * 260, y: Math.floor(index / 10) * 140 },
      data: {
        node: wn,
        type,
        title: wn.name ?? displayName(type, wn.type, language),
        ports: portsOf(wn, catalog),
        trigger: triggerKind(type),
        run,
        pinned: isPinned,
      },
      selected,
    };
    if (size) node.measured = size;
    cache.set(wn.id, { deps, node });
    out.push(node);
  });
  for (const key of cache.keys()) if (!seen.has(key)) cache.delete(key);
  return out;
}

export interface EdgeData extends Record<string, unknown> {
  readonly count: number | null;
}

export function toFlowEdges(workflow: Workflow, selection: Selection | null, runNodes: Readonly<Record<string, NodeRunData>> | null, itemsLabel: (n: number) => string): Edge<EdgeData>[] {
  const selected = new Set(selection?.edges ?? []);
  return workflow.connections.map((c) => {
    const id = edgeKey(c);
    const outputs = runNodes?.[c.from]?.outputs;
    const items = outputs?.[c.output];
    const count = items ? items.length : null;
    const edge: Edge<EdgeData> = {
      id,
      source: c.from,
      sourceHandle: c.output,
      target: c.to,
      targetHandle: c.input,
      selected: selected.has(id),
      data: { count },
      className: count !== null && count > 0 ? 'edge-data' : undefined,
    };
    if (count !== null) {
      edge.label = itemsLabel(count);
      edge.labelBgPadding = [4, 2];
      edge.labelBgBorderRadius = 4;
    }
    return edge;
  });
}
