import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import de from './de.json';
import en from './en.json';
import { initialLanguage } from './index.js';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('translations', () => {
  it('German and English have the same keys', () => {
    expect(keys(de).sort()).toEqual(keys(en).sort());
  });
  it('every literal t() key used in the editor exists', () => {
    const known = new Set(keys(en).map((k) => k.replace(/_(one|other)$/, '')));
    const root = join(import.meta.dirname, '..');
    const missing: string[] = [];
    for (const file of sources(root)) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\bt\('([a-zA-Z]+\.[a-zA-Z.]+)'/g)) {
        if (match[1] && !known.has(match[1])) missing.push(`${file}: ${match[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });
  it('every dynamic status, group and help key exists in both languages', () => {
    for (const dict of [en, de]) {
      const all = new Set(keys(dict));
      for (const s of ['queued', 'running', 'waiting', 'success', 'failed', 'cancelled', 'skipped']) expect(all.has(`status.${s}`)).toBe(true);
      for (const g of ['trigger', 'flow', 'data', 'commerce', 'action']) expect(all.has(`groups.${g}`)).toBe(true);
      for (const h of ['undo', 'redo', 'save', 'copy', 'paste', 'selectAll', 'delete', 'layout', 'fit', 'search', 'help', 'close']) expect(all.has(`help.${h}`)).toBe(true);
    }
  });
  it('picks the stored language, else the browser language, else English', () => {
    expect(initialLanguage('de', ['en-US'])).toBe('de');
    expect(initialLanguage(null, ['fr-FR', 'de-AT'])).toBe('de');
    expect(initialLanguage(null, ['fr'])).toBe('en');
  });
});
