/**
 * Undo/redo as a bounded list of document versions. `record(before, after)` is called once per user command
 * (a drag counts once, at its end); versions are shared by reference, so a step costs one pointer.
 */
export interface History<T> {
  readonly past: readonly T[];
  readonly future: readonly T[];
}

export const HISTORY_LIMIT = 200;

export function emptyHistory<T>(): History<T> {
  return { past: [], future: [] };
}

/** A command changed the document from `before`: remember `before`, forget redo steps. */
export function record<T>(history: History<T>, before: T): History<T> {
  const past = history.past.length >= HISTORY_LIMIT ? history.past.slice(1) : history.past;
  return { past: [...past, before], future: [] };
}

/** Steps back: the version to show and the new history, or null when there is nothing to undo. */
export function undo<T>(history: History<T>, current: T): { readonly value: T; readonly history: History<T> } | null {
  const value = history.past[history.past.length - 1];
  if (value === undefined) return null;
  return { value, history: { past: history.past.slice(0, -1), future: [current, ...history.future] } };
}

export function redo<T>(history: History<T>, current: T): { readonly value: T; readonly history: History<T> } | null {
  const value = history.future[0];
  if (value === undefined) return null;
  return { value, history: { past: [...history.past, current], future: history.future.slice(1) } };
}
