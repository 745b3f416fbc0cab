/** Locale-aware formatting through Intl (numbers, dates, durations, currency). */

export function toDate(value: string | number | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDateTime(value: string | number | null | undefined, locale: string): string {
  const date = toDate(value);
  return date ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(date) : '–';
}

export function formatNumber(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

export function formatCurrency(value: number, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(value);
}

/** Milliseconds as "850 ms", "12.3 s", "4 min 5 s". */
export function formatDuration(ms: number | null, locale: string): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1000) return `${formatNumber(Math.round(ms), locale)} ms`;
  if (ms < 60_000) return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(ms / 1000)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${formatNumber(minutes, locale)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function durationOf(startedAt: string | number | null | undefined, finishedAt: string | number | null | undefined): number | null {
  const start = toDate(startedAt);
  const end = toDate(finishedAt);
  return start && end ? end.getTime() - start.getTime() : null;
}

/** "3 minutes ago" style, by locale. */
export function formatRelative(value: string | number | null | undefined, locale: string, now = Date.now()): string {
  const date = toDate(value);
  if (!date) return '–';
  const seconds = Math.round((date.getTime() - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(seconds, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86_400), 'day');
}
