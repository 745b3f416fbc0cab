import { describe, expect, it } from 'vitest';
import { createDocActions } from './doc-actions.js';
import { isDirty, openDoc } from './doc.js';
import { createEditorStore, initialState } from './state.js';
import { testCatalog, testWorkflow } from './test-fixtures.js';
import { selectCanRedo, selectCanUndo } from './selectors.js';

function setup() {
  const store = createEditorStore({ ...initialState, catalog: testCatalog, doc: openDoc('wf', testWorkflow(), false) });
  return { store, actions: createDocActions(store) };
}

describe('document commands with undo/redo', () => {
  it('adds a node with defaults and connects it from an output', () => {
    const { store, actions } = setup();
    const id = actions.addNode('respond', { x: 600, y: 0 }, { node: 'if', output: 'true' });
    expect(id).toBe('respond');
    const doc = store.getState().doc;
    expect(doc?.workflow.connections.at(-1)).toEqual({ from: 'if', output: 'true', to: 'respond', input: 'main' });
    expect(doc?.selection.nodes).toEqual(['respond']);
    const hook = actions.addNode('webhook', { x: 0, y: 300 });
    expect(store.getState().doc?.workflow.nodes.find((n) => n.id === hook)?.params).toEqual({ path: '', method: 'POST' });
  });
  it('undoes and redoes commands in order, and tracks dirtiness', () => {
    const { store, actions } = setup();
    actions.addNode('respond', { x: 600, y: 0 });
    actions.setParam('set', 'keepOnlySet', true);
    expect(isDirty(store.getState().doc ?? openDoc('x', testWorkflow(), false))).toBe(true);
    actions.undo();
    expect(store.getState().doc?.workflow.nodes.find((n) => n.id === 'set')?.params).toEqual({});
    actions.undo();
    expect(store.getState().doc?.workflow.nodes.map((n) => n.id)).toEqual(['hook', 'set', 'if']);
    expect(selectCanUndo(store.getState())).toBe(false);
    const doc = store.getState().doc;
    expect(doc && isDirty(doc)).toBe(false);
    actions.redo();
    actions.redo();
    expect(store.getState().doc?.workflow.nodes.find((n) => n.id === 'set')?.params).toEqual({ keepOnlySet: true });
    expect(selectCanRedo(store.getState())).toBe(false);
  });
  it('records a drag as one step', () => {
    const { store, actions } = setup();
    for (let x = 1; x <= 10; x++) actions.moveTransient(new Map([['set', { x, y: 0 }]]));
    actions.endGesture();
    expect(store.getState().doc?.history.past).toHaveLength(1);
    actions.undo();
    expect(store.getState().doc?.workflow.nodes[1]?.position).toEqual({ x: 200, y: 0 });
  });
  it('refuses invalid connections and keeps the document', () => {
    const { store, actions } = setup();
    const before = store.getState().doc?.workflow;
    expect(actions.connect({ from: 'if', output: 'true', to: 'set', input: 'main' })).toBe('cycle');
    expect(store.getState().doc?.workflow).toBe(before);
  });
  it('deletes the selection, and copy/paste duplicates it', () => {
    const { store, actions } = setup();
    actions.setSelection({ nodes: ['set', 'if'], edges: [], stickies: [] });
    const text = actions.copySelection();
    expect(text).not.toBeNull();
    actions.removeSelected();
    expect(store.getState().doc?.workflow.nodes.map((n) => n.id)).toEqual(['hook']);
    const outcome = actions.paste(text ?? '', { x: 0, y: 300 });
    expect(outcome).toEqual({ kind: 'pasted', count: 2 });
    expect(store.getState().doc?.workflow.nodes.map((n) => n.id)).toEqual(['hook', 'set', 'if']);
    expect(store.getState().doc?.selection.nodes).toEqual(['set', 'if']);
    expect(actions.paste('{"nodes": 3}').kind).toBe('invalid');
  });
});
