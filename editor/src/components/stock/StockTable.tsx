import { useTranslation } from 'react-i18next';
import type { StockLevel } from '../../api/index.js';
import { localeOf } from '../../i18n/index.js';
import { formatDateTime, formatNumber } from '../../lib/format.js';
import { appActions } from '../../store/index.js';

/** SKU, quantity, last change; the SKU opens its history, the button the quantity dialog. */
export function StockTable({ levels, selected, onEdit }: { levels: readonly StockLevel[]; selected: string | null; onEdit: (level: StockLevel) => void }) {
  const { t, i18n } = useTranslation();
  const locale = localeOf(i18n.language);
  return (
    <table className="table" data-testid="stock-table">
      <thead>
        <tr>
          <th scope="col">{t('stock.sku')}</th>
          <th scope="col" className="num">{t('stock.quantity')}</th>
          <th scope="col">{t('stock.updated')}</th>
          <th scope="col">
            <span className="sr-only">{t('common.actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {levels.map((level) => (
          <tr key={level.sku} data-sku={level.sku} className={level.sku === selected ? 'selected' : undefined}>
            <td>
              <button type="button" className="link" aria-current={level.sku === selected ? 'true' : undefined} title={t('stock.showHistory')} onClick={() => void appActions.openStockHistory(level.sku)}>
                {level.sku}
              </button>
            </td>
            <td className="num quantity">
              {level.quantity === 0 && <span className="badge status-failed">{t('stock.outOfStock')}</span>} <span className="value">{formatNumber(level.quantity, locale)}</span>
            </td>
            <td>{formatDateTime(level.updatedAt, locale)}</td>
            <td className="row-actions">
              <button type="button" onClick={() => onEdit(level)}>
                {t('stock.edit')}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
