import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError, CredentialTypeInfo, LocalizedTextValue } from '../api/index.js';
import { fieldsOf } from '../panel/schema-form.js';
import { appActions } from '../store/index.js';

export function localized(text: LocalizedTextValue | undefined, fallback: string, language: string): string {
  if (text === undefined) return fallback;
  if (typeof text === 'string') return text;
  return language.startsWith('de') ? (text.de ?? text.en) : text.en;
}

/**
 * Creates a credential: type (fixed or chosen), name, and the type's fields from its JSON Schema. Secret
 * fields are password inputs; server problems show on their field.
 */
export function CredentialForm({ types, fixedType, onDone }: { types: readonly CredentialTypeInfo[]; fixedType?: string; onDone: (id: string | null) => void }) {
  const { t, i18n } = useTranslation();
  const [type, setType] = useState(fixedType ?? types[0]?.type ?? '');
  const [name, setName] = useState('');
  const [data, setData] = useState<Record<string, unknown>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const info = types.find((x) => x.type === type);
  const fields = info?.schema ? fieldsOf(info.schema) : [];
  const secret = new Set(info?.secretFields ?? []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    e.stopPropagation();
    const result = await appActions.createCredential({ name: name || localized(info?.displayName, type, i18n.language), type, data });
    if (result.kind === 'ok') onDone(result.id);
    else setError(result.error);
  };
  const problem = (path: string) => error?.details.find((d) => d.path === path || d.path === `data.${path}`)?.message;

  return (
    <form className="credential-form" onSubmit={(e) => void submit(e)} aria-label={t('credentials.new')}>
      {!fixedType && (
        <label>
          {t('credentials.type')}
          <select value={type} onChange={(e) => { setType(e.target.value); setData({}); }}>
            {types.map((x) => (
              <option key={x.type} value={x.type}>
                {localized(x.displayName, x.type, i18n.language)}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        {t('credentials.name')}
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder={localized(info?.displayName, type, i18n.language)} />
        {problem('name') && <span className="field-error">{problem('name')}</span>}
      </label>
      {fields.map((f) => (
        <label key={f.name} className={f.field.kind === 'boolean' ? 'check' : undefined}>
          {f.field.kind === 'boolean' ? (
            <input type="checkbox" checked={data[f.name] === true} onChange={(e) => setData({ ...data, [f.name]: e.target.checked })} />
          ) : null}
          {f.label}
          {f.required && ' *'}
          {f.field.kind === 'enum' ? (
            <select value={typeof data[f.name] === 'string' ? String(data[f.name]) : ''} onChange={(e) => setData({ ...data, [f.name]: e.target.value })}>
              <option value="">–</option>
              {f.field.options.map((o) => (
                <option key={o}>{o}</option>
              ))}
            </select>
          ) : f.field.kind === 'number' ? (
            <input type="number" value={typeof data[f.name] === 'number' ? Number(data[f.name]) : ''} onChange={(e) => setData({ ...data, [f.name]: e.target.value === '' ? undefined : Number(e.target.value) })} />
          ) : f.field.kind === 'boolean' ? null : (
            <input
              type={secret.has(f.name) || /password|secret|token|key/i.test(f.name) ? 'password' : 'text'}
              autoComplete="off"
              value={typeof data[f.name] === 'string' ? String(data[f.name]) : ''}
              onChange={(e) => setData({ ...data, [f.name]: e.target.value })}
            />
          )}
          {problem(f.name) && <span className="field-error">{problem(f.name)}</span>}
        </label>
      ))}
      {error && error.details.length === 0 && <p className="field-error" role="alert">{error.message}</p>}
      <div className="actions">
        <button type="submit" className="primary">
          {t('common.create')}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
