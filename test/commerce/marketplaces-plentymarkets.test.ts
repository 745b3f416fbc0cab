import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plentyCorrectStock, plentyCredential } from '../../nodes/commerce/plentymarkets/index.js';
import { createHttpClient } from '../../nodes/sdk/index.js';
import { testNode } from '../../nodes/testing/index.js';
import { startPlentyStandin, type PlentyStandin } from '../standins/plentymarkets.js';

describe('plentymarkets.correctStock against the plentymarkets stand-in', () => {
  let plenty: PlentyStandin;
  const credential = () => ({ baseUrl: `${plenty.url}/`, username: plenty.username, password: plenty.password });

  beforeEach(async () => {
    plenty = await startPlentyStandin({
      warehouses: [1, 2],
      variations: { 'MUG-01': { id: 1001, stock: 10 }, 'TEE-02': { id: 1002, stock: 3 }, 'CAP-03': { id: 1003 } },
    });
  });
  afterEach(() => plenty.close());

  it('logs in once, finds each variation by SKU and books the correction', async () => {
    const result = await testNode(plentyCorrectStock, {
      params: { warehouseId: 2 },
      items: [{ sku: 'MUG-01', quantity: 8 }, { sku: 'TEE-02', quantity: 0 }],
      credentials: { plentymarkets: credential() },
    });
    expect(result.status).toBe('success');
    expect(plenty.logins).toBe(1);
    expect(plenty.corrections).toEqual([
      { warehouseId: 2, body: { corrections: [{ variationId: 1001, reasonId: 301, quantity: 8, storageLocationId: 0 }] } },
      { warehouseId: 2, body: { corrections: [{ variationId: 1002, reasonId: 301, quantity: 0, storageLocationId: 0 }] } },
    ]);
    expect(result.outputs.main?.[0]).toEqual({
      sku: 'MUG-01', quantity: 8, variationId: 1001, warehouseId: 2, reasonId: 301, ok: true,
      result: [{ itemId: 1101, variationId: 1001, warehouseId: 2, storageLocationId: 0, stockPhysical: 8, reservedStock: 0, netStock: 8, reasonId: 301 }],
    });
    expect([plenty.quantityOf('MUG-01', 2), plenty.quantityOf('TEE-02', 2), plenty.quantityOf('MUG-01', 1)]).toEqual([8, 0, 10]);
    const lookups = plenty.http.requests.filter((request) => request.path === '/rest/items/variations');
    expect(lookups.map((request) => request.query.numberExact)).toEqual(['MUG-01', 'TEE-02']);
  });

  it('takes the variation from the item or the param without a lookup, and the reason from params', async () => {
    const result = await testNode(plentyCorrectStock, {
      params: { reasonId: 302, variationId: '{{ $json.plenty.variation }}' },
      items: [{ sku: 'CAP-03', quantity: 5, plenty: { variation: 1003 } }],
      credentials: { plentymarkets: credential() },
    });
    expect(result.outputs.main?.[0]).toMatchObject({ variationId: 1003, reasonId: 302 });
    const fromField = await testNode(plentyCorrectStock, {
      items: [{ sku: 'whatever', variationId: 1002, quantity: 4 }], credentials: { plentymarkets: credential() },
    });
    expect(fromField.status).toBe('success');
    expect(plenty.quantityOf('TEE-02')).toBe(4);
    expect(plenty.http.requests.some((request) => request.path === '/rest/items/variations')).toBe(false);
  });

  it('logs in again once when the token is no longer accepted', async () => {
    const items = [{ sku: 'MUG-01', quantity: 1 }];
    await testNode(plentyCorrectStock, { items, credentials: { plentymarkets: credential() } });
    plenty.revokeTokens();
    const result = await testNode(plentyCorrectStock, { items, credentials: { plentymarkets: credential() } });
    expect(result.status).toBe('success');
    expect(plenty.logins).toBe(2);
  });

  it('turns a wrong password into PLENTYMARKETS_AUTH_FAILED', async () => {
    const result = await testNode(plentyCorrectStock, {
      items: [{ sku: 'MUG-01', quantity: 1 }], credentials: { plentymarkets: { ...credential(), password: 'wrong' } },
    });
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'PLENTYMARKETS_AUTH_FAILED', httpStatus: 401, retryable: false });
    expect(result.error?.message).toContain('"username" and "password"');
    const tools = { http: createHttpClient({ signal: new AbortController().signal, idempotencyKey: 'credential-test' }), signal: new AbortController().signal };
    await expect(plentyCredential.test?.(plentyCredential.schema.parse({ ...credential(), password: 'wrong' }), tools)).rejects.toMatchObject({ code: 'PLENTYMARKETS_AUTH_FAILED' });
    await expect(plentyCredential.test?.(plentyCredential.schema.parse(credential()), tools)).resolves.toBeUndefined();
  });

  it('names an unknown SKU, an unknown warehouse and a reason outside 301–328', async () => {
    const unknownSku = await testNode(plentyCorrectStock, { items: [{ sku: 'GHOST', quantity: 1 }], credentials: { plentymarkets: credential() } });
    expect(unknownSku.error).toMatchObject({ code: 'PLENTYMARKETS_VARIATION_NOT_FOUND', param: 'variationId' });
    expect(unknownSku.error?.message).toContain('"GHOST"');
    const unknownWarehouse = await testNode(plentyCorrectStock, {
      params: { warehouseId: 9 }, items: [{ sku: 'MUG-01', quantity: 1 }], credentials: { plentymarkets: credential() },
    });
    expect(unknownWarehouse.error).toMatchObject({ code: 'PLENTYMARKETS_NOT_FOUND', httpStatus: 404 });
    expect(unknownWarehouse.error?.message).toContain('warehouse 9');
    const badReason = await testNode(plentyCorrectStock, {
      params: { reasonId: 999 }, items: [{ sku: 'MUG-01', quantity: 1 }], credentials: { plentymarkets: credential() },
    });
    expect(badReason.error).toMatchObject({ code: 'PARAM_INVALID', param: 'reasonId' });
    expect(plenty.corrections).toHaveLength(0);
  });

  it('waits the plentymarkets decay on 429 and succeeds on the retry', async () => {
    const items = [{ sku: 'MUG-01', quantity: 6 }];
    await testNode(plentyCorrectStock, { items, credentials: { plentymarkets: credential() } });
    plenty.rateLimitNext(3);
    const waits: number[] = [];
    const result = await testNode(plentyCorrectStock, {
      items: [{ sku: 'MUG-01', quantity: 7 }],
      credentials: { plentymarkets: credential() },
      retry: { maxAttempts: 2 },
      sleep: async (ms) => { waits.push(ms); },
    });
    expect(result.status).toBe('success');
    expect(waits).toEqual([3000]);
    expect(plenty.quantityOf('MUG-01')).toBe(7);
  });
});
