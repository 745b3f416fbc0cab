import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../components/StatusBadge.js';
import { localeOf } from '../i18n/index.js';
import { durationOf, formatDateTime, formatDuration } from '../lib/format.js';
import { appActions, selectExecutions, selectWorkflows, useEditor } from '../store/index.js';

/** Executions, overall or of one workflow: status, mode, start, duration; opening one shows it on the canvas. */
export function ExecutionsPage({ workflowId }: { workflowId: string | undefined }) {
  const { t, i18n } = useTranslation();
  const executions = useEditor(selectExecutions);
  const workflows = useEditor(selectWorkflows);
  const [status, setStatus] = useState('');
  const locale = localeOf(i18n.language);
  const names = new Map(workflows.kind === 'loaded' ? workflows.value.map((w) => [w.id, w.name]) : []);
  useEffect(() => {
    document.title = `${t('nav.executions')} · flowwerk`;
  }, [t]);
  const list = executions.kind === 'loaded' ? executions.value.filter((e) => !status || e.status === status) : [];

  return (
    <main className="list-page">
      <div className="page-head">
        <h1>
          {t('nav.executions')}
          {workflowId && <span className="muted"> · {names.get(workflowId) ?? workflowId}</span>}
        </h1>
        <div className="actions">
          <label>
            {t('executions.status')}{' '}
            <select value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="">{t('executions.all')}</option>
              {['success', 'failed', 'running', 'waiting', 'queued', 'cancelled'].map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </select>
          </label>
          {workflowId && (
            <button type="button" onClick={() => void appActions.navigate({ page: 'executions' })}>
              {t('executions.showAll')}
            </button>
          )}
          <button type="button" onClick={() => void appActions.loadExecutions(workflowId)}>
            {t('common.refresh')}
          </button>
        </div>
      </div>
      {executions.kind === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {executions.kind === 'failed' && <p className="field-error">{executions.message}</p>}
      {executions.kind === 'loaded' && list.length === 0 && <p className="empty">{t('executions.empty')}</p>}
      {list.length > 0 && (
        <table className="table" data-testid="executions">
          <thead>
            <tr>
              <th scope="col">{t('executions.status')}</th>
              {!workflowId && <th scope="col">{t('executions.workflow')}</th>}
              <th scope="col">{t('executions.mode')}</th>
              <th scope="col">{t('executions.started')}</th>
              <th scope="col">{t('executions.duration')}</th>
              <th scope="col">{t('executions.error')}</th>
              <th scope="col">
                <span className="sr-only">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((e) => (
              <tr key={e.id} data-execution-id={e.id} data-mode={e.mode}>
                <td>
                  <StatusBadge status={e.status} />
                </td>
                {!workflowId && <td>{names.get(e.workflowId) ?? e.workflowId}</td>}
                <td>{t(`mode.${e.mode}`, { defaultValue: e.mode })}</td>
                <td>{formatDateTime(e.startedAt ?? e.createdAt, locale)}</td>
                <td>{formatDuration(durationOf(e.startedAt, e.finishedAt), locale)}</td>
                <td className="small">{e.error ? `${e.error.node ? `${e.error.node}: ` : ''}${e.error.message}` : ''}</td>
                <td className="row-actions">
                  <button type="button" onClick={() => void appActions.navigate({ page: 'editor', workflowId: e.workflowId, executionId: e.id })}>
                    {t('executions.open')}
                  </button>
                  {e.status === 'failed' && (
                    <button
                      type="button"
                      onClick={async () => {
                        await appActions.navigate({ page: 'editor', workflowId: e.workflowId, executionId: e.id });
                        await appActions.retry(e.id);
                      }}
                    >
                      {t('executions.retry')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
