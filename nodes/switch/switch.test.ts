import { describe, expect, it } from 'vitest';
import { testNode } from '../testing/index.js';
import { outputsOf } from '../sdk/index.js';
import switchNode from './index.js';

const rules = [
  { output: 'germany', condition: '{{ $json.country === "DE" }}' },
  { output: 'dach', condition: '{{ ["DE", "AT", "CH"].includes($json.country) }}' },
];
const items = [{ country: 'DE' }, { country: 'AT' }, { country: 'FR' }];

describe('switch', () => {
  it('sends each item to the first matching rule, else to the fallback', async () => {
    const result = await testNode(switchNode, { params: { rules }, items });
    expect(result.outputs).toEqual({ germany: [{ country: 'DE' }], dach: [{ country: 'AT' }], fallback: [{ country: 'FR' }] });
  });

  it('names its outputs from the rules and the fallback', () => {
    expect(outputsOf(switchNode, { rules, fallback: 'rest' })).toEqual(['germany', 'dach', 'rest']);
  });

  it('allMatching sends an item to every matching rule; a custom fallback name works', async () => {
    const result = await testNode(switchNode, { params: { rules, allMatching: true, fallback: 'world' }, items });
    expect(result.outputs).toEqual({ germany: [{ country: 'DE' }], dach: [{ country: 'DE' }, { country: 'AT' }], world: [{ country: 'FR' }] });
  });

  it('rejects the reserved output name error', async () => {
    const result = await testNode(switchNode, { params: { rules: [{ output: 'error', condition: true }] } });
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('PARAM_INVALID');
    expect(result.error?.message).toContain('reserved');
  });
});
