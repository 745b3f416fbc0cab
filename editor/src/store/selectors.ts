import type { EditorState } from './state.js';
import { isDirty } from './doc.js';

/** Selectors at module scope (stable identities, so components re-render only when their slice changes). */
export const selectSession = (s: EditorState) => s.session;
export const selectRoute = (s: EditorState) => s.route;
export const selectCatalog = (s: EditorState) => s.catalog;
export const selectWorkflows = (s: EditorState) => s.workflows;
export const selectLastRuns = (s: EditorState) => s.lastRuns;
export const selectExecutions = (s: EditorState) => s.executions;
export const selectCredentials = (s: EditorState) => s.credentials;
export const selectCredentialTypes = (s: EditorState) => s.credentialTypes;
export const selectStock = (s: EditorState) => s.stock;
export const selectStockDetail = (s: EditorState) => s.stockDetail;
export const selectDoc = (s: EditorState) => s.doc;
export const selectWorkflow = (s: EditorState) => s.doc?.workflow ?? null;
export const selectSelection = (s: EditorState) => s.doc?.selection ?? null;
export const selectDirty = (s: EditorState) => (s.doc ? isDirty(s.doc) : false);
export const selectCanUndo = (s: EditorState) => (s.doc ? s.doc.history.past.length > 0 || s.doc.gestureStart !== null : false);
export const selectCanRedo = (s: EditorState) => (s.doc ? s.doc.history.future.length > 0 : false);
export const selectActive = (s: EditorState) => s.doc?.active ?? false;
export const selectPanelNodeId = (s: EditorState) => s.panelNodeId;
export const selectRun = (s: EditorState) => s.run;
export const selectNotices = (s: EditorState) => s.notices;
export const selectHelp = (s: EditorState) => s.help;
export const selectRunNodes = (s: EditorState) => {
  const run = s.run;
  if (run.kind === 'finished') return run.detail.nodes;
  if (run.kind === 'running' && run.detail) return run.detail.nodes;
  return null;
};
export const selectConnectFrom = (s: EditorState) => s.connectFrom;
export const selectProblems = (s: EditorState) => s.problems;
