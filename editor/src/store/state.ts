import { createStore } from 'zustand/vanilla';
import type { CredentialTypeInfo, Credential, ExecutionDetail, ExecutionSummary, NodeType, StockDetail, User, WorkflowSummary } from '../api/index.js';
import type { Doc } from './doc.js';
import type { StockList } from './stock.js';

/**
 * The editor's one application store (plain zustand, no React): session, route, catalog, workflow list, the
 * open document, the test run shown on the canvas, notices. React reads it through the selectors in
 * `selectors.ts`; React Flow keeps its own internal store for viewport and measurements.
 */

export type Route =
  | { readonly page: 'workflows' }
  | { readonly page: 'editor'; readonly workflowId: string; readonly executionId?: string }
  | { readonly page: 'executions'; readonly workflowId?: string }
  | { readonly page: 'credentials' }
  | { readonly page: 'stock' };

export type Session =
  | { readonly kind: 'loading' }
  | { readonly kind: 'setup' }
  | { readonly kind: 'login' }
  | { readonly kind: 'ready'; readonly user: User }
  | { readonly kind: 'unreachable'; readonly message: string };

/** What the canvas shows about a run. */
export type RunView =
  | { readonly kind: 'none' }
  | { readonly kind: 'listening'; readonly urls: readonly { nodeId: string; method: string; url: string }[]; readonly expiresAt: number | null }
  | { readonly kind: 'running'; readonly executionId: string; readonly detail: ExecutionDetail | null }
  | { readonly kind: 'finished'; readonly detail: ExecutionDetail };

export interface Notice {
  readonly id: number;
  readonly kind: 'error' | 'info';
  readonly text: string;
}

export type Loadable<T> =
  | { readonly kind: 'idle' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'loaded'; readonly value: T }
  | { readonly kind: 'failed'; readonly message: string };

export interface EditorState {
  readonly session: Session;
  readonly route: Route;
  readonly catalog: readonly NodeType[];
  readonly workflows: Loadable<readonly WorkflowSummary[]>;
  /** Latest execution per workflow id, for the list. */
  readonly lastRuns: Readonly<Record<string, ExecutionSummary>>;
  readonly executions: Loadable<readonly ExecutionSummary[]>;
  readonly credentials: Loadable<readonly Credential[]>;
  readonly credentialTypes: readonly CredentialTypeInfo[];
  /** The stock page's list (the pages loaded so far for one SKU prefix). */
  readonly stock: Loadable<StockList>;
  /** The SKU whose history the stock page shows (idle: none chosen). */
  readonly stockDetail: Loadable<StockDetail>;
  readonly doc: Doc | null;
  /** Node whose panel is open. */
  readonly panelNodeId: string | null;
  readonly run: RunView;
  readonly notices: readonly Notice[];
  readonly help: boolean;
  /** The "+" of this output was pressed: the next node picked in the palette is connected from it. */
  readonly connectFrom: { readonly node: string; readonly output: string } | null;
  /** Field problems the server reported for the last save (paths like `nodes.2.params.url`). */
  readonly problems: readonly { readonly path: string; readonly message: string }[];
}

export const initialState: EditorState = {
  session: { kind: 'loading' },
  route: { page: 'workflows' },
  catalog: [],
  workflows: { kind: 'idle' },
  lastRuns: {},
  executions: { kind: 'idle' },
  credentials: { kind: 'idle' },
  credentialTypes: [],
  stock: { kind: 'idle' },
  stockDetail: { kind: 'idle' },
  doc: null,
  panelNodeId: null,
  run: { kind: 'none' },
  notices: [],
  help: false,
  connectFrom: null,
  problems: [],
};

export function createEditorStore(state: EditorState = initialState) {
  return createStore<EditorState>()(() => state);
}

export type EditorStore = ReturnType<typeof createEditorStore>;

/** The store of the running editor. */
export const editorStore = createEditorStore();
