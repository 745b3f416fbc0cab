import { describe, expect, it } from 'vitest';
import { durationOf, formatCurrency, formatDuration, formatNumber, formatRelative } from './format.js';

describe('locale formatting', () => {
  it('formats numbers and currency per locale', () => {
    expect(formatNumber(1234.5, 'de-DE')).toBe('1.234,5');
    expect(formatNumber(1234.5, 'en-US')).toBe('1,234.5');
    expect(formatCurrency(12.5, 'EUR', 'de-DE')).toMatch(/^12,50\s€$/);
  });
  it('formats durations and relative times', () => {
    expect(formatDuration(850, 'en')).toBe('850 ms');
    expect(formatDuration(12_340, 'de')).toBe('12,3 s');
    expect(formatDuration(null, 'en')).toBe('–');
    expect(durationOf(1000, 3500)).toBe(2500);
    expect(formatRelative(0, 'en', 120_000)).toBe('2 minutes ago');
    expect(formatRelative(0, 'de', 120_000)).toBe('vor 2 Minuten');
  });
});
