/**
 * The workflow as a graph: node indices in id order, edges with per-input/per-output adjacency and a
 * topological order whose ties are broken by node id. Nothing here depends on the order of nodes or connections
 * in the JSON, nor on canvas positions.
 */

export interface GraphEdge {
  readonly index: number;
  readonly from: number;
  readonly output: string;
  readonly to: number;
  readonly input: string;
}

export interface GraphNode {
  readonly index: number;
  readonly id: string;
  /** Position in `Graph.order`. */
  readonly rank: number;
  /** Incoming edges sorted by (source rank, output, input). */
  readonly incoming: readonly GraphEdge[];
  /** Outgoing edges sorted by (target rank, input, output). */
  readonly outgoing: readonly GraphEdge[];
}

export interface Graph {
  /** Nodes by index; index order is id order. */
  readonly nodes: readonly GraphNode[];
  readonly byId: ReadonlyMap<string, number>;
  readonly edges: readonly GraphEdge[];
  /** Node indices in topological order, ties by id. */
  readonly order: readonly number[];
}

export interface GraphConnection {
  readonly from: string;
  readonly output: string;
  readonly to: string;
  readonly input: string;
}

export type GraphResult =
  | { readonly ok: true; readonly graph: Graph }
  | { readonly ok: false; readonly cycle: readonly string[] };

/** Compares strings by code unit, independent of locale. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Builds the graph. Precondition: ids are unique and every connection names existing nodes (validation checks
 * both; connections to unknown nodes are ignored here). Identical connections count once.
 */
export function buildGraph(ids: readonly string[], connections: readonly GraphConnection[]): GraphResult {
  const sortedIds = [...ids].sort(compareIds);
  const byId = new Map<string, number>();
  sortedIds.forEach((id, index) => byId.set(id, index));

  const seen = new Set<string>();
  const raw: { from: number; output: string; to: number; input: string }[] = [];
  for (const connection of connections) {
    const from = byId.get(connection.from);
    const to = byId.get(connection.to);
    if (from === undefined || to === undefined) continue;
    const key = JSON.stringify([from, connection.output, to, connection.input]);
    if (seen.has(key)) continue;
    seen.add(key);
    raw.push({ from, output: connection.output, to, input: connection.input });
  }

  const order = topologicalOrder(sortedIds.length, raw);
  if (order.length < sortedIds.length) {
    return { ok: false, cycle: findCycle(sortedIds, raw, new Set(order)) };
  }
  const rank = new Array<number>(sortedIds.length).fill(0);
  order.forEach((nodeIndex, position) => { rank[nodeIndex] = position; });
  const rankOf = (index: number): number => rank[index] ?? 0;

  raw.sort((a, b) => rankOf(a.from) - rankOf(b.from) || compareIds(a.output, b.output)
    || rankOf(a.to) - rankOf(b.to) || compareIds(a.input, b.input));
  const edges: GraphEdge[] = raw.map((edge, index) => ({ index, ...edge }));

  const incoming = sortedIds.map((): GraphEdge[] => []);
  const outgoing = sortedIds.map((): GraphEdge[] => []);
  for (const edge of edges) {
    incoming[edge.to]?.push(edge);
    outgoing[edge.from]?.push(edge);
  }
  for (const list of outgoing) {
    list.sort((a, b) => rankOf(a.to) - rankOf(b.to) || compareIds(a.input, b.input) || compareIds(a.output, b.output));
  }
  const nodes: GraphNode[] = sortedIds.map((id, index) => ({
    index,
    id,
    rank: rankOf(index),
    incoming: incoming[index] ?? [],
    outgoing: outgoing[index] ?? [],
  }));
  return { ok: true, graph: { nodes, byId, edges, order } };
}

/** Kahn's algorithm; among ready nodes the smallest index (= smallest id) goes first. Cost O(E + V·R). */
function topologicalOrder(count: number, edges: readonly { from: number; to: number }[]): number[] {
  const indegree = new Array<number>(count).fill(0);
  const successors: number[][] = Array.from({ length: count }, () => []);
  for (const edge of edges) {
    indegree[edge.to] = (indegree[edge.to] ?? 0) + 1;
    successors[edge.from]?.push(edge.to);
  }
  const ready: number[] = [];
  for (let index = 0; index < count; index++) if (indegree[index] === 0) ready.push(index);
  const order: number[] = [];
  while (ready.length > 0) {
    // `ready` is kept sorted descending so the smallest index pops from the end.
    ready.sort((a, b) => b - a);
    const next = ready.pop();
    if (next === undefined) break;
    order.push(next);
    for (const successor of successors[next] ?? []) {
      const remaining = (indegree[successor] ?? 0) - 1;
      indegree[successor] = remaining;
      if (remaining === 0) ready.push(successor);
    }
  }
  return order;
}

/**
 * Ids of one cycle among the nodes Kahn's algorithm could not order, in edge direction, smallest id first.
 * Every such node keeps a predecessor among them, so walking predecessors must revisit a node.
 */
function findCycle(ids: readonly string[], edges: readonly { from: number; to: number }[], ordered: ReadonlySet<number>): string[] {
  const predecessors = new Map<number, number[]>();
  for (const edge of edges) {
    if (ordered.has(edge.from) || ordered.has(edge.to)) continue;
    const list = predecessors.get(edge.to) ?? [];
    list.push(edge.from);
    predecessors.set(edge.to, list);
  }
  for (const list of predecessors.values()) list.sort((a, b) => a - b);
  const start = [...predecessors.keys()].sort((a, b) => a - b)[0];
  if (start === undefined) return [];
  const path: number[] = [];
  const position = new Map<number, number>();
  let current: number | undefined = start;
  while (current !== undefined && !position.has(current)) {
    position.set(current, path.length);
    path.push(current);
    current = predecessors.get(current)?.[0];
  }
  const cycle = (current === undefined ? path : path.slice(position.get(current) ?? 0)).reverse();
  const smallest = cycle.indexOf(Math.min(...cycle));
  return [...cycle.slice(smallest), ...cycle.slice(0, smallest)].map((index) => ids[index] ?? '');
}
