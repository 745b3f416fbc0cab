import type { Workflow } from '../../../server/engine/workflow/schema.js';

/** Auto-layout with elkjs (layered, left to right). Answers new top-left positions by node id. */

/** elkjs is large: loaded on the first layout only. */
let elkPromise: Promise<{ layout: (graph: ElkGraph) => Promise<ElkGraph> }> | null = null;
function loadElk() {
  elkPromise ??= import('elkjs/lib/elk.bundled.js').then((m) => new m.default());
  return elkPromise;
}

interface ElkGraph {
  id: string;
  layoutOptions?: Record<string, string>;
  children?: { id: string; width?: number; height?: number; x?: number; y?: number }[];
  edges?: { id: string; sources: string[]; targets: string[] }[];
}

export const DEFAULT_SIZE = { width: 200, height: 72 } as const;

export async function layoutWorkflow(
  workflow: Workflow,
  sizes: ReadonlyMap<string, { width: number; height: number }>,
): Promise<Map<string, { x: number; y: number }>> {
  const elk = await loadElk();
  const graph: ElkGraph = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.spacing.nodeNode': '40',
      'elk.layered.spacing.nodeNodeBetweenLayers': '80',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    },
    children: workflow.nodes.map((n) => {
      const size = sizes.get(n.id) ?? DEFAULT_SIZE;
      return { id: n.id, width: size.width, height: size.height };
    }),
    edges: workflow.connections.map((c, i) => ({ id: `e${i}`, sources: [c.from], targets: [c.to] })),
  };
  const result = await elk.layout(graph);
  const positions = new Map<string, { x: number; y: number }>();
  for (const child of result.children ?? []) positions.set(child.id, { x: Math.round(child.x ?? 0), y: Math.round(child.y ?? 0) });
  return positions;
}
