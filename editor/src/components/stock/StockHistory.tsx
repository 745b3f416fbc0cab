import { useTranslation } from 'react-i18next';
import type { StockDetail, StockHistoryEntry } from '../../api/index.js';
import { localeOf } from '../../i18n/index.js';
import { formatDateTime, formatNumber } from '../../lib/format.js';
import { appActions, selectStockDetail, useEditor } from '../../store/index.js';

/** The chosen SKU's latest changes, newest first, each with the run that made it (when a workflow did). */
export function StockHistory() {
  const { t } = useTranslation();
  const detail = useEditor(selectStockDetail);
  if (detail.kind === 'idle') return null;
  return (
    <section className="card stock-history" aria-labelledby="stock-history-title" data-testid="stock-history">
      <div className="panel-head">
        <h2 id="stock-history-title">{detail.kind === 'loaded' ? t('stock.history', { sku: detail.value.sku }) : t('stock.historyTitle')}</h2>
        <button type="button" className="icon" aria-label={t('common.close')} onClick={() => appActions.closeStockHistory()}>
          ×
        </button>
      </div>
      {detail.kind === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {detail.kind === 'failed' && <p className="field-error" role="alert">{detail.message}</p>}
      {detail.kind === 'loaded' && <HistoryTable detail={detail.value} />}
    </section>
  );
}

function HistoryTable({ detail }: { detail: StockDetail }) {
  const { t, i18n } = useTranslation();
  const locale = localeOf(i18n.language);
  if (detail.history.length === 0) return <p className="empty">{t('stock.historyEmpty')}</p>;
  return (
    <>
      <p className="muted small">{t('stock.historyHint')}</p>
      <table className="table compact">
        <thead>
          <tr>
            <th scope="col">{t('stock.when')}</th>
            <th scope="col" className="num">{t('stock.change')}</th>
            <th scope="col" className="num">{t('stock.after')}</th>
            <th scope="col">{t('stock.reasonColumn')}</th>
            <th scope="col">{t('stock.execution')}</th>
          </tr>
        </thead>
        <tbody>
          {detail.history.map((entry, index) => (
            <HistoryRow key={`${String(entry.at)}-${index}`} entry={entry} locale={locale} />
          ))}
        </tbody>
      </table>
    </>
  );
}

function HistoryRow({ entry, locale }: { entry: StockHistoryEntry; locale: string }) {
  const { t } = useTranslation();
  const sign = entry.delta > 0 ? '+' : entry.delta < 0 ? '−' : '±';
  return (
    <tr className="history-entry">
      <td>{formatDateTime(entry.at, locale)}</td>
      <td className={`num delta ${entry.delta < 0 ? 'down' : entry.delta > 0 ? 'up' : ''}`}>{`${sign}${formatNumber(Math.abs(entry.delta), locale)}`}</td>
      <td className="num">{formatNumber(entry.quantityAfter, locale)}</td>
      <td className="reason">{entry.reason}</td>
      <td>
        {entry.executionId ? (
          <button type="button" className="link" onClick={() => entry.executionId && void appActions.openStockExecution(entry.executionId)}>
            {t('stock.openExecution')}
          </button>
        ) : (
          <span className="muted">{t('stock.manualChange')}</span>
        )}
      </td>
    </tr>
  );
}
