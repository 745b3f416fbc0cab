import { describe, expect, it } from 'vitest';
import { testNode } from '../testing/index.js';
import noop from './index.js';

describe('noop', () => {
  it('passes every item on unchanged, binary included', async () => {
    const binary = { label: { data: 'JVBERg==', mimeType: 'application/pdf' } };
    const result = await testNode(noop, { items: [{ a: 1 }, { json: { a: 2 }, binary }] });
    expect(result.outputs.main).toEqual([{ a: 1 }, { a: 2 }]);
    expect(result.items.main?.[1]?.binary).toEqual(binary);
  });
});
