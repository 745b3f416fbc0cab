import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StockDialog, type StockDialogMode } from '../components/stock/StockDialog.js';
import { StockHistory } from '../components/stock/StockHistory.js';
import { StockTable } from '../components/stock/StockTable.js';
import { appActions, selectStock, selectStockDetail, useEditor } from '../store/index.js';

/** The built-in stock ledger: levels by SKU (search by prefix, paged), set or add quantities, one SKU's history. */
export function StockPage() {
  const { t } = useTranslation();
  const stock = useEditor(selectStock);
  const detail = useEditor(selectStockDetail);
  const [dialog, setDialog] = useState<StockDialogMode | null>(null);
  useEffect(() => {
    document.title = `${t('nav.stock')} · flowwerk`;
  }, [t]);
  const selected = detail.kind === 'loaded' ? detail.value.sku : null;
  const list = stock.kind === 'loaded' ? stock.value : null;

  return (
    <main className="list-page stock-page">
      <div className="page-head">
        <h1>{t('nav.stock')}</h1>
        <div className="actions">
          <StockSearch initial={list?.prefix ?? ''} />
          <button type="button" onClick={() => void appActions.loadStock()}>
            {t('common.refresh')}
          </button>
          <button type="button" className="primary" onClick={() => setDialog({ kind: 'create' })}>
            {t('stock.add')}
          </button>
        </div>
      </div>
      {!(list && list.levels.length === 0 && !list.prefix) && <p className="muted">{t('stock.intro')}</p>}
      <div className={detail.kind === 'idle' ? 'stock-layout' : 'stock-layout with-history'}>
        <div>
          {stock.kind === 'loading' && <p className="muted">{t('common.loading')}</p>}
          {stock.kind === 'failed' && <p className="field-error">{stock.message}</p>}
          {list && list.levels.length === 0 && <p className="empty" data-testid="stock-empty">{list.prefix ? t('stock.noMatch', { prefix: list.prefix }) : t('stock.empty')}</p>}
          {list && list.levels.length > 0 && <StockTable levels={list.levels} selected={selected} onEdit={(level) => setDialog({ kind: 'edit', level })} />}
          {list && list.nextCursor !== null && (
            <div className="load-more">
              <button type="button" disabled={list.loadingMore} onClick={() => void appActions.loadMoreStock()}>
                {list.loadingMore ? t('common.loading') : t('stock.loadMore')}
              </button>
            </div>
          )}
        </div>
        <StockHistory />
      </div>
      {dialog && (
        <StockDialog
          key={dialog.kind === 'edit' ? dialog.level.sku : ''}
          mode={dialog}
          onDone={(sku) => {
            setDialog(null);
            if (sku !== null) {
              appActions.notify('info', t('stock.saved', { sku }));
              if (dialog.kind === 'create') void appActions.openStockHistory(sku);
            }
          }}
        />
      )}
    </main>
  );
}

/** Search by SKU prefix: searches a moment after typing stops (Enter: at once). */
function StockSearch({ initial }: { initial: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState(initial);
  const wanted = text.trim();
  useEffect(() => {
    if (wanted === initial) return;
    const timer = window.setTimeout(() => void appActions.loadStock(wanted), 250);
    return () => window.clearTimeout(timer);
  }, [wanted, initial]);
  return (
    <form
      role="search"
      className="stock-search"
      onSubmit={(e) => {
        e.preventDefault();
        void appActions.loadStock(wanted);
      }}
    >
      <input type="search" value={text} placeholder={t('stock.searchPlaceholder')} aria-label={t('stock.search')} onChange={(e) => setText(e.target.value)} />
    </form>
  );
}
