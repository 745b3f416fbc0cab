import { ApiError, messageOf, type StockDetail } from '../api/index.js';
import type { api as realApi } from '../api/client.js';
import type { EditorStore, Route } from './state.js';
import { appendPage, firstPage, withLevel } from './stock.js';

/**
 * The stock page's server work: list (search by SKU prefix, page by page), one SKU's history, setting a
 * quantity. Problems with a form come back as values for the form to show; everything else becomes a notice.
 */

type Api = typeof realApi;

export type StockSaveResult =
  | { readonly kind: 'ok'; readonly detail: StockDetail }
  /** Adding a SKU that exists already: nothing was changed. */
  | { readonly kind: 'exists'; readonly quantity: number }
  | { readonly kind: 'error'; readonly error: ApiError };

export interface StockHooks {
  readonly fail: (error: unknown) => void;
  readonly navigate: (route: Route) => Promise<boolean>;
}

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, 'UNEXPECTED', messageOf(error));
}

export function createStockActions(store: EditorStore, api: Api, hooks: StockHooks) {
  let listToken = 0;
  const pageSize = 50;

  const actions = {
    /** Loads the first page for a prefix (default: the current one); a newer search wins over an older answer. */
    async loadStock(prefix?: string): Promise<void> {
      const current = store.getState().stock;
      const wanted = prefix ?? (current.kind === 'loaded' ? current.value.prefix : '');
      listToken += 1;
      const token = listToken;
      if (current.kind !== 'loaded') store.setState({ stock: { kind: 'loading' } });
      try {
        const page = await api.stock({ prefix: wanted, limit: pageSize });
        if (token === listToken) store.setState({ stock: { kind: 'loaded', value: firstPage(wanted, page) } });
      } catch (error) {
        if (token !== listToken) return;
        store.setState({ stock: { kind: 'failed', message: messageOf(error) } });
        hooks.fail(error);
      }
    },
    async loadMoreStock(): Promise<void> {
      const current = store.getState().stock;
      if (current.kind !== 'loaded' || current.value.loadingMore) return;
      const list = current.value;
      const cursor = list.nextCursor;
      if (cursor === null) return;
      const token = listToken;
      store.setState({ stock: { kind: 'loaded', value: { ...list, loadingMore: true } } });
      try {
        const page = await api.stock({ prefix: list.prefix, cursor, limit: pageSize });
        const now = store.getState().stock;
        if (token === listToken && now.kind === 'loaded') store.setState({ stock: { kind: 'loaded', value: appendPage(now.value, page) } });
      } catch (error) {
        const now = store.getState().stock;
        if (now.kind === 'loaded') store.setState({ stock: { kind: 'loaded', value: { ...now.value, loadingMore: false } } });
        hooks.fail(error);
      }
    },

    /** Sets a quantity; `create` first checks that the SKU is new (so adding never overwrites a count by mistake). */
    async saveStock(input: { sku: string; quantity: number; reason?: string; idempotencyKey: string; create: boolean }): Promise<StockSaveResult> {
      try {
        if (input.create) {
          const existing = await api.stockItem(input.sku).catch((error: unknown) => {
            if (error instanceof ApiError && error.status === 404) return null;
            throw error;
          });
          if (existing) return { kind: 'exists', quantity: existing.quantity };
        }
        await api.setStock(input.sku, input.reason ? { quantity: input.quantity, reason: input.reason } : { quantity: input.quantity }, input.idempotencyKey);
        const detail = await api.stockItem(input.sku);
        const list = store.getState().stock;
        if (list.kind === 'loaded') store.setState({ stock: { kind: 'loaded', value: withLevel(list.value, detail) } });
        const shown = store.getState().stockDetail;
        if (shown.kind === 'loaded' && shown.value.sku === detail.sku) store.setState({ stockDetail: { kind: 'loaded', value: detail } });
        return { kind: 'ok', detail };
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) hooks.fail(error);
        return { kind: 'error', error: asApiError(error) };
      }
    },

    async openStockHistory(sku: string): Promise<void> {
      store.setState({ stockDetail: { kind: 'loading' } });
      try {
        const detail = await api.stockItem(sku);
        store.setState({ stockDetail: { kind: 'loaded', value: detail } });
      } catch (error) {
        store.setState({ stockDetail: { kind: 'failed', message: messageOf(error) } });
        if (error instanceof ApiError && error.status === 401) hooks.fail(error);
      }
    },
    closeStockHistory(): void {
      store.setState({ stockDetail: { kind: 'idle' } });
    },
    /** Opens the execution that made a stock change, on the canvas of its workflow. */
    async openStockExecution(executionId: string): Promise<void> {
      try {
        const detail = await api.execution(executionId);
        await hooks.navigate({ page: 'editor', workflowId: detail.workflowId, executionId });
      } catch (error) {
        hooks.fail(error);
      }
    },
  };
  return actions;
}

export type StockActions = ReturnType<typeof createStockActions>;
