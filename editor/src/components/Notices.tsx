import { useTranslation } from 'react-i18next';
import { appActions, selectNotices, useEditor } from '../store/index.js';

/** Server messages and confirmations, newest last; errors stay until dismissed. */
export function Notices() {
  const notices = useEditor(selectNotices);
  const { t } = useTranslation();
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
