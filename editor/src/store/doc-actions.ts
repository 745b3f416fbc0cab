import type { Connection, Workflow, WorkflowNode } from '../../../server/engine/workflow/schema.js';
import { catalogOf, defaultParams, idBase, portsOf, type Catalog } from '../lib/catalog.js';
import { edit, editTransient, endGesture, redoDoc, select, undoDoc, type Doc, type Selection } from './doc.js';
import { extractFragment, parseFragment, pasteFragment } from './fragment.js';
import * as graph from './graph.js';
import type { EditorStore } from './state.js';

/**
 * Commands on the open document. Each is one undo step unless named transient. They do nothing when no
 * document is open. Outcomes that the UI reports are returned as tagged values.
 */

export type PasteOutcome = { readonly kind: 'pasted'; readonly count: number } | { readonly kind: 'invalid'; readonly problems: readonly string[] };

export function createDocActions(store: EditorStore) {
  let cachedTypes = store.getState().catalog;
  let cachedCatalog: Catalog = catalogOf(cachedTypes);
  const catalog = (): Catalog => {
    const types = store.getState().catalog;
    if (types !== cachedTypes) {
      cachedTypes = types;
      cachedCatalog = catalogOf(types);
    }
    return cachedCatalog;
  };

  const update = (change: (doc: Doc) => Doc): void => {
    const doc = store.getState().doc;
    if (!doc) return;
    const next = change(doc);
    if (next !== doc) store.setState({ doc: next });
  };
  const command = (change: (workflow: Workflow) => Workflow): void => update((doc) => edit(doc, change));

  const checkConnection = (workflow: Workflow, c: Connection) => graph.checkConnection(workflow, c, (node) => portsOf(node, catalog()));

  return {
    catalog,
    checkConnection,

    /** Adds a node of `type` at `position`; with `from`, also connects that output to the new node's first input. */
    addNode(type: string, position: graph.Point, from?: { readonly node: string; readonly output: string }): string | null {
      const doc = store.getState().doc;
      const nodeType = catalog().get(type);
      if (!doc || !nodeType) return null;
      const id = graph.uniqueId(graph.nodeIds(doc.workflow), idBase(type));
      const node: WorkflowNode = { id, type, params: defaultParams(nodeType), position: graph.freePosition(doc.workflow, position), onError: 'fail', disabled: false };
      const input = portsOf(node, catalog()).inputs[0];
      const link = from && input !== undefined ? { from: from.node, output: from.output, input } : undefined;
      update((d) => select(edit(d, (w) => graph.addNode(w, node, link)), { nodes: [id], edges: [], stickies: [] }));
      return id;
    },

    connect(c: Connection): graph.ConnectVerdict {
      const doc = store.getState().doc;
      if (!doc) return 'missingNode';
      const verdict = checkConnection(doc.workflow, c);
      if (verdict === 'ok') command((w) => graph.connect(w, c));
      return verdict;
    },

    removeSelected(): void {
      update((doc) => select(edit(doc, (w) => graph.remove(w, doc.selection)), { nodes: [], edges: [], stickies: [] }));
      if (store.getState().panelNodeId !== null && !store.getState().doc?.workflow.nodes.some((n) => n.id === store.getState().panelNodeId)) {
        store.setState({ panelNodeId: null });
      }
    },

    remove(removal: graph.Removal): void {
      command((w) => graph.remove(w, removal));
    },

    /** Positions during a drag: shown at once, one undo step when `endGesture` is called. */
    moveTransient(positions: ReadonlyMap<string, graph.Point>): void {
      update((doc) => editTransient(doc, (w) => graph.move(w, positions)));
    },
    endGesture(): void {
      update(endGesture);
    },
    /** Positions as one command (auto-layout). */
    move(positions: ReadonlyMap<string, graph.Point>): void {
      command((w) => graph.move(w, positions));
    },

    updateNode(id: string, change: (node: WorkflowNode) => WorkflowNode): void {
      command((w) => graph.updateNode(w, id, change));
    },
    setParam(id: string, name: string, value: unknown): void {
      command((w) =>
        graph.updateNode(w, id, (node) => {
          if (Object.is(node.params[name], value)) return node;
          const params = { ...node.params };
          if (value === undefined) delete params[name];
          else params[name] = value;
          return { ...node, params };
        }),
      );
    },
    renameWorkflow(name: string): void {
      command((w) => (w.name === name ? w : { ...w, name }));
    },
    setPinData(nodeId: string, items: Record<string, unknown>[] | null): void {
      command((w) => graph.setPinData(w, nodeId, items));
    },
    addSticky(position: graph.Point, text: string): string | null {
      const doc = store.getState().doc;
      if (!doc) return null;
      const id = graph.uniqueId(new Set((doc.workflow.stickyNotes ?? []).map((s) => s.id)), 'note');
      command((w) => graph.addSticky(w, { id, text, position, width: 240, height: 140 }));
      return id;
    },
    updateSticky(id: string, patch: Partial<Omit<graph.StickyNote, 'id'>>): void {
      command((w) => graph.updateSticky(w, id, patch));
    },

    setSelection(selection: Selection): void {
      update((doc) => {
        const same =
          doc.selection.nodes.join('\n') === selection.nodes.join('\n') &&
          doc.selection.edges.join('\n') === selection.edges.join('\n') &&
          doc.selection.stickies.join('\n') === selection.stickies.join('\n');
        return same ? doc : select(doc, selection);
      });
    },
    selectAll(): void {
      update((doc) =>
        select(doc, {
          nodes: doc.workflow.nodes.map((n) => n.id),
          edges: [],
          stickies: (doc.workflow.stickyNotes ?? []).map((s) => s.id),
        }),
      );
    },

    undo(): void {
      update(undoDoc);
    },
    redo(): void {
      update(redoDoc);
    },

    /** The selection as workflow JSON text, or null when nothing is selected. */
    copySelection(): string | null {
      const doc = store.getState().doc;
      if (!doc || (doc.selection.nodes.length === 0 && doc.selection.stickies.length === 0)) return null;
      return JSON.stringify(extractFragment(doc.workflow, doc.selection.nodes, doc.selection.stickies), null, 2);
    },
    /** Pastes workflow JSON (or a node array); pasted items become the selection. */
    paste(text: string, at?: graph.Point): PasteOutcome {
      const parsed = parseFragment(text);
      if (!parsed.ok) return { kind: 'invalid', problems: parsed.problems };
      const doc = store.getState().doc;
      if (!doc) return { kind: 'invalid', problems: ['no workflow is open'] };
      const result = pasteFragment(doc.workflow, parsed.fragment, at);
      update((d) => select(edit(d, () => result.workflow), { nodes: result.nodeIds, edges: [], stickies: result.stickyIds }));
      return { kind: 'pasted', count: result.nodeIds.length + result.stickyIds.length };
    },
  };
}

export type DocActions = ReturnType<typeof createDocActions>;
