/** Keyboard shortcuts of the canvas, as data: the help panel lists exactly these. */
export type ShortcutAction =
  | 'undo' | 'redo' | 'save' | 'selectAll' | 'delete' | 'copy' | 'paste' | 'layout' | 'help' | 'search' | 'close' | 'fit';

export interface Shortcut {
  readonly action: ShortcutAction;
  /** Human form, e.g. "Ctrl+Shift+Z". */
  readonly keys: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'undo', keys: 'Ctrl+Z' },
  { action: 'redo', keys: 'Ctrl+Shift+Z / Ctrl+Y' },
  { action: 'save', keys: 'Ctrl+S' },
  { action: 'copy', keys: 'Ctrl+C' },
  { action: 'paste', keys: 'Ctrl+V' },
  { action: 'selectAll', keys: 'Ctrl+A' },
  { action: 'delete', keys: 'Delete / Backspace' },
  { action: 'layout', keys: 'Shift+L' },
  { action: 'fit', keys: 'Shift+1' },
  { action: 'search', keys: '/' },
  { action: 'help', keys: '?' },
  { action: 'close', keys: 'Esc' },
];

export interface KeyLike {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
}

/**
 * The action of a key press, or null. Copy and paste are handled through the clipboard events (so they work
 * with the system clipboard and text from other programs), not here.
 */
export function actionOf(e: KeyLike): ShortcutAction | null {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  if (mod && !e.altKey) {
    if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
    if (key === 'y') return 'redo';
    if (key === 's') return 'save';
    if (key === 'a') return 'selectAll';
    return null;
  }
  if (e.altKey) return null;
  if (e.key === 'Delete' || e.key === 'Backspace') return 'delete';
  if (e.shiftKey && key === 'l') return 'layout';
  if (e.shiftKey && (e.key === '!' || e.key === '1')) return 'fit';
  if (e.key === '?') return 'help';
  if (e.key === '/') return 'search';
  if (e.key === 'Escape') return 'close';
  return null;
}

/** True when the key event belongs to a text field (shortcuts then stay out of the way). */
export function inTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.closest('input, textarea, select, .cm-editor') !== null;
}
