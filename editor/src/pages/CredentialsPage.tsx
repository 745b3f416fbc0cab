import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CredentialForm, localized } from '../components/CredentialForm.js';
import { localeOf } from '../i18n/index.js';
import { formatDateTime } from '../lib/format.js';
import { appActions, selectCredentials, selectCredentialTypes, useEditor } from '../store/index.js';

/** Credentials: list (secrets are never shown), create, test, delete. */
export function CredentialsPage() {
  const { t, i18n } = useTranslation();
  const credentials = useEditor(selectCredentials);
  const types = useEditor(selectCredentialTypes);
  const [creating, setCreating] = useState(false);
  const [results, setResults] = useState<Record<string, string>>({});
  const locale = localeOf(i18n.language);
  useEffect(() => {
    document.title = `${t('nav.credentials')} · flowwerk`;
  }, [t]);
  return (
    <main className="list-page">
      <div className="page-head">
        <h1>{t('nav.credentials')}</h1>
        <div className="actions">
          <button type="button" className="primary" disabled={types.length === 0} onClick={() => setCreating(true)}>
            {t('credentials.new')}
          </button>
        </div>
      </div>
      {creating && (
        <div className="card">
          <CredentialForm types={types} onDone={() => setCreating(false)} />
        </div>
      )}
      {credentials.kind === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {credentials.kind === 'failed' && <p className="field-error">{credentials.message}</p>}
      {credentials.kind === 'loaded' && credentials.value.length === 0 && <p className="empty">{t('credentials.empty')}</p>}
      {credentials.kind === 'loaded' && credentials.value.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('credentials.name')}</th>
              <th scope="col">{t('credentials.type')}</th>
              <th scope="col">{t('workflows.updated')}</th>
              <th scope="col">
                <span className="sr-only">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {credentials.value.map((c) => (
              <tr key={c.id}>
                <td>{c.name}</td>
                <td>{localized(types.find((x) => x.type === c.type)?.displayName, c.type, i18n.language)}</td>
                <td>{formatDateTime(c.updatedAt, locale)}</td>
                <td className="row-actions">
                  {results[c.id] && <span className="small">{results[c.id]}</span>}
                  <button
                    type="button"
                    onClick={async () => {
                      const r = await appActions.testCredential(c.id);
                      if (r) setResults({ ...results, [c.id]: r });
                    }}
                  >
                    {t('credentials.test')}
                  </button>
                  <button type="button" className="danger" onClick={() => window.confirm(t('credentials.deleteConfirm', { name: c.name })) && void appActions.deleteCredential(c.id)}>
                    {t('workflows.delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
