import { useTranslation } from 'react-i18next';

/** An execution or node-run status as a coloured, labelled badge. */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`badge status-${status}`}>{t(`status.${status}`, { defaultValue: status })}</span>;
}
