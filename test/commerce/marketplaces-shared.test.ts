import { describe, expect, it } from 'vitest';
import { stockLineOf } from '../../nodes/commerce/shared/stock-line.js';
import { TokenCache, tokenCacheKey } from '../../nodes/commerce/shared/token-cache.js';

describe('TokenCache', () => {
  it('issues once for concurrent callers and reuses the token until shortly before expiry', async () => {
    const cache = new TokenCache();
    let issued = 0;
    const issue = async () => ({ accessToken: `t${++issued}`, expiresInSeconds: 3600 });
    const tokens = await Promise.all([cache.get('k', 0, issue), cache.get('k', 0, issue), cache.get('k', 0, issue)]);
    expect(tokens).toEqual(['t1', 't1', 't1']);
    expect(await cache.get('k', 3_539_000, issue)).toBe('t1');
    expect(await cache.get('k', 3_540_000, issue)).toBe('t2');
  });

  it('keeps a tenth of a short lifetime as margin, caches no failure, and invalidates only the rejected token', async () => {
    const cache = new TokenCache();
    let issued = 0;
    await expect(cache.get('k', 0, async () => { throw new Error('refused'); })).rejects.toThrow('refused');
    const issue = async () => ({ accessToken: `t${++issued}`, expiresInSeconds: 10 });
    expect(await cache.get('k', 0, issue)).toBe('t1');
    expect(await cache.get('k', 8_999, issue)).toBe('t1');
    expect(await cache.get('k', 9_000, issue)).toBe('t2');
    cache.invalidate('k', 't1');
    expect(await cache.get('k', 9_000, issue)).toBe('t2');
    cache.invalidate('k', 't2');
    expect(await cache.get('k', 9_000, issue)).toBe('t3');
  });

  it('keys by every part without showing secrets', () => {
    const key = tokenCacheKey('https://api.example.com', 'client', 'secret-value');
    expect(key).not.toContain('secret');
    expect(key).not.toBe(tokenCacheKey('https://api.example.com', 'clients', 'ecret-value'));
  });
});

describe('stockLineOf', () => {
  it('prefers params, else reads sku and quantity (number or digits) from the item', () => {
    expect(stockLineOf({}, { sku: 'MUG-01', quantity: 3 }, 0)).toEqual({ sku: 'MUG-01', quantity: 3 });
    expect(stockLineOf({}, { sku: 4711, quantity: ' 12 ' }, 0)).toEqual({ sku: '4711', quantity: 12 });
    expect(stockLineOf({ sku: 'P', quantity: 0 }, { sku: 'X', quantity: 9 }, 0)).toEqual({ sku: 'P', quantity: 0 });
  });

  it('names the item, SKU and param when a value is missing or unusable', () => {
    expect(() => stockLineOf({}, { quantity: 1 }, 4)).toThrow(expect.objectContaining({ code: 'SKU_MISSING', param: 'sku', message: expect.stringContaining('item 4') }));
    for (const quantity of [-1, 1.5, 'zwei', null]) {
      expect(() => stockLineOf({}, { sku: 'MUG-01', quantity }, 2)).toThrow(expect.objectContaining({
        code: 'QUANTITY_INVALID', param: 'quantity', message: expect.stringContaining('SKU MUG-01'),
      }));
    }
  });
});
