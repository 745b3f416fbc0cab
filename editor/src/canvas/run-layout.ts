import type { ReactFlowInstance } from '@xyflow/react';
import { docActions, editorStore } from '../store/index.js';
import { measuredSizes } from './FlowCanvas.js';
import { layoutWorkflow } from './layout.js';

/** Auto-layout as one undoable command, then fit the view. */
export async function runLayout(flow: Pick<ReactFlowInstance, 'fitView'>): Promise<void> {
  const doc = editorStore.getState().doc;
  if (!doc || doc.workflow.nodes.length === 0) return;
  const positions = await layoutWorkflow(doc.workflow, measuredSizes);
  docActions.move(positions);
  requestAnimationFrame(() => void flow.fitView({ duration: 200 }));
}
