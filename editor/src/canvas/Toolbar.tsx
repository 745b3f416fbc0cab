import { useEffect, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { useConfirmLeave } from '../components/confirm-leave.js';
import { downloadText, safeFileName } from '../lib/download.js';
import {
  appActions, docActions, editorStore, selectActive, selectCanRedo, selectCanUndo, selectDirty, selectDoc, useEditor,
} from '../store/index.js';
import { runLayout } from './run-layout.js';

/** Name, save state, undo/redo, layout, sticky note, export, executions, active switch, help. */
export function Toolbar() {
  const { t } = useTranslation();
  const doc = useEditor(selectDoc);
  const dirty = useEditor(selectDirty);
  const canUndo = useEditor(selectCanUndo);
  const canRedo = useEditor(selectCanRedo);
  const active = useEditor(selectActive);
  const flow = useReactFlow();
  const confirmLeave = useConfirmLeave();
  const [name, setName] = useState(doc?.workflow.name ?? '');
  useEffect(() => setName(doc?.workflow.name ?? ''), [doc?.workflow.name]);
  if (!doc) return null;

  const addSticky = () => {
    const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
    const at = pane ? flow.screenToFlowPosition({ x: pane.left + 40, y: pane.top + 40 }) : { x: 0, y: 0 };
    docActions.addSticky(at, t('canvas.stickyDefault'));
  };

  return (
    <div className="toolbar" role="toolbar" aria-label={t('editor.toolbar')}>
      <button type="button" className="icon" aria-label={t('editor.back')} onClick={() => void appActions.navigate({ page: 'workflows' }, confirmLeave)}>
        ←
      </button>
      <label className="wf-name">
        <span className="sr-only">{t('workflows.name')}</span>
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          onBlur={() => name.trim() && docActions.renameWorkflow(name.trim())}
          onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
        />
      </label>
      <span className={dirty ? 'save-state dirty' : 'save-state'} role="status" data-testid="save-state">
        {dirty ? t('editor.unsaved') : t('editor.allSaved')}
      </span>
      <button type="button" className={dirty ? 'primary' : ''} disabled={!dirty} onClick={() => void appActions.save().then((ok) => ok && appActions.notify('info', t('editor.saved')))}>
        {t('editor.save')}
      </button>
      <span className="sep" />
      <button type="button" disabled={!canUndo} onClick={() => docActions.undo()} aria-label={t('help.undo')} title="Ctrl+Z">
        ↶
      </button>
      <button type="button" disabled={!canRedo} onClick={() => docActions.redo()} aria-label={t('help.redo')} title="Ctrl+Shift+Z">
        ↷
      </button>
      <button type="button" onClick={() => void runLayout(flow)} title="Shift+L">
        {t('editor.layout')}
      </button>
      <button type="button" onClick={addSticky}>
        {t('editor.sticky')}
      </button>
      <button type="button" onClick={() => downloadText(`${safeFileName(doc.workflow.name)}.json`, JSON.stringify(doc.workflow, null, 2))}>
        {t('workflows.export')}
      </button>
      <button type="button" onClick={() => void appActions.navigate({ page: 'executions', workflowId: doc.workflowId }, confirmLeave)}>
        {t('nav.executions')}
      </button>
      <span className="spacer" />
      <label className="switch">
        <input
          type="checkbox"
          checked={active}
          data-testid="active-toggle"
          onChange={async (e) => {
            const on = e.target.checked;
            if (on && dirty && !(await appActions.save())) return;
            await appActions.setActive(doc.workflowId, on);
          }}
        />
        <span>{active ? t('workflows.on') : t('workflows.off')}</span>
      </label>
      <button type="button" className="icon" aria-label={t('help.title')} aria-pressed={editorStore.getState().help} onClick={() => editorStore.setState((s) => ({ help: !s.help }))}>
        ?
      </button>
    </div>
  );
}
