import { workflowSchema, type Workflow, type WorkflowInput } from '../../../server/engine/workflow/schema.js';
import { ApiError, messageOf, type ExecutionDetail, type ExecutionSummary } from '../api/index.js';
import type { api as realApi } from '../api/client.js';
import { isDirty, markSaved, openDoc } from './doc.js';
import { formatRoute, parseRoute } from './route.js';
import type { EditorStore, Notice, Route } from './state.js';
import { createStockActions } from './stock-actions.js';

/**
 * Everything that talks to the server: session, navigation, workflow list, saving, test runs, executions, stock (stock-actions.ts) and
 * credentials. Failures become notices carrying the server's message; nothing throws into React.
 */

type Api = typeof realApi;

let noticeSeq = 0;

function finished(detail: ExecutionDetail): boolean {
  return detail.status !== 'queued' && detail.status !== 'running';
}

function timeOf(e: ExecutionSummary): number {
  const t = e.startedAt ?? e.createdAt;
  if (typeof t === 'number') return t;
  if (typeof t === 'string') return Date.parse(t);
  return 0;
}

export interface AppActionOptions {
  readonly pollMs?: number;
  /** Reflects route changes in the address bar (browser only). */
  readonly history?: { push(path: string): void };
}

export function createAppActions(store: EditorStore, api: Api, options: AppActionOptions = {}) {
  const pollMs = options.pollMs ?? 400;
  let pollToken = 0;

  const notify = (kind: Notice['kind'], text: string): void => {
    noticeSeq += 1;
    const notice: Notice = { id: noticeSeq, kind, text };
    store.setState((s) => ({ notices: [...s.notices.slice(-4), notice] }));
  };
  const fail = (error: unknown): void => {
    if (error instanceof ApiError && error.status === 401) {
      store.setState({ session: { kind: 'login' } });
      return;
    }
    const details = error instanceof ApiError && error.details.length > 0 ? ` (${error.details.map((d) => `${d.path}: ${d.message}`).join('; ')})` : '';
    notify('error', messageOf(error) + details);
  };
  const attempt = async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      fail(error);
      return undefined;
    }
  };

  const stock = createStockActions(store, api, { fail, navigate: (route) => actions.navigate(route) });

  const actions = {
    ...stock,
    notify,
    fail,
    dismiss(id: number): void {
      store.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
    },

    async boot(): Promise<void> {
      try {
        const state = await api.authState();
        store.setState({ session: state });
        if (state.kind === 'ready') await actions.afterLogin();
      } catch (error) {
        store.setState({ session: { kind: 'unreachable', message: messageOf(error) } });
      }
    },
    async afterLogin(): Promise<void> {
      const types = await attempt(() => api.nodes());
      if (types) store.setState({ catalog: types });
      api.credentialTypes().then((credentialTypes) => store.setState({ credentialTypes }), () => undefined);
      await actions.enter(store.getState().route);
    },
    async setup(body: { email: string; password: string; name?: string; token?: string }): Promise<ApiError | null> {
      try {
        await api.setup(body);
      } catch (error) {
        if (error instanceof ApiError) return error;
        throw error;
      }
      await actions.boot();
      return null;
    },
    async login(body: { email: string; password: string }): Promise<ApiError | null> {
      try {
        await api.login(body);
      } catch (error) {
        if (error instanceof ApiError) return error;
        throw error;
      }
      await actions.boot();
      return null;
    },
    async logout(): Promise<void> {
      await attempt(() => api.logout());
      store.setState({ session: { kind: 'login' }, doc: null, run: { kind: 'none' } });
    },

    /** Navigates (asking first when the open document has unsaved changes). */
    async navigate(route: Route, confirmLeave: (() => boolean) | null = null): Promise<boolean> {
      const doc = store.getState().doc;
      const leaving = doc && (route.page !== 'editor' || route.workflowId !== doc.workflowId);
      if (leaving && isDirty(doc) && confirmLeave && !confirmLeave()) return false;
      options.history?.push(formatRoute(route));
      await actions.enter(route);
      return true;
    },
    /** Loads what a route shows (also used for back/forward). */
    async enter(route: Route): Promise<void> {
      pollToken += 1;
      store.setState({ route, help: false });
      switch (route.page) {
        case 'workflows':
          store.setState({ doc: null, panelNodeId: null, run: { kind: 'none' } });
          await actions.loadWorkflows();
          return;
        case 'editor':
          await actions.openWorkflow(route.workflowId, route.executionId);
          return;
        case 'executions':
          store.setState({ doc: null, panelNodeId: null, run: { kind: 'none' } });
          await actions.loadExecutions(route.workflowId);
          return;
        case 'credentials':
          store.setState({ doc: null, panelNodeId: null, run: { kind: 'none' } });
          await actions.loadCredentials();
          return;
        case 'stock':
          store.setState({ doc: null, panelNodeId: null, run: { kind: 'none' } });
          await actions.loadStock();
          return;
        default: {
          const never: never = route;
          return never;
        }
      }
    },
    routeFromLocation(pathname: string, search: string): Route {
      return parseRoute(pathname, search);
    },

    async loadWorkflows(): Promise<void> {
      if (store.getState().workflows.kind !== 'loaded') store.setState({ workflows: { kind: 'loading' } });
      try {
        const [workflows, executions] = await Promise.all([api.workflows(), api.executions({ limit: 500 }).catch(() => [])]);
        const lastRuns: Record<string, ExecutionSummary> = {};
        for (const e of executions) {
          const known = lastRuns[e.workflowId];
          if (!known || timeOf(e) > timeOf(known)) lastRuns[e.workflowId] = e;
        }
        store.setState({ workflows: { kind: 'loaded', value: workflows }, lastRuns });
      } catch (error) {
        store.setState({ workflows: { kind: 'failed', message: messageOf(error) } });
        fail(error);
      }
    },
    async createWorkflow(input: WorkflowInput): Promise<string | undefined> {
      const created = await attempt(() => api.createWorkflow(input));
      if (!created?.workflow.id) return undefined;
      return created.workflow.id;
    },
    /** Imports a workflow file's text; a taken id gets a fresh one. Answers the new id or a problem list. */
    async importText(text: string): Promise<{ kind: 'ok'; id: string } | { kind: 'invalid'; problems: string[] }> {
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch (error) {
        return { kind: 'invalid', problems: [messageOf(error)] };
      }
      const parsed = workflowSchema.safeParse(raw);
      if (!parsed.success) return { kind: 'invalid', problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
      try {
        const created = await api.createWorkflow(parsed.data);
        await actions.loadWorkflows();
        return { kind: 'ok', id: created.workflow.id ?? '' };
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) {
          const { id: _taken, ...rest } = parsed.data;
          const created = await attempt(() => api.createWorkflow(rest));
          await actions.loadWorkflows();
          if (created?.workflow.id) return { kind: 'ok', id: created.workflow.id };
          return { kind: 'invalid', problems: [messageOf(error)] };
        }
        if (error instanceof ApiError) return { kind: 'invalid', problems: [error.message, ...error.details.map((d) => `${d.path}: ${d.message}`)] };
        return { kind: 'invalid', problems: [messageOf(error)] };
      }
    },
    async exportText(id: string): Promise<string | undefined> {
      const stored = await attempt(() => api.workflow(id));
      return stored ? JSON.stringify(stored.workflow, null, 2) : undefined;
    },
    async duplicate(id: string, copyName: (name: string) => string): Promise<void> {
      const stored = await attempt(() => api.workflow(id));
      if (!stored) return;
      const { id: _old, ...rest } = stored.workflow;
      await attempt(() => api.createWorkflow({ ...rest, name: copyName(rest.name) }));
      await actions.loadWorkflows();
    },
    async renameStored(id: string, name: string): Promise<void> {
      const stored = await attempt(() => api.workflow(id));
      if (!stored) return;
      await attempt(() => api.saveWorkflow(id, { ...stored.workflow, name }));
      await actions.loadWorkflows();
    },
    async remove(id: string): Promise<void> {
      await attempt(() => api.deleteWorkflow(id));
      await actions.loadWorkflows();
    },
    async setActive(id: string, active: boolean): Promise<boolean> {
      const done = await attempt(() => (active ? api.activate(id) : api.deactivate(id)));
      if (done === undefined) return false;
      const doc = store.getState().doc;
      if (doc && doc.workflowId === id) store.setState({ doc: { ...doc, active } });
      const list = store.getState().workflows;
      if (list.kind === 'loaded') store.setState({ workflows: { kind: 'loaded', value: list.value.map((w) => (w.id === id ? { ...w, active } : w)) } });
      return true;
    },

    async openWorkflow(id: string, executionId?: string): Promise<void> {
      const current = store.getState().doc;
      if (!current || current.workflowId !== id) {
        const stored = await attempt(() => api.workflow(id));
        if (!stored) return;
        store.setState({ doc: openDoc(id, stored.workflow, stored.active), panelNodeId: null, run: { kind: 'none' }, problems: [] });
      }
      if (executionId) {
        const detail = await attempt(() => api.execution(executionId));
        if (detail) store.setState({ run: { kind: 'finished', detail } });
      }
    },
    /** Saves the open document as a new version; answers false when the server refused it. */
    async save(): Promise<boolean> {
      const doc = store.getState().doc;
      if (!doc) return false;
      const sent: Workflow = doc.workflow;
      try {
        await api.saveWorkflow(doc.workflowId, sent);
      } catch (error) {
        if (error instanceof ApiError && error.details.length > 0) store.setState({ problems: error.details });
        fail(error);
        return false;
      }
      store.setState({ problems: [] });
      const now = store.getState().doc;
      if (now && now.workflowId === doc.workflowId) store.setState({ doc: markSaved(now, sent) });
      return true;
    },

    /** Follows an execution until it ends, showing each node's state on the canvas. */
    async follow(executionId: string): Promise<void> {
      pollToken += 1;
      const token = pollToken;
      store.setState({ run: { kind: 'running', executionId, detail: null } });
      for (let i = 0; i < 3000 && token === pollToken; i++) {
        try {
          const detail = await api.execution(executionId);
          if (token !== pollToken) return;
          if (finished(detail)) {
            store.setState({ run: { kind: 'finished', detail } });
            return;
          }
          store.setState({ run: { kind: 'running', executionId, detail } });
        } catch (error) {
          if (!(error instanceof ApiError && error.status === 404)) {
            fail(error);
            store.setState({ run: { kind: 'none' } });
            return;
          }
        }
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    },
    /** "Test workflow": saves, then runs the manual trigger, or listens on the test webhook URL. */
    async test(kind: 'manual' | 'webhook', triggerNodeId?: string): Promise<void> {
      const doc = store.getState().doc;
      if (!doc) return;
      if (isDirty(doc) && !(await actions.save())) return;
      if (kind === 'manual') {
        const executionId = await attempt(() => api.run(doc.workflowId, undefined, triggerNodeId));
        if (executionId) await actions.follow(executionId);
        return;
      }
      const listening = await attempt(() => api.testWebhook(doc.workflowId));
      if (!listening) return;
      pollToken += 1;
      const token = pollToken;
      store.setState({ run: { kind: 'listening', urls: listening.urls, expiresAt: listening.expiresAt ?? null } });
      for (let i = 0; i < 100_000 && token === pollToken; i++) {
        await new Promise((resolve) => setTimeout(resolve, pollMs));
        if (token !== pollToken) return;
        const state = await attempt(() => api.testWebhookState(doc.workflowId));
        if (!state || token !== pollToken) return;
        if (state.status === 'received' && state.executionId) {
          await actions.follow(state.executionId);
          return;
        }
        if (state.status === 'expired' || state.status === 'idle') {
          store.setState({ run: { kind: 'none' } });
          return;
        }
      }
    },
    async stopTest(): Promise<void> {
      const { run, doc } = store.getState();
      pollToken += 1;
      store.setState({ run: { kind: 'none' } });
      if (run.kind === 'listening' && doc) await attempt(() => api.stopTestWebhook(doc.workflowId));
    },
    clearRun(): void {
      pollToken += 1;
      store.setState({ run: { kind: 'none' } });
    },

    async loadExecutions(workflowId?: string): Promise<void> {
      if (store.getState().executions.kind !== 'loaded') store.setState({ executions: { kind: 'loading' } });
      try {
        const filter = workflowId ? { workflowId, limit: 200 } : { limit: 200 };
        const [list, workflows] = await Promise.all([api.executions(filter), api.workflows().catch(() => null)]);
        if (workflows) store.setState({ workflows: { kind: 'loaded', value: workflows } });
        store.setState({ executions: { kind: 'loaded', value: list } });
      } catch (error) {
        store.setState({ executions: { kind: 'failed', message: messageOf(error) } });
        fail(error);
      }
    },
    async retry(executionId: string): Promise<void> {
      const id = await attempt(() => api.retryExecution(executionId));
      if (id) await actions.follow(id);
    },

    async loadCredentials(): Promise<void> {
      if (store.getState().credentials.kind !== 'loaded') store.setState({ credentials: { kind: 'loading' } });
      try {
        const [list, types] = await Promise.all([api.credentials(), api.credentialTypes().catch(() => store.getState().credentialTypes)]);
        store.setState({ credentials: { kind: 'loaded', value: list }, credentialTypes: types });
      } catch (error) {
        store.setState({ credentials: { kind: 'failed', message: messageOf(error) } });
        fail(error);
      }
    },
    /** Creates a credential; answers its id, or the ApiError to show on the form. */
    async createCredential(body: { name: string; type: string; data: Record<string, unknown> }): Promise<{ kind: 'ok'; id: string } | { kind: 'error'; error: ApiError }> {
      try {
        const created = await api.createCredential(body);
        await actions.loadCredentials();
        return { kind: 'ok', id: created.id };
      } catch (error) {
        if (error instanceof ApiError) return { kind: 'error', error };
        throw error;
      }
    },
    async deleteCredential(id: string): Promise<void> {
      await attempt(() => api.deleteCredential(id));
      await actions.loadCredentials();
    },
    async testCredential(id: string): Promise<string | undefined> {
      const answer = await attempt(() => api.testCredential(id));
      if (typeof answer === 'object' && answer !== null && 'status' in answer) return String(answer.status) + ('message' in answer && answer.message ? `: ${String(answer.message)}` : '');
      return undefined;
    },
  };
  return actions;
}

export type AppActions = ReturnType<typeof createAppActions>;
