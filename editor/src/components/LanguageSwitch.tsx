import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type Language } from '../i18n/index.js';

const NAMES: Record<Language, string> = { en: 'English', de: 'Deutsch' };

/** Language choice (kept in localStorage). */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language">
      {t('menu.language')}
      <select
        value={i18n.language.startsWith('de') ? 'de' : 'en'}
        onChange={(e) => {
          const value = LANGUAGES.find((l) => l === e.target.value);
          if (value) void setLanguage(value);
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l}>
            {NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
