import { describe, expect, it } from 'vitest';
import { testNode } from '../testing/index.js';
import manual from './index.js';

describe('manual', () => {
  it('outputs the items it is started with, binary included', async () => {
    const binary = { file: { data: 'aGk=', mimeType: 'text/plain' } };
    const result = await testNode(manual, { items: [{ orderId: 1 }, { json: { orderId: 2 }, binary }] });
    expect(result.status).toBe('success');
    expect(result.outputs.main).toEqual([{ orderId: 1 }, { orderId: 2 }]);
    expect(result.items.main?.[1]?.binary).toEqual(binary);
  });

  it('is a trigger without inputs', () => {
    expect(manual.inputs).toEqual([]);
    expect(manual.trigger?.kind).toBe('manual');
  });
});
