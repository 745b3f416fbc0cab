import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkflowSummary } from '../api/index.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { localeOf } from '../i18n/index.js';
import { downloadText, safeFileName } from '../lib/download.js';
import { formatDateTime, formatRelative } from '../lib/format.js';
import { appActions, selectLastRuns, selectWorkflows, useEditor } from '../store/index.js';

/** The workflow list: create, import, open, rename, duplicate, export, delete, switch on/off, last run. */
export function WorkflowsPage() {
  const { t, i18n } = useTranslation();
  const workflows = useEditor(selectWorkflows);
  const lastRuns = useEditor(selectLastRuns);
  const fileInput = useRef<HTMLInputElement>(null);
  const [importProblems, setImportProblems] = useState<string[]>([]);
  const locale = localeOf(i18n.language);

  useEffect(() => {
    document.title = `${t('nav.workflows')} · flowwerk`;
  }, [t]);

  const create = async () => {
    const id = await appActions.createWorkflow({ name: t('workflows.untitled'), nodes: [] });
    if (id) await appActions.navigate({ page: 'editor', workflowId: id });
  };
  const importFile = async (file: File) => {
    const result = await appActions.importText(await file.text());
    if (result.kind === 'ok') {
      setImportProblems([]);
      appActions.notify('info', t('workflows.imported'));
    } else setImportProblems(result.problems);
  };

  return (
    <main className="list-page">
      <div className="page-head">
        <h1>{t('nav.workflows')}</h1>
        <div className="actions">
          <button type="button" className="primary" onClick={() => void create()}>
            {t('workflows.new')}
          </button>
          <button type="button" onClick={() => fileInput.current?.click()}>
            {t('workflows.import')}
          </button>
          <input
            ref={fileInput}
            type="file"
            accept="application/json,.json"
            hidden
            aria-label={t('workflows.importFile')}
            data-testid="import-file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void importFile(file);
              e.target.value = '';
            }}
          />
        </div>
      </div>
      {importProblems.length > 0 && (
        <div className="problems" role="alert">
          <strong>{t('workflows.importFailed')}</strong>
          <ul>
            {importProblems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      {workflows.kind === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {workflows.kind === 'failed' && <p className="field-error">{workflows.message}</p>}
      {workflows.kind === 'loaded' && workflows.value.length === 0 && <p className="empty">{t('workflows.empty')}</p>}
      {workflows.kind === 'loaded' && workflows.value.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('workflows.name')}</th>
              <th scope="col">{t('workflows.active')}</th>
              <th scope="col">{t('workflows.lastRun')}</th>
              <th scope="col">{t('workflows.updated')}</th>
              <th scope="col">
                <span className="sr-only">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {workflows.value.map((w) => (
              <Row key={w.id} workflow={w} lastRun={lastRuns[w.id]} locale={locale} />
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

function Row({ workflow, lastRun, locale }: { workflow: WorkflowSummary; lastRun: ReturnType<typeof selectLastRuns>[string] | undefined; locale: string }) {
  const { t } = useTranslation();
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(workflow.name);
  const open = () => void appActions.navigate({ page: 'editor', workflowId: workflow.id });
  return (
    <tr data-workflow-id={workflow.id}>
      <td>
        {renaming ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              setRenaming(false);
              if (name.trim() && name !== workflow.name) void appActions.renameStored(workflow.id, name.trim());
            }}
          >
            <input aria-label={t('workflows.name')} value={name} autoFocus onChange={(e) => setName(e.target.value)} onBlur={() => setRenaming(false)} />
          </form>
        ) : (
          <a
            href={`/workflows/${encodeURIComponent(workflow.id)}`}
            onClick={(e) => {
              e.preventDefault();
              open();
            }}
          >
            {workflow.name}
          </a>
        )}
      </td>
      <td>
        <label className="switch">
          <input
            type="checkbox"
            checked={workflow.active}
            aria-label={t('workflows.activeToggle', { name: workflow.name })}
            onChange={(e) => void appActions.setActive(workflow.id, e.target.checked)}
          />
          <span>{workflow.active ? t('workflows.on') : t('workflows.off')}</span>
        </label>
      </td>
      <td>
        {lastRun ? (
          <span className="last-run">
            <StatusBadge status={lastRun.status} />{' '}
            <time title={formatDateTime(lastRun.startedAt ?? lastRun.createdAt, locale)}>{formatRelative(lastRun.startedAt ?? lastRun.createdAt, locale)}</time>
          </span>
        ) : (
          <span className="muted">{t('workflows.never')}</span>
        )}
      </td>
      <td>{formatDateTime(workflow.updatedAt, locale)}</td>
      <td className="row-actions">
        <button type="button" onClick={() => { setName(workflow.name); setRenaming(true); }}>
          {t('workflows.rename')}
        </button>
        <button type="button" onClick={() => void appActions.duplicate(workflow.id, (n) => t('workflows.copyOf', { name: n }))}>
          {t('workflows.duplicate')}
        </button>
        <button
          type="button"
          onClick={async () => {
            const text = await appActions.exportText(workflow.id);
            if (text) downloadText(`${safeFileName(workflow.name)}.json`, text);
          }}
        >
          {t('workflows.export')}
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => {
            if (window.confirm(t('workflows.deleteConfirm', { name: workflow.name }))) void appActions.remove(workflow.id);
          }}
        >
          {t('workflows.delete')}
        </button>
      </td>
    </tr>
  );
}
