import { useTranslation } from 'react-i18next';
import { editorStore } from '../store/index.js';
import { SHORTCUTS } from './shortcuts.js';

/** Lists the keyboard shortcuts (from the same table the key handler uses). */
export function HelpPanel() {
  const { t } = useTranslation();
  return (
    <div className="help-panel card" role="dialog" aria-modal="false" aria-labelledby="help-title">
      <div className="panel-head">
        <h2 id="help-title">{t('help.title')}</h2>
        <button type="button" className="icon" aria-label={t('common.close')} onClick={() => editorStore.setState({ help: false })}>
          ×
        </button>
      </div>
      <table className="table compact">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.action}>
              <td>{t(`help.${s.action}`)}</td>
              <td>
                <kbd>{s.keys}</kbd>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">{t('help.more')}</p>
    </div>
  );
}
