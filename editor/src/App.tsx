import { useTranslation } from 'react-i18next';
import { Notices } from './components/Notices.js';
import { Shell } from './components/Shell.js';
import { AuthPage } from './pages/AuthPage.js';
import { selectSession, useEditor, appActions } from './store/index.js';

/** Chooses the screen by session: loading, owner setup, login, or the app. */
export function App() {
  const session = useEditor(selectSession);
  const { t } = useTranslation();
  switch (session.kind) {
    case 'loading':
      return <div className="center muted">{t('common.loading')}</div>;
    case 'unreachable':
      return (
        <div className="center" role="alert">
          <p>{t('auth.unreachable', { message: session.message })}</p>
          <button type="button" onClick={() => void appActions.boot()}>
            {t('error.retry')}
          </button>
        </div>
      );
    case 'setup':
    case 'login':
      return (
        <>
          <AuthPage mode={session.kind} />
          <Notices />
        </>
      );
    case 'ready':
      return <Shell user={session.user} />;
    default: {
      const never: never = session;
      return never;
    }
  }
}
