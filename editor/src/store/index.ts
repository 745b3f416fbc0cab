import { useStore } from 'zustand';
import { api } from '../api/client.js';
import { createAppActions } from './app-actions.js';
import { createDocActions } from './doc-actions.js';
import { editorStore, type EditorState } from './state.js';

/** The running editor's store, actions and the React hook that reads it with a module-scope selector. */
export { editorStore };
export type { EditorState, Route, RunView, Session, Notice, Loadable } from './state.js';
export * from './selectors.js';

export const docActions = createDocActions(editorStore);
export const appActions = createAppActions(editorStore, api, {
  history: { push: (path) => { if (window.location.pathname + window.location.search !== path) window.history.pushState(null, '', path); } },
});

export function useEditor<T>(selector: (state: EditorState) => T): T {
  return useStore(editorStore, selector);
}
