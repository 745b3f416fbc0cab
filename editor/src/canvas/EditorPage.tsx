import { useEffect } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { NodePanel } from '../panel/NodePanel.js';
import { editorStore, selectDoc, selectHelp, selectPanelNodeId, useEditor } from '../store/index.js';
import { FlowCanvas } from './FlowCanvas.js';
import { HelpPanel } from './HelpPanel.js';
import { Palette } from './Palette.js';
import { RunBar } from './RunBar.js';
import { Toolbar } from './Toolbar.js';
import { useCanvasKeys } from './use-canvas-keys.js';

/** The workflow editor: toolbar, palette, canvas, node panel, run bar, help. */
export function EditorPage({ workflowId }: { workflowId: string }) {
  return (
    <ReactFlowProvider>
      <EditorBody workflowId={workflowId} />
    </ReactFlowProvider>
  );
}

function EditorBody({ workflowId }: { workflowId: string }) {
  const { t } = useTranslation();
  const doc = useEditor(selectDoc);
  const help = useEditor(selectHelp);
  const panelNodeId = useEditor(selectPanelNodeId);
  useCanvasKeys();
  useEffect(() => {
    document.title = `${doc?.workflow.name ?? ''} · flowwerk`;
  }, [doc?.workflow.name]);

  if (!doc || doc.workflowId !== workflowId) return <div className="center muted">{t('common.loading')}</div>;
  return (
    <main className="editor">
      <Toolbar />
      <div className="editor-body">
        <Palette />
        <div className="canvas-wrap">
          <RunBar />
          <FlowCanvas onOpenNode={(id) => editorStore.setState({ panelNodeId: id })} />
          {help && <HelpPanel />}
        </div>
        {panelNodeId && <NodePanel nodeId={panelNodeId} />}
      </div>
    </main>
  );
}
