import { describe, expect, it } from 'vitest';
import { switchOutputs } from './outputs.js';

describe('switch outputs from static params', () => {
  it('lists distinct rule outputs in order, then the fallback', () => {
    expect(switchOutputs({ rules: [{ output: 'de', condition: '{{ 1 }}' }, { output: 'at' }, { output: 'de' }] })).toEqual(['de', 'at', 'fallback']);
    expect(switchOutputs({ rules: [{ output: 'a' }], fallback: 'other' })).toEqual(['a', 'other']);
    expect(switchOutputs({ rules: [{ output: 'a' }], fallback: 'a' })).toEqual(['a']);
  });

  it('never throws on malformed params', () => {
    expect(switchOutputs(undefined)).toEqual(['fallback']);
    expect(switchOutputs({ rules: 'nope', fallback: 3 })).toEqual(['fallback']);
    expect(switchOutputs({ rules: [null, { output: 'x' }] })).toEqual(['x', 'fallback']);
  });
});
