import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { billbeeCredential, billbeeUpdateStock } from '../../nodes/commerce/billbee/index.js';
import { createHttpClient } from '../../nodes/sdk/index.js';
import { testNode } from '../../nodes/testing/index.js';
import { startBillbeeStandin, type BillbeeStandin } from '../standins/billbee.js';

describe('billbee.updateStock against the Billbee stand-in', () => {
  let billbee: BillbeeStandin;
  const credential = () => ({ baseUrl: billbee.baseUrl, apiKey: billbee.apiKey, username: billbee.username, apiPassword: billbee.apiPassword });

  beforeEach(async () => {
    billbee = await startBillbeeStandin({ products: { 'MUG-01': 10, 'TEE-02': 4 } });
  });
  afterEach(() => billbee.close());

  it('sets the absolute stock per SKU with API key and Basic auth and returns Billbee\'s result', async () => {
    const result = await testNode(billbeeUpdateStock, {
      items: [{ sku: 'MUG-01', quantity: 7 }, { sku: 'TEE-02', quantity: 0 }],
      params: { reason: 'Inventur {{ $json.sku }}' },
      credentials: { billbee: credential() },
    });
    expect(result.status).toBe('success');
    expect(result.outputs.main).toEqual([
      { sku: 'MUG-01', quantity: 7, ok: true, oldStock: 10, currentStock: 7, unfulfilledAmount: 0, message: 'Stock updated' },
      { sku: 'TEE-02', quantity: 0, ok: true, oldStock: 4, currentStock: 0, unfulfilledAmount: 0, message: 'Stock updated' },
    ]);
    expect(billbee.updates[0]).toEqual({
      Sku: 'MUG-01', NewQuantity: 7, Reason: 'Inventur MUG-01', ForceSendStockToShops: false, AutosubtractReservedAmount: false,
    });
    const sent = billbee.http.requests[0];
    expect(sent?.headers['x-billbee-api-key']).toBe(billbee.apiKey);
    expect(sent?.headers.authorization).toBe(`Basic ${Buffer.from(`${billbee.username}:${billbee.apiPassword}`).toString('base64')}`);
    expect([billbee.quantityOf('MUG-01'), billbee.quantityOf('TEE-02')]).toEqual([7, 0]);
  });

  it('passes stock ID and reserved-amount handling through', async () => {
    billbee.setProduct('MUG-01', 3, { stockId: 2, reserved: 2 });
    const result = await testNode(billbeeUpdateStock, {
      items: [{ sku: 'MUG-01', quantity: 9 }],
      params: { stockId: 2, autosubtractReservedAmount: true, forceSendStockToShops: true },
      credentials: { billbee: credential() },
    });
    expect(result.outputs.main?.[0]).toMatchObject({ currentStock: 7, unfulfilledAmount: 2 });
    expect(billbee.updates[0]).toMatchObject({ StockId: 2, AutosubtractReservedAmount: true, ForceSendStockToShops: true });
    expect(billbee.quantityOf('MUG-01', 2)).toBe(7);
    expect(billbee.quantityOf('MUG-01')).toBe(10);
  });

  it('answers 429 with Retry-After as BILLBEE_RATE_LIMITED, then succeeds on the retry of that item', async () => {
    billbee.rateLimitNext(1);
    const waits: number[] = [];
    const result = await testNode(billbeeUpdateStock, {
      items: [{ sku: 'MUG-01', quantity: 5 }, { sku: 'TEE-02', quantity: 6 }],
      credentials: { billbee: credential() },
      retry: { maxAttempts: 3 },
      sleep: async (ms) => { waits.push(ms); },
    });
    expect(result.status).toBe('success');
    expect(billbee.rateLimited).toBe(1);
    expect(waits).toEqual([1000]);
    expect(billbee.updates.map((update) => update.Sku)).toEqual(['MUG-01', 'TEE-02']);
    expect([billbee.quantityOf('MUG-01'), billbee.quantityOf('TEE-02')]).toEqual([5, 6]);

    billbee.rateLimitNext(2);
    const noRetry = await testNode(billbeeUpdateStock, { items: [{ sku: 'MUG-01', quantity: 1 }], credentials: { billbee: credential() } });
    expect(noRetry.error).toMatchObject({ code: 'BILLBEE_RATE_LIMITED', retryable: true, retryAfterMs: 2000, httpStatus: 429 });
  });

  it('stays within Billbee\'s 2 requests per second when the stand-in enforces it', async () => {
    await billbee.close();
    billbee = await startBillbeeStandin({ products: { A: 0, B: 0, C: 0, D: 0, E: 0 }, maxPerSecond: 2 });
    const result = await testNode(billbeeUpdateStock, {
      items: ['A', 'B', 'C', 'D', 'E'].map((sku, index) => ({ sku, quantity: index + 1 })),
      credentials: { billbee: credential() },
      retry: { maxAttempts: 5 },
    });
    expect(result.status).toBe('success');
    expect(['A', 'B', 'C', 'D', 'E'].map((sku) => billbee.quantityOf(sku))).toEqual([1, 2, 3, 4, 5]);
  }, 60_000);

  it('fails with BILLBEE_STOCK_REJECTED naming an unknown SKU', async () => {
    const result = await testNode(billbeeUpdateStock, { items: [{ sku: 'GHOST-9', quantity: 1 }], credentials: { billbee: credential() } });
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'BILLBEE_STOCK_REJECTED', param: 'sku', retryable: false });
    expect(result.error?.message).toContain('GHOST-9');
    expect(result.error?.message).toContain('Article not found');
  });

  it('turns a wrong API password or key into BILLBEE_AUTH_FAILED', async () => {
    const wrongPassword = await testNode(billbeeUpdateStock, {
      items: [{ sku: 'MUG-01', quantity: 1 }], credentials: { billbee: { ...credential(), apiPassword: 'wrong' } },
    });
    expect(wrongPassword.error).toMatchObject({ code: 'BILLBEE_AUTH_FAILED', httpStatus: 401 });
    expect(wrongPassword.error?.message).toContain('Authorization has been denied');
    const wrongKey = await testNode(billbeeUpdateStock, {
      items: [{ sku: 'MUG-01', quantity: 1 }], credentials: { billbee: { ...credential(), apiKey: 'other' } },
    });
    expect(wrongKey.error?.code).toBe('BILLBEE_AUTH_FAILED');
    expect(billbee.quantityOf('MUG-01')).toBe(10);
  });

  it('credential test lists a product, and fails with the auth code on a wrong password', async () => {
    const tools = { http: createHttpClient({ signal: new AbortController().signal, idempotencyKey: 'credential-test' }), signal: new AbortController().signal };
    const data = billbeeCredential.schema.parse(credential());
    await expect(billbeeCredential.test?.(data, tools)).resolves.toBeUndefined();
    await expect(billbeeCredential.test?.({ ...data, apiPassword: 'nope' }, tools)).rejects.toMatchObject({ code: 'BILLBEE_AUTH_FAILED' });
  });
});
