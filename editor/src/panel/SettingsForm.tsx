import { useTranslation } from 'react-i18next';
import type { WorkflowNode } from '../../../server/engine/workflow/schema.js';
import { docActions } from '../store/index.js';

const RETRY_DEFAULTS = { maxAttempts: 3, initialDelayMs: 1000, backoff: 2, maxDelayMs: 300_000, jitter: 0.2 } as const;

/** Per-node settings: retry policy, on-error behaviour, disabled, notes. Each change is one undo step. */
export function SettingsForm({ node }: { node: WorkflowNode }) {
  const { t } = useTranslation();
  const update = (change: (n: WorkflowNode) => WorkflowNode) => docActions.updateNode(node.id, change);
  const retry = node.retry;
  const setRetry = (field: keyof typeof RETRY_DEFAULTS, value: number) => {
    if (!Number.isFinite(value)) return;
    update((n) => ({ ...n, retry: { ...RETRY_DEFAULTS, ...n.retry, [field]: value } }));
  };
  return (
    <div className="settings">
      <label className="check">
        <input
          type="checkbox"
          checked={retry !== undefined}
          onChange={(e) =>
            update((n) => {
              if (e.target.checked) return { ...n, retry: { ...RETRY_DEFAULTS } };
              const { retry: _r, ...rest } = n;
              return rest;
            })
          }
        />
        {t('settings.retry')}
      </label>
      {retry && (
        <div className="grid2">
          <label>
            {t('settings.maxAttempts')}
            <input type="number" min={1} max={100} value={retry.maxAttempts} onChange={(e) => setRetry('maxAttempts', Math.round(Number(e.target.value)))} />
          </label>
          <label>
            {t('settings.initialDelayMs')}
            <input type="number" min={0} value={retry.initialDelayMs} onChange={(e) => setRetry('initialDelayMs', Math.round(Number(e.target.value)))} />
          </label>
          <label>
            {t('settings.backoff')}
            <input type="number" min={1} max={10} step={0.5} value={retry.backoff} onChange={(e) => setRetry('backoff', Number(e.target.value))} />
          </label>
          <label>
            {t('settings.maxDelayMs')}
            <input type="number" min={0} value={retry.maxDelayMs} onChange={(e) => setRetry('maxDelayMs', Math.round(Number(e.target.value)))} />
          </label>
        </div>
      )}
      <label>
        {t('settings.onError')}
        <select
          value={node.onError}
          onChange={(e) => {
            const v = e.target.value;
            if (v === 'fail' || v === 'continue' || v === 'errorOutput') update((n) => ({ ...n, onError: v }));
          }}
        >
          <option value="fail">{t('settings.onErrorFail')}</option>
          <option value="continue">{t('settings.onErrorContinue')}</option>
          <option value="errorOutput">{t('settings.onErrorOutput')}</option>
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={node.disabled} onChange={(e) => update((n) => ({ ...n, disabled: e.target.checked }))} />
        {t('panel.disabled')}
      </label>
      <label>
        {t('settings.notes')}
        <textarea
          rows={3}
          defaultValue={node.notes ?? ''}
          onBlur={(e) => {
            const notes = e.target.value;
            update((n) => {
              if ((n.notes ?? '') === notes) return n;
              if (notes === '') {
                const { notes: _n, ...rest } = n;
                return rest;
              }
              return { ...n, notes };
            });
          }}
        />
      </label>
    </div>
  );
}
