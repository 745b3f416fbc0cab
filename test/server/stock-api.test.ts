import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, createHarness, type Harness } from './harness.js';

/** /api/v1/stock: the built-in ledger for the editor and scripts. */

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.close());

const api = () => ({
  get: (url: string) => request(h.app).get(`/api/v1${url}`).set('X-API-Key', API_KEY),
  put: (url: string, body: unknown, key?: string) => {
    const req = request(h.app).put(`/api/v1${url}`).set('X-API-Key', API_KEY);
    return (key === undefined ? req : req.set('Idempotency-Key', key)).send(body as object);
  },
});

describe('stock API', () => {
  it('sets quantities, lists them by SKU page by page, and shows one SKU with its history', async () => {
    expect((await api().put('/stock/MUG-BLUE', { quantity: 12, reason: 'Inventur' })).body).toEqual({ sku: 'MUG-BLUE', quantity: 12, previous: 0, replayed: false });
    expect((await api().put('/stock/MUG-BLUE', { quantity: 9 })).body).toMatchObject({ quantity: 9, previous: 12 });
    for (const sku of ['TEE-M', 'TEE-L', 'CAP-1']) expect((await api().put(`/stock/${sku}`, { quantity: 1 })).status).toBe(200);

    const first = await api().get('/stock?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.data.map((level: { sku: string }) => level.sku)).toEqual(['CAP-1', 'MUG-BLUE']);
    expect(first.body.nextCursor).toBe('MUG-BLUE');
    const second = await api().get(`/stock?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.data.map((level: { sku: string }) => level.sku)).toEqual(['TEE-L', 'TEE-M']);
    expect(second.body.nextCursor).toBeNull();
    expect((await api().get('/stock?prefix=TEE-')).body.data.map((level: { sku: string }) => level.sku)).toEqual(['TEE-L', 'TEE-M']);

    const one = await api().get('/stock/MUG-BLUE');
    expect(one.body).toMatchObject({ sku: 'MUG-BLUE', quantity: 9 });
    expect(one.body.history.map((entry: { delta: number; reason: string }) => [entry.delta, entry.reason])).toEqual([[-3, 'set via API'], [12, 'Inventur']]);
  });

  it('applies a PUT with the same Idempotency-Key once', async () => {
    const firstSet = await api().put('/stock/KETTLE', { quantity: 5 }, 'delivery-4711');
    expect(firstSet.body).toMatchObject({ quantity: 5, replayed: false });
    await api().put('/stock/KETTLE', { quantity: 3 });
    const again = await api().put('/stock/KETTLE', { quantity: 5 }, 'delivery-4711');
    expect(again.body).toMatchObject({ quantity: 5, previous: 0, replayed: true });
    expect((await api().get('/stock/KETTLE')).body.quantity).toBe(3);
  });

  it('answers 400 naming the field for bad quantities, 404 for an unknown SKU, 401 without a key', async () => {
    for (const quantity of [-1, 2.5, '7']) {
      const res = await api().put('/stock/MUG-BLUE', { quantity });
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].path).toBe('quantity');
    }
    const missing = await api().get('/stock/NOPE');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('NOPE');
    expect((await request(h.app).get('/api/v1/stock')).status).toBe(401);
  });
});
