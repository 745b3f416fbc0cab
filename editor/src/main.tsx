import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles.css';
import { App } from './App.js';
import { ErrorBoundary } from './components/ErrorBoundary.js';
import { initI18n } from './i18n/index.js';
import { appActions, editorStore } from './store/index.js';

/** Entry: i18n, then the app; the route comes from the address bar and follows back/forward. */
async function start(): Promise<void> {
  await initI18n();
  const root = document.getElementById('root');
  if (!root) throw new Error('#root missing');
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary>
        <App />
      </ErrorBoundary>
    </StrictMode>,
  );
  window.addEventListener('popstate', () => {
    void appActions.enter(appActions.routeFromLocation(window.location.pathname, window.location.search));
  });
  const route = appActions.routeFromLocation(window.location.pathname, window.location.search);
  editorStore.setState({ route });
  await appActions.boot();
}

void start();
