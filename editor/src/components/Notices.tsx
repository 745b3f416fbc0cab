import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { appActions, selectNotices, useEditor } from '../store/index.js';

/** Server messages and confirmations, newest last; errors stay until dismissed. */
export function Notices() {
  const notices = useEditor(selectNotices);
  const { t } = useTranslation();
  useEffect(() => {
    const info = notices.filter((n) => n.kind === 'info');
    if (info.length === 0) return;
    const timer = setTimeout(() => info.forEach((n) => appActions.dismiss(n.id)), 4000);
    return () => clearTimeout(timer);
  }, [notices]);
  if (notices.length === 0) return null;
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'}>
          <span>{n.text}</span>
          <button type="button" className="icon" aria-label={t('common.dismiss')} onClick={() => appActions.dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
