import { describe, expect, it } from 'vitest';
import { testNode } from '../testing/index.js';
import merge from './index.js';

const orders = [{ orderId: 1, customer: { id: 'c1' } }, { orderId: 2, customer: { id: 'c2' } }, { orderId: 3, customer: { id: 'c9' } }];
const customers = [{ customerId: 'c2', tier: 'gold' }, { customerId: 'c1', tier: 'silver' }];

describe('merge', () => {
  it('append: a then b', async () => {
    const result = await testNode(merge, { params: { mode: 'append' }, inputs: { a: [{ x: 1 }], b: [{ y: 2 }, { y: 3 }] } });
    expect(result.outputs.main).toEqual([{ x: 1 }, { y: 2 }, { y: 3 }]);
  });

  it('byPosition combines item i of a with item i of b', async () => {
    const result = await testNode(merge, { params: { mode: 'byPosition' }, inputs: { a: [{ x: 1 }, { x: 2 }], b: [{ y: 'a' }] } });
    expect(result.outputs.main).toEqual([{ x: 1, y: 'a' }, { x: 2 }]);
  });

  it('joinByKey inner on a nested key with a differently named key in b', async () => {
    const result = await testNode(merge, {
      params: { mode: 'joinByKey', key: 'customer.id', keyB: 'customerId' },
      inputs: { a: orders, b: customers },
    });
    expect(result.outputs.main).toEqual([
      { orderId: 1, customer: { id: 'c1' }, customerId: 'c1', tier: 'silver' },
      { orderId: 2, customer: { id: 'c2' }, customerId: 'c2', tier: 'gold' },
    ]);
    expect(result.items.main?.map((item) => item.paired?.index)).toEqual([0, 1]);
  });

  it('joinByKey left keeps a items without a match', async () => {
    const result = await testNode(merge, {
      params: { mode: 'joinByKey', key: 'id', join: 'left' },
      inputs: { a: [{ id: 1, a: true }, { id: 2, a: true }], b: [{ id: 2, b: true }] },
    });
    expect(result.outputs.main).toEqual([{ id: 1, a: true }, { id: 2, a: true, b: true }]);
  });

  it('key may be an expression evaluated for the first item', async () => {
    const result = await testNode(merge, {
      params: { mode: 'joinByKey', key: '{{ "sku" }}' },
      inputs: { a: [{ sku: 'A', qty: 1 }], b: [{ sku: 'A', stock: 5 }] },
    });
    expect(result.outputs.main).toEqual([{ sku: 'A', qty: 1, stock: 5 }]);
  });

  it('an input with no data counts as empty', async () => {
    const result = await testNode(merge, { params: { mode: 'append' }, inputs: { a: [{ x: 1 }] } });
    expect(result.status).toBe('success');
    expect(result.outputs.main).toEqual([{ x: 1 }]);
    const joined = await testNode(merge, { params: { mode: 'joinByKey', key: 'x', join: 'inner' }, inputs: { a: [{ x: 1 }] } });
    expect(joined.outputs.main).toEqual([]);
  });

  it('joinByKey without key is a param error', async () => {
    const result = await testNode(merge, { params: { mode: 'joinByKey' }, inputs: { a: [{}], b: [{}] } });
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'PARAM_INVALID', param: 'key' });
  });
});
