import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../components/StatusBadge.js';
import { localeOf } from '../i18n/index.js';
import { catalogOf, triggerKind } from '../lib/catalog.js';
import { durationOf, formatDuration } from '../lib/format.js';
import { appActions, selectCatalog, selectRun, selectWorkflow, useEditor } from '../store/index.js';

/**
 * "Test workflow" and what the current run is doing: the test URL to call while listening (with copy), the
 * running state, or the finished run's status with "retry from failed node".
 */
export function RunBar() {
  const { t, i18n } = useTranslation();
  const run = useEditor(selectRun);
  const workflow = useEditor(selectWorkflow);
  const types = useEditor(selectCatalog);
  const catalog = useMemo(() => catalogOf(types), [types]);
  const triggers = (workflow?.nodes ?? []).filter((n) => !n.disabled).map((n) => ({ node: n, kind: triggerKind(catalog.get(n.type)) })).filter((x) => x.kind !== undefined);
  const manual = triggers.find((x) => x.kind === 'manual');
  const webhook = triggers.find((x) => x.kind === 'webhook');

  const test = () => {
    if (manual) void appActions.test('manual', manual.node.id);
    else if (webhook) void appActions.test('webhook');
    else if (triggers[0]) void appActions.test('manual', triggers[0].node.id);
  };

  return (
    <div className="runbar" data-testid="runbar">
      {run.kind === 'listening' ? (
        <div className="listening" role="status">
          <span className="pulse" aria-hidden="true" />
          <span>{t('run.listening')}</span>
          {run.urls.map((u) => (
            <span key={u.nodeId} className="test-url">
              <code data-testid="test-url">
                {u.method} {u.url}
              </code>
              <button type="button" onClick={() => void navigator.clipboard?.writeText(u.url).then(() => appActions.notify('info', t('run.copied')))}>
                {t('run.copy')}
              </button>
            </span>
          ))}
          <button type="button" onClick={() => void appActions.stopTest()}>
            {t('run.stop')}
          </button>
        </div>
      ) : (
        <button type="button" className="primary" disabled={triggers.length === 0 || run.kind === 'running'} onClick={test} data-testid="test-workflow" title={triggers.length === 0 ? t('run.noTrigger') : undefined}>
          {run.kind === 'running' ? t('run.running') : t('run.test')}
        </button>
      )}
      {run.kind === 'running' && <StatusBadge status="running" />}
      {run.kind === 'finished' && (
        <span className="run-result" data-testid="run-result">
          <StatusBadge status={run.detail.status} /> {formatDuration(durationOf(run.detail.startedAt, run.detail.finishedAt), localeOf(i18n.language))}
          {run.detail.error && (
            <span className="field-error">
              {' '}
              {run.detail.error.node ? `${run.detail.error.node}: ` : ''}
              {run.detail.error.message}
            </span>
          )}
          {run.detail.status === 'failed' && (
            <button type="button" onClick={() => void appActions.retry(run.detail.id)}>
              {t('executions.retry')}
            </button>
          )}
          <button type="button" className="link" onClick={() => appActions.clearRun()}>
            {t('run.clear')}
          </button>
        </span>
      )}
    </div>
  );
}
