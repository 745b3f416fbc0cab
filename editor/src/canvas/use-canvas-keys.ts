import { useEffect } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { appActions, docActions, editorStore } from '../store/index.js';
import { actionOf, inTextField } from './shortcuts.js';
import { runLayout } from './run-layout.js';

/**
 * Keyboard and clipboard of the editor page. Copy/paste use the clipboard events, so the system clipboard
 * carries workflow JSON between tabs and to and from text editors, with no permission prompt.
 */
export function useCanvasKeys(): void {
  const flow = useReactFlow();
  const { t } = useTranslation();
  useEffect(() => {
    let pointer: { x: number; y: number } | null = null;
    const onMove = (e: PointerEvent) => {
      pointer = e.target instanceof Element && e.target.closest('.react-flow') ? { x: e.clientX, y: e.clientY } : null;
    };
    const onKey = (e: KeyboardEvent) => {
      const action = actionOf(e);
      if (!action) return;
      const typing = inTextField(e.target);
      if (typing && action !== 'save') return;
      switch (action) {
        case 'undo':
          docActions.undo();
          break;
        case 'redo':
          docActions.redo();
          break;
        case 'save':
          void appActions.save().then((ok) => ok && appActions.notify('info', t('editor.saved')));
          break;
        case 'selectAll':
          docActions.selectAll();
          break;
        case 'delete':
          docActions.removeSelected();
          break;
        case 'layout':
          void runLayout(flow);
          break;
        case 'fit':
          void flow.fitView({ duration: 200 });
          break;
        case 'help':
          editorStore.setState((s) => ({ help: !s.help }));
          break;
        case 'search': {
          const search = document.getElementById('palette-search');
          if (search instanceof HTMLInputElement) {
            search.focus();
            search.select();
          }
          break;
        }
        case 'close':
          editorStore.setState({ panelNodeId: null, help: false, connectFrom: null });
          break;
        case 'copy':
        case 'paste':
          return;
        default: {
          const never: never = action;
          return never;
        }
      }
      e.preventDefault();
    };
    const onCopy = (e: ClipboardEvent) => {
      if (inTextField(e.target) || (window.getSelection()?.toString() ?? '') !== '') return;
      const text = docActions.copySelection();
      if (text === null || !e.clipboardData) return;
      e.clipboardData.setData('text/plain', text);
      e.preventDefault();
      appActions.notify('info', t('editor.copied'));
    };
    const onCut = (e: ClipboardEvent) => {
      if (inTextField(e.target)) return;
      const text = docActions.copySelection();
      if (text === null || !e.clipboardData) return;
      e.clipboardData.setData('text/plain', text);
      e.preventDefault();
      docActions.removeSelected();
    };
    const onPaste = (e: ClipboardEvent) => {
      if (inTextField(e.target)) return;
      const text = e.clipboardData?.getData('text/plain') ?? '';
      if (text.trim() === '') return;
      e.preventDefault();
      const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
      const screen = pointer ?? (pane ? { x: pane.left + pane.width / 3, y: pane.top + pane.height / 3 } : { x: 0, y: 0 });
      const outcome = docActions.paste(text, flow.screenToFlowPosition(screen));
      if (outcome.kind === 'invalid') appActions.notify('error', t('editor.pasteInvalid', { problems: outcome.problems.slice(0, 3).join('; ') }));
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointermove', onMove);
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCut);
    document.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointermove', onMove);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('cut', onCut);
      document.removeEventListener('paste', onPaste);
    };
  }, [flow, t]);
}
