import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { toJsonValue } from './to-json.js';

describe('toJsonValue', () => {
  it('keeps plain JSON as the same reference', () => {
    const value = Object.freeze({ a: [1, 'x', null, { b: true }] });
    expect(toJsonValue(value)).toBe(value);
  });

  it('follows JSON.stringify for values JSON cannot hold', () => {
    expect(toJsonValue(undefined)).toBeNull();
    expect(toJsonValue(Number.NaN)).toBeNull();
    expect(toJsonValue(Infinity)).toBeNull();
    expect(toJsonValue(12n)).toBe('12');
    expect(toJsonValue({ a: undefined, b: 1, f: () => 1 })).toEqual({ b: 1 });
    expect(toJsonValue([undefined, 1])).toEqual([null, 1]);
  });

  it('uses toJSON of dates and Luxon DateTimes', () => {
    expect(toJsonValue(new Date('2026-01-02T03:04:05.000Z'))).toBe('2026-01-02T03:04:05.000Z');
    const dt = DateTime.fromISO('2026-01-02T03:04:05.000+01:00', { setZone: true });
    expect(toJsonValue({ at: dt })).toEqual({ at: '2026-01-02T03:04:05.000+01:00' });
  });
});
