import type { Workflow } from '../../../server/engine/workflow/schema.js';
import { emptyHistory, record, redo, undo, type History } from './history.js';

/**
 * The open workflow as an editable document: the current version, the last saved version, undo/redo history,
 * and the selection. Every function is pure and returns a new Doc (or the same when nothing changed).
 */

export interface Selection {
  readonly nodes: readonly string[];
  readonly edges: readonly string[];
  readonly stickies: readonly string[];
}

export const emptySelection: Selection = { nodes: [], edges: [], stickies: [] };

export interface Doc {
  readonly workflowId: string;
  readonly workflow: Workflow;
  /** The version last loaded from or saved to the server; the doc is dirty while `workflow` differs. */
  readonly saved: Workflow;
  readonly active: boolean;
  readonly history: History<Workflow>;
  /** Version before the running gesture (a drag), recorded as one step when the gesture ends. */
  readonly gestureStart: Workflow | null;
  readonly selection: Selection;
}

export function openDoc(workflowId: string, workflow: Workflow, active: boolean): Doc {
  return { workflowId, workflow, saved: workflow, active, history: emptyHistory(), gestureStart: null, selection: emptySelection };
}

/** One user command: the change becomes one undo step. */
export function edit(doc: Doc, change: (workflow: Workflow) => Workflow): Doc {
  const workflow = change(doc.workflow);
  if (workflow === doc.workflow) return doc;
  return { ...doc, workflow, history: record(doc.history, doc.gestureStart ?? doc.workflow), gestureStart: null };
}

/** A step of a gesture (drag): shown at once, recorded only by `endGesture`. */
export function editTransient(doc: Doc, change: (workflow: Workflow) => Workflow): Doc {
  const workflow = change(doc.workflow);
  if (workflow === doc.workflow) return doc;
  return { ...doc, workflow, gestureStart: doc.gestureStart ?? doc.workflow };
}

export function endGesture(doc: Doc): Doc {
  if (doc.gestureStart === null) return doc;
  if (doc.gestureStart === doc.workflow) return { ...doc, gestureStart: null };
  return { ...doc, history: record(doc.history, doc.gestureStart), gestureStart: null };
}

function pruneSelection(selection: Selection, workflow: Workflow): Selection {
  const ids = new Set(workflow.nodes.map((n) => n.id));
  const stickies = new Set((workflow.stickyNotes ?? []).map((s) => s.id));
  return {
    nodes: selection.nodes.filter((id) => ids.has(id)),
    edges: selection.edges,
    stickies: selection.stickies.filter((id) => stickies.has(id)),
  };
}

export function undoDoc(doc: Doc): Doc {
  const settled = endGesture(doc);
  const step = undo(settled.history, settled.workflow);
  if (!step) return settled;
  return { ...settled, workflow: step.value, history: step.history, selection: pruneSelection(settled.selection, step.value) };
}

export function redoDoc(doc: Doc): Doc {
  const settled = endGesture(doc);
  const step = redo(settled.history, settled.workflow);
  if (!step) return settled;
  return { ...settled, workflow: step.value, history: step.history, selection: pruneSelection(settled.selection, step.value) };
}

export function isDirty(doc: Doc): boolean {
  return doc.workflow !== doc.saved;
}

/** `sent` is the version that was saved; edits made while saving keep the doc dirty. */
export function markSaved(doc: Doc, sent: Workflow): Doc {
  return { ...doc, saved: sent };
}

export function select(doc: Doc, selection: Selection): Doc {
  return { ...doc, selection };
}
