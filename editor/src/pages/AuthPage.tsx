import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/index.js';
import { appActions } from '../store/index.js';
import { LanguageSwitch } from '../components/LanguageSwitch.js';

/** Owner setup on the first visit, login afterwards. Field problems from the server show on their field. */
export function AuthPage({ mode }: { mode: 'setup' | 'login' }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const token = new URLSearchParams(window.location.search).get('token') ?? undefined;
    const body = mode === 'setup' ? { email, password, ...(name ? { name } : {}), ...(token ? { token } : {}) } : { email, password };
    const result = mode === 'setup' ? await appActions.setup(body) : await appActions.login(body);
    setBusy(false);
    setError(result);
  };
  const fieldError = (field: string) => error?.details.find((d) => d.path === field)?.message;

  return (
    <main className="auth">
      <form className="card auth-card" onSubmit={(e) => void submit(e)} aria-labelledby="auth-title">
        <div className="brand">flowwerk</div>
        <h1 id="auth-title">{mode === 'setup' ? t('auth.setupTitle') : t('auth.loginTitle')}</h1>
        {mode === 'setup' && <p className="muted">{t('auth.setupIntro')}</p>}
        {mode === 'setup' && (
          <label>
            {t('auth.name')}
            <input name="name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" />
          </label>
        )}
        <label>
          {t('auth.email')}
          <input name="email" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="username" aria-invalid={fieldError('email') ? true : undefined} />
          {fieldError('email') && <span className="field-error">{fieldError('email')}</span>}
        </label>
        <label>
          {t('auth.password')}
          <input
            name="password"
            type="password"
            required
            minLength={mode === 'setup' ? 8 : 1}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete={mode === 'setup' ? 'new-password' : 'current-password'}
            aria-invalid={fieldError('password') ? true : undefined}
          />
          {fieldError('password') && <span className="field-error">{fieldError('password')}</span>}
        </label>
        {error && error.details.length === 0 && (
          <p className="field-error" role="alert">
            {error.message}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {mode === 'setup' ? t('auth.createOwner') : t('auth.login')}
        </button>
        <LanguageSwitch />
      </form>
    </main>
  );
}
