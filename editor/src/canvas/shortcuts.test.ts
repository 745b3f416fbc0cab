import { describe, expect, it } from 'vitest';
import { actionOf } from './shortcuts.js';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) => ({
  key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods,
});

describe('shortcuts', () => {
  it('maps undo/redo on Ctrl and Cmd', () => {
    expect(actionOf(key('z', { ctrlKey: true }))).toBe('undo');
    expect(actionOf(key('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
    expect(actionOf(key('z', { metaKey: true, shiftKey: true }))).toBe('redo');
    expect(actionOf(key('y', { ctrlKey: true }))).toBe('redo');
  });
  it('maps the plain keys and ignores others', () => {
    expect(actionOf(key('Delete'))).toBe('delete');
    expect(actionOf(key('L', { shiftKey: true }))).toBe('layout');
    expect(actionOf(key('?', { shiftKey: true }))).toBe('help');
    expect(actionOf(key('x'))).toBeNull();
    expect(actionOf(key('c', { ctrlKey: true }))).toBeNull();
  });
});
