import { describe, expect, it } from 'vitest';
import { isTruthy } from './truthy.js';

describe('condition truthiness', () => {
  it.each([
    [true, true], [false, false], [1, true], [-2.5, true], [0, false], [Number.NaN, false],
    ['yes', true], ['true', true], [' 0 ', false], ['', false], ['FALSE', false], ['no', false], ['off', false],
    ['null', false], ['undefined', false], [null, false], [undefined, false],
    [[], false], [[0], true], [{}, false], [{ a: 1 }, true], [new Date(0), true],
  ])('%j is %s', (value, expected) => {
    expect(isTruthy(value)).toBe(expected);
  });
});
