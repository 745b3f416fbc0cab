import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { editorStore, selectDirty } from '../store/index.js';

/**
 * The unsaved-changes guard: warns on tab close/reload while the document is dirty, and returns the confirm
 * used before in-app navigation.
 */
export function useConfirmLeave(): () => boolean {
  const { t } = useTranslation();
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (selectDirty(editorStore.getState())) {
        event.preventDefault();
        event.returnValue = '';
      }
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);
  return () => window.confirm(t('editor.unsavedConfirm'));
}
