import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../api/index.js';
import { EditorPage } from '../canvas/EditorPage.js';
import { CredentialsPage } from '../pages/CredentialsPage.js';
import { ExecutionsPage } from '../pages/ExecutionsPage.js';
import { StockPage } from '../pages/StockPage.js';
import { WorkflowsPage } from '../pages/WorkflowsPage.js';
import { appActions, selectRoute, useEditor, type Route } from '../store/index.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { Notices } from './Notices.js';
import { useConfirmLeave } from './confirm-leave.js';

/** Top bar (navigation, user menu) and the page of the current route. */
export function Shell({ user }: { user: User }) {
  const route = useEditor(selectRoute);
  const { t } = useTranslation();
  const confirmLeave = useConfirmLeave();
  const go = (next: Route) => void appActions.navigate(next, confirmLeave);
  return (
    <div className="shell">
      <header className="topbar">
        <a className="brand" href="/" onClick={(e) => { e.preventDefault(); go({ page: 'workflows' }); }}>
          flowwerk
        </a>
        <nav aria-label={t('nav.main')}>
          <NavLink current={route.page === 'workflows' || route.page === 'editor'} onClick={() => go({ page: 'workflows' })}>
            {t('nav.workflows')}
          </NavLink>
          <NavLink current={route.page === 'executions'} onClick={() => go({ page: 'executions' })}>
            {t('nav.executions')}
          </NavLink>
          <NavLink current={route.page === 'credentials'} onClick={() => go({ page: 'credentials' })}>
            {t('nav.credentials')}
          </NavLink>
          <NavLink current={route.page === 'stock'} onClick={() => go({ page: 'stock' })}>
            {t('nav.stock')}
          </NavLink>
        </nav>
        <UserMenu user={user} />
      </header>
      <div className="page">
        <Page route={route} />
      </div>
      <Notices />
    </div>
  );
}

function NavLink({ current, onClick, children }: { current: boolean; onClick: () => void; children: string }) {
  return (
    <button type="button" className={current ? 'nav current' : 'nav'} aria-current={current ? 'page' : undefined} onClick={onClick}>
      {children}
    </button>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'workflows':
      return <WorkflowsPage />;
    case 'editor':
      return <EditorPage key={route.workflowId} workflowId={route.workflowId} />;
    case 'executions':
      return <ExecutionsPage workflowId={route.workflowId} />;
    case 'credentials':
      return <CredentialsPage />;
    case 'stock':
      return <StockPage />;
    default: {
      const never: never = route;
      return never;
    }
  }
}

function UserMenu({ user }: { user: User }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (ref.current && e.target instanceof Node && !ref.current.contains(e.target)) setOpen(false);
    };
    window.addEventListener('mousedown', close);
    return () => window.removeEventListener('mousedown', close);
  }, [open]);
  return (
    <div className="user-menu" ref={ref}>
      <button type="button" aria-haspopup="true" aria-expanded={open} onClick={() => setOpen(!open)} onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
        {user.name ?? user.email} ▾
      </button>
      {open && (
        <div className="menu" role="menu">
          <div className="muted small">{user.email}</div>
          <LanguageSwitch />
          <button type="button" role="menuitem" onClick={() => void appActions.logout()}>
            {t('menu.logout')}
          </button>
        </div>
      )}
    </div>
  );
}
