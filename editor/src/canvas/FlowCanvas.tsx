import { useCallback, useMemo, useRef, useState } from 'react';
import {
  Background, Controls, MiniMap, ReactFlow,
  type Connection as FlowConnection, type EdgeChange, type IsValidConnection, type NodeChange,
} from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { catalogOf } from '../lib/catalog.js';
import { docActions, editorStore, selectCatalog, selectRunNodes, selectSelection, selectWorkflow, useEditor } from '../store/index.js';
import { FlowNode } from './FlowNode.js';
import { StickyNode } from './StickyNode.js';
import { toFlowEdges, toFlowNodes, type AnyFlowNode, type NodeCache } from './to-flow.js';

const nodeTypes = { workflow: FlowNode, sticky: StickyNode };
const STICKY = 'sticky:';

/** Measured node sizes, shared with auto-layout. */
export const measuredSizes = new Map<string, { width: number; height: number }>();

/**
 * The canvas: React Flow in controlled mode over the store's document. Drags are transient edits recorded
 * as one undo step at drag end; selection lives in the store; deletions go through the store (one step).
 */
export function FlowCanvas({ onOpenNode }: { onOpenNode: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const workflow = useEditor(selectWorkflow);
  const selection = useEditor(selectSelection);
  const types = useEditor(selectCatalog);
  const runNodes = useEditor(selectRunNodes);
  const catalog = useMemo(() => catalogOf(types), [types]);
  const cache = useRef<NodeCache>(new Map());
  // fit the view only to a workflow that had nodes when opened (not to the first node added to an empty one)
  const [fitOnOpen] = useState(() => (workflow?.nodes.length ?? 0) > 0);
  const [sizeVersion, setSizeVersion] = useState(0);

  const nodes = useMemo(
    () => (workflow ? toFlowNodes(workflow, selection, catalog, i18n.language, runNodes, measuredSizes, cache.current) : []),
    // sizeVersion: re-derive when a node was measured
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [workflow, selection, catalog, i18n.language, runNodes, sizeVersion],
  );
  const edges = useMemo(() => (workflow ? toFlowEdges(workflow, selection, runNodes, (count) => t('canvas.items', { count })) : []), [workflow, selection, runNodes, t]);

  const onNodesChange = useCallback((changes: NodeChange<AnyFlowNode>[]) => {
    const positions = new Map<string, { x: number; y: number }>();
    let ended = false;
    let sized = false;
    let selectionChanged = false;
    const state = editorStore.getState();
    const selected = new Set(state.doc?.selection.nodes ?? []);
    const stickies = new Set(state.doc?.selection.stickies ?? []);
    for (const change of changes) {
      switch (change.type) {
        case 'position':
          if (change.position) positions.set(change.id.startsWith(STICKY) ? change.id.slice(STICKY.length) : change.id, change.position);
          if (change.dragging === false) ended = true;
          break;
        case 'dimensions':
          if (change.dimensions && !change.id.startsWith(STICKY)) {
            const old = measuredSizes.get(change.id);
            if (!old || old.width !== change.dimensions.width || old.height !== change.dimensions.height) {
              measuredSizes.set(change.id, change.dimensions);
              sized = true;
            }
          }
          break;
        case 'select': {
          const set = change.id.startsWith(STICKY) ? stickies : selected;
          const id = change.id.startsWith(STICKY) ? change.id.slice(STICKY.length) : change.id;
          if (change.selected) set.add(id);
          else set.delete(id);
          selectionChanged = true;
          break;
        }
        case 'remove':
        case 'add':
        case 'replace':
          break;
        default: {
          const never: never = change;
          return never;
        }
      }
    }
    if (positions.size > 0) docActions.moveTransient(positions);
    if (ended) docActions.endGesture();
    if (selectionChanged) docActions.setSelection({ nodes: [...selected], edges: state.doc?.selection.edges ?? [], stickies: [...stickies] });
    if (sized) setSizeVersion((v) => v + 1);
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    const state = editorStore.getState();
    const edgesSelected = new Set(state.doc?.selection.edges ?? []);
    let changed = false;
    for (const change of changes) {
      if (change.type === 'select') {
        if (change.selected) edgesSelected.add(change.id);
        else edgesSelected.delete(change.id);
        changed = true;
      }
    }
    if (changed && state.doc) docActions.setSelection({ ...state.doc.selection, edges: [...edgesSelected] });
  }, []);

  const toConnection = (c: FlowConnection) => ({ from: c.source, output: c.sourceHandle ?? 'main', to: c.target, input: c.targetHandle ?? 'main' });
  const isValidConnection: IsValidConnection = useCallback((c) => {
    const doc = editorStore.getState().doc;
    if (!doc) return false;
    return docActions.checkConnection(doc.workflow, { from: c.source, output: c.sourceHandle ?? 'main', to: c.target, input: c.targetHandle ?? 'main' }) === 'ok';
  }, []);
  const onConnect = useCallback((c: FlowConnection) => {
    docActions.connect(toConnection(c));
  }, []);

  if (!workflow) return null;
  return (
    <div className="canvas" data-testid="canvas">
      <ReactFlow<AnyFlowNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onNodeDoubleClick={(_, node) => {
          if (!node.id.startsWith(STICKY)) onOpenNode(node.id);
        }}
        onPaneClick={() => editorStore.setState({ connectFrom: null })}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control', 'Shift']}
        fitView={fitOnOpen}
        fitViewOptions={{ maxZoom: 1.2 }}
        minZoom={0.05}
        onlyRenderVisibleElements
        proOptions={{ hideAttribution: true }}
        aria-label={t('canvas.label')}
      >
        <Background gap={20} />
        <MiniMap pannable zoomable ariaLabel={t('canvas.minimap')} />
        <Controls showInteractive={false} aria-label={t('canvas.controls')} />
      </ReactFlow>
      {workflow.nodes.length === 0 && (
        <div className="canvas-empty" role="note">
          {t('canvas.empty')}
          <button type="button" className="link" onClick={() => document.getElementById('palette-search')?.focus()}>
            {t('canvas.openPalette')}
          </button>
        </div>
      )}
    </div>
  );
}
