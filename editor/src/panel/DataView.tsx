import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { localeOf } from '../i18n/index.js';
import { formatNumber } from '../lib/format.js';
import { expressionFor } from './expression.js';

type Json = Record<string, unknown>;

/**
 * Items as a table or as JSON. In the input view every field can be dragged onto a param, which inserts
 * the expression for it (`{{ $json.customer.email }}`).
 */
export function DataView({ items, draggable, testId }: { items: readonly Json[]; draggable: boolean; testId: string }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'table' | 'json'>('table');
  if (items.length === 0) return <p className="muted small">{t('data.none')}</p>;
  const columns = Array.from(new Set(items.slice(0, 50).flatMap((i) => Object.keys(i))));
  return (
    <div className="data-view" data-testid={testId}>
      <div className="seg" role="group" aria-label={t('data.view')}>
        <button type="button" aria-pressed={mode === 'table'} onClick={() => setMode('table')}>
          {t('data.table')}
        </button>
        <button type="button" aria-pressed={mode === 'json'} onClick={() => setMode('json')}>
          JSON
        </button>
        <span className="muted small">{t('canvas.items', { count: items.length })}</span>
      </div>
      {mode === 'json' ? (
        <pre className="json">{JSON.stringify(items, null, 2)}</pre>
      ) : (
        <div className="table-scroll">
          <table className="table compact">
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c} scope="col">
                    <Field path={[c]} draggable={draggable} />
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {items.slice(0, 100).map((item, i) => (
                <tr key={i}>
                  {columns.map((c) => (
                    <td key={c}>
                      <Cell value={item[c]} path={[c]} draggable={draggable && i === 0} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function onDragStart(path: readonly (string | number)[]) {
  return (e: DragEvent) => {
    e.dataTransfer.setData('text/plain', expressionFor('$json', path));
    e.dataTransfer.effectAllowed = 'copy';
  };
}

function Field({ path, draggable }: { path: readonly (string | number)[]; draggable: boolean }) {
  const name = String(path[path.length - 1]);
  if (!draggable) return <span>{name}</span>;
  return (
    <span className="field-chip" draggable onDragStart={onDragStart(path)} title={expressionFor('$json', path)} data-field-path={path.join('.')}>
      {name}
    </span>
  );
}

function Cell({ value, path, draggable }: { value: unknown; path: readonly (string | number)[]; draggable: boolean }) {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return (
      <dl className="nested">
        {Object.entries(value).slice(0, 20).map(([k, v]) => (
          <div key={k}>
            <dt>
              <Field path={[...path, k]} draggable={draggable} />
            </dt>
            <dd>
              <Cell value={v} path={[...path, k]} draggable={draggable} />
            </dd>
          </div>
        ))}
      </dl>
    );
  }
  const { i18n } = useTranslation();
  if (typeof value === 'number') return <span className="cell number">{formatNumber(value, localeOf(i18n.language))}</span>;
  const text = value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return <span className="cell">{text.length > 200 ? `${text.slice(0, 200)}…` : text}</span>;
}
