import { workflowSchema, type Workflow, type WorkflowNode } from '../../../server/engine/workflow/schema.js';
import { uniqueId, type Point, type StickyNote } from './graph.js';

/**
 * Copy and paste as workflow JSON: a copied selection is a complete format-1 workflow (nodes, the connections
 * between them, their pinned data, sticky notes), so it can be pasted into another tab or a text editor and back.
 */

export function extractFragment(workflow: Workflow, nodeIds: readonly string[], stickyIds: readonly string[] = []): Workflow {
  const ids = new Set(nodeIds);
  const stickies = new Set(stickyIds);
  const fragment: Workflow = {
    formatVersion: 1,
    name: workflow.name,
    nodes: workflow.nodes.filter((n) => ids.has(n.id)),
    connections: workflow.connections.filter((c) => ids.has(c.from) && ids.has(c.to)),
    settings: { saveExecutions: 'all' },
    vars: {},
  };
  const pins = Object.entries(workflow.pinData ?? {}).filter(([id]) => ids.has(id));
  if (pins.length > 0) fragment.pinData = Object.fromEntries(pins);
  const notes = (workflow.stickyNotes ?? []).filter((s) => stickies.has(s.id));
  if (notes.length > 0) fragment.stickyNotes = notes;
  return fragment;
}

export type ParsedFragment =
  | { readonly ok: true; readonly fragment: Workflow }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Parses clipboard text: workflow JSON, or a bare array of nodes. */
export function parseFragment(text: string): ParsedFragment {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [error instanceof Error ? error.message : String(error)] };
  }
  const candidate = Array.isArray(raw) ? { nodes: raw } : raw;
  const parsed = workflowSchema.safeParse(candidate);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  return { ok: true, fragment: parsed.data };
}

export interface PasteResult {
  readonly workflow: Workflow;
  /** Ids of the pasted nodes and sticky notes, as they are in the result. */
  readonly nodeIds: readonly string[];
  readonly stickyIds: readonly string[];
}

/**
 * Adds the fragment's nodes, connections, pinned data and notes to `workflow`, renaming ids that are taken
 * and moving everything so that the fragment's top-left corner lands at `at` (when given).
 */
export function pasteFragment(workflow: Workflow, fragment: Workflow, at?: Point): PasteResult {
  const taken = new Set<string>([...workflow.nodes.map((n) => n.id), ...(workflow.stickyNotes ?? []).map((s) => s.id)]);
  const rename = new Map<string, string>();
  for (const node of fragment.nodes) {
    const id = uniqueId(taken, node.id);
    taken.add(id);
    rename.set(node.id, id);
  }
  const positions = [...fragment.nodes.map((n) => n.position), ...(fragment.stickyNotes ?? []).map((s) => s.position)].filter(
    (p): p is Point => p !== undefined,
  );
  const minX = positions.length > 0 ? Math.min(...positions.map((p) => p.x)) : 0;
  const minY = positions.length > 0 ? Math.min(...positions.map((p) => p.y)) : 0;
  const shift = (p: Point | undefined, index: number): Point => {
    if (!at) return p ? { x: p.x + 40, y: p.y + 40 } : { x: 260 * index, y: 0 };
    return p ? { x: p.x - minX + at.x, y: p.y - minY + at.y } : { x: at.x + 260 * index, y: at.y };
  };
  const nodes: WorkflowNode[] = fragment.nodes.map((n, index) => ({ ...n, id: rename.get(n.id) ?? n.id, position: shift(n.position, index) }));
  const connections = fragment.connections
    .filter((c) => rename.has(c.from) && rename.has(c.to))
    .map((c) => ({ ...c, from: rename.get(c.from) ?? c.from, to: rename.get(c.to) ?? c.to }));
  const stickies: StickyNote[] = (fragment.stickyNotes ?? []).map((s, index) => {
    const id = uniqueId(taken, s.id);
    taken.add(id);
    return { ...s, id, position: shift(s.position, index) };
  });
  const next: Workflow = { ...workflow, nodes: [...workflow.nodes, ...nodes], connections: [...workflow.connections, ...connections] };
  const pins = Object.entries(fragment.pinData ?? {}).filter(([id]) => rename.has(id));
  if (pins.length > 0) next.pinData = { ...(workflow.pinData ?? {}), ...Object.fromEntries(pins.map(([id, items]) => [rename.get(id) ?? id, items])) };
  if (stickies.length > 0) next.stickyNotes = [...(workflow.stickyNotes ?? []), ...stickies];
  return { workflow: next, nodeIds: nodes.map((n) => n.id), stickyIds: stickies.map((s) => s.id) };
}
