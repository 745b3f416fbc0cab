import type { Connection, Workflow, WorkflowNode } from '../../../server/engine/workflow/schema.js';

/**
 * Pure edits of a workflow document. Every function returns a new workflow (or the same one when nothing
 * changed) and never mutates its argument, so the history can keep old versions by reference.
 */

export type StickyNote = NonNullable<Workflow['stickyNotes']>[number];
export interface Point { readonly x: number; readonly y: number }

/** Stable key of a connection, used as the canvas edge id. */
export function edgeKey(c: Pick<Connection, 'from' | 'output' | 'to' | 'input'>): string {
  return `${c.from}:${c.output}->${c.to}:${c.input}`;
}

/** True when a path leads from `start` to `goal` along the connections. */
export function reaches(connections: readonly Connection[], start: string, goal: string): boolean {
  const next = new Map<string, string[]>();
  for (const c of connections) {
    const list = next.get(c.from);
    if (list) list.push(c.to);
    else next.set(c.from, [c.to]);
  }
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length > 0) {
    const id = stack.pop();
    if (id === undefined) break;
    if (id === goal) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const to of next.get(id) ?? []) stack.push(to);
  }
  return false;
}

/** Why a connection may not be added; `ok` when it may. */
export type ConnectVerdict = 'ok' | 'self' | 'cycle' | 'duplicate' | 'missingNode' | 'missingInput' | 'missingOutput';

export function checkConnection(
  workflow: Workflow,
  c: Connection,
  portsOf: (node: WorkflowNode) => { readonly inputs: readonly string[]; readonly outputs: readonly string[] },
): ConnectVerdict {
  if (c.from === c.to) return 'self';
  const from = workflow.nodes.find((n) => n.id === c.from);
  const to = workflow.nodes.find((n) => n.id === c.to);
  if (!from || !to) return 'missingNode';
  if (!portsOf(from).outputs.includes(c.output)) return 'missingOutput';
  if (!portsOf(to).inputs.includes(c.input)) return 'missingInput';
  const key = edgeKey(c);
  if (workflow.connections.some((e) => edgeKey(e) === key)) return 'duplicate';
  if (reaches(workflow.connections, c.to, c.from)) return 'cycle';
  return 'ok';
}

/** A node id not used yet: `base`, else `base2`, `base3`, ... */
export function uniqueId(taken: ReadonlySet<string>, base: string): string {
  const clean = base.replace(/[\u0000-\u001f"`]/g, '').slice(0, 100) || 'node';
  if (!taken.has(clean)) return clean;
  const stem = clean.replace(/\d+$/, '') || clean;
  for (let n = 2; n < 100_000; n++) {
    const id = `${stem}${n}`;
    if (!taken.has(id)) return id;
  }
  return `${stem}-${Date.now()}`;
}

export function nodeIds(workflow: Workflow): Set<string> {
  return new Set(workflow.nodes.map((n) => n.id));
}

export function addNode(workflow: Workflow, node: WorkflowNode, connectFrom?: { from: string; output: string; input: string }): Workflow {
  const connections = connectFrom
    ? [...workflow.connections, { from: connectFrom.from, output: connectFrom.output, to: node.id, input: connectFrom.input }]
    : workflow.connections;
  return { ...workflow, nodes: [...workflow.nodes, node], connections };
}

export function connect(workflow: Workflow, c: Connection): Workflow {
  const key = edgeKey(c);
  if (workflow.connections.some((e) => edgeKey(e) === key)) return workflow;
  return { ...workflow, connections: [...workflow.connections, c] };
}

export interface Removal {
  readonly nodes?: readonly string[];
  readonly edges?: readonly string[];
  readonly stickies?: readonly string[];
}

/** Removes nodes (with their connections and pinned data), connections by key, and sticky notes. */
export function remove(workflow: Workflow, removal: Removal): Workflow {
  const nodes = new Set(removal.nodes ?? []);
  const edges = new Set(removal.edges ?? []);
  const stickies = new Set(removal.stickies ?? []);
  if (nodes.size === 0 && edges.size === 0 && stickies.size === 0) return workflow;
  let pinData = workflow.pinData;
  if (pinData && nodes.size > 0) {
    pinData = Object.fromEntries(Object.entries(pinData).filter(([id]) => !nodes.has(id)));
  }
  const next: Workflow = {
    ...workflow,
    nodes: workflow.nodes.filter((n) => !nodes.has(n.id)),
    connections: workflow.connections.filter((c) => !nodes.has(c.from) && !nodes.has(c.to) && !edges.has(edgeKey(c))),
  };
  if (pinData) next.pinData = pinData;
  if (workflow.stickyNotes) next.stickyNotes = workflow.stickyNotes.filter((s) => !stickies.has(s.id));
  return next;
}

/** Sets positions of nodes and sticky notes by id; ids not present are ignored. */
export function move(workflow: Workflow, positions: ReadonlyMap<string, Point>): Workflow {
  if (positions.size === 0) return workflow;
  const nodes = workflow.nodes.map((n) => {
    const p = positions.get(n.id);
    return p ? { ...n, position: { x: p.x, y: p.y } } : n;
  });
  const next: Workflow = { ...workflow, nodes };
  if (workflow.stickyNotes) {
    next.stickyNotes = workflow.stickyNotes.map((s) => {
      const p = positions.get(s.id);
      return p ? { ...s, position: { x: p.x, y: p.y } } : s;
    });
  }
  return next;
}

export function updateNode(workflow: Workflow, id: string, update: (node: WorkflowNode) => WorkflowNode): Workflow {
  let changed = false;
  const nodes = workflow.nodes.map((n) => {
    if (n.id !== id) return n;
    const next = update(n);
    if (next !== n) changed = true;
    return next;
  });
  return changed ? { ...workflow, nodes } : workflow;
}

export function setPinData(workflow: Workflow, nodeId: string, items: Record<string, unknown>[] | null): Workflow {
  const pinData = { ...(workflow.pinData ?? {}) };
  if (items === null) delete pinData[nodeId];
  else pinData[nodeId] = items;
  return { ...workflow, pinData };
}

export function addSticky(workflow: Workflow, note: StickyNote): Workflow {
  return { ...workflow, stickyNotes: [...(workflow.stickyNotes ?? []), note] };
}

export function updateSticky(workflow: Workflow, id: string, patch: Partial<Omit<StickyNote, 'id'>>): Workflow {
  if (!workflow.stickyNotes) return workflow;
  return { ...workflow, stickyNotes: workflow.stickyNotes.map((s) => (s.id === id ? { ...s, ...patch } : s)) };
}

/** `at`, moved down in steps until no node's top-left lies within one node size of it (bounded). */
export function freePosition(workflow: Workflow, at: Point, size = { width: 220, height: 90 }): Point {
  let y = at.y;
  for (let step = 0; step < 50; step++) {
    const taken = workflow.nodes.some((n) => n.position && Math.abs(n.position.x - at.x) < size.width && Math.abs(n.position.y - y) < size.height);
    if (!taken) return { x: at.x, y };
    y += size.height + 20;
  }
  return { x: at.x, y };
}
