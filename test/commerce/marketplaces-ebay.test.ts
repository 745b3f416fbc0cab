import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ebayUpdateQuantity } from '../../nodes/commerce/ebay/index.js';
import { testNode } from '../../nodes/testing/index.js';
import { startEbayStandin, type EbayStandin } from '../standins/ebay.js';

const skus = (count: number) => Array.from({ length: count }, (_, index) => `SKU-${String(index + 1).padStart(3, '0')}`);

describe('ebay.updateQuantity against the eBay stand-in', () => {
  let ebay: EbayStandin;
  const credential = () => ({
    baseUrl: ebay.url, clientId: ebay.clientId, clientSecret: ebay.clientSecret, refreshToken: ebay.refreshToken,
  });

  beforeEach(async () => {
    ebay = await startEbayStandin({
      inventory: Object.fromEntries(skus(60).map((sku) => [sku, { quantity: 1, offerIds: [`9${sku.slice(4)}`] }])),
    });
  });
  afterEach(() => ebay.close());

  it('sends 60 SKUs as 25/25/10 with one token and reports every SKU, one of them failed', async () => {
    ebay.failSku('SKU-042', { statusCode: 400, errorId: 25604, message: 'Product not found in the catalog for SKU-042' });
    const items = skus(60).map((sku, index) => ({ sku, quantity: 100 + index }));
    const result = await testNode(ebayUpdateQuantity, { items, credentials: { ebay: credential() } });

    expect(result.status).toBe('success');
    expect(ebay.bulkRequests.map((body) => body.requests.length)).toEqual([25, 25, 10]);
    expect(ebay.tokenRequests).toBe(1);
    const outputs = result.outputs.main ?? [];
    expect(outputs).toHaveLength(60);
    const failed = outputs.filter((output) => output.ok !== true);
    expect(failed).toEqual([{
      sku: 'SKU-042', quantity: 141, offerId: null, ok: false, statusCode: 400,
      errors: [expect.objectContaining({ errorId: 25604, message: 'Product not found in the catalog for SKU-042' })],
      warnings: [],
    }]);
    expect(outputs[0]).toEqual({ sku: 'SKU-001', quantity: 100, offerId: null, ok: true, statusCode: 200, errors: [], warnings: [] });
    expect(ebay.quantityOf('SKU-060')).toBe(159);
    expect(ebay.quantityOf('SKU-042')).toBe(1);
  });

  it('reads SKU, quantity and offer from params and sets the offer too; unknown SKUs come back as 404 per SKU', async () => {
    const result = await testNode(ebayUpdateQuantity, {
      params: { sku: '{{ $json.article.number }}', quantity: '{{ $json.stock.free }}', offerId: '{{ $json.article.offer }}' },
      items: [
        { article: { number: 'SKU-007', offer: '9007' }, stock: { free: 3 } },
        { article: { number: 'NOPE-1', offer: '9999' }, stock: { free: 4 } },
      ],
      credentials: { ebay: credential() },
    });
    expect(result.status).toBe('success');
    expect(ebay.bulkRequests[0]?.requests).toEqual([
      { sku: 'SKU-007', shipToLocationAvailability: { quantity: 3 }, offers: [{ offerId: '9007', availableQuantity: 3 }] },
      { sku: 'NOPE-1', shipToLocationAvailability: { quantity: 4 }, offers: [{ offerId: '9999', availableQuantity: 4 }] },
    ]);
    expect(ebay.quantityOf('SKU-007')).toBe(3);
    expect(ebay.offerQuantityOf('9007')).toBe(3);
    expect(result.outputs.main?.map((output) => [output.sku, output.ok, output.statusCode])).toEqual([
      ['SKU-007', true, 200], ['NOPE-1', false, 404],
    ]);
  });

  it('sends a SKU given twice once, with its last quantity', async () => {
    const result = await testNode(ebayUpdateQuantity, {
      items: [{ sku: 'SKU-001', quantity: 5 }, { sku: 'SKU-002', quantity: 6 }, { sku: 'SKU-001', quantity: '7' }],
      credentials: { ebay: credential() },
    });
    expect(result.outputs.main?.map((output) => [output.sku, output.quantity])).toEqual([['SKU-002', 6], ['SKU-001', 7]]);
    expect(ebay.quantityOf('SKU-001')).toBe(7);
  });

  it('fails with SKU_MISSING / QUANTITY_INVALID before sending anything', async () => {
    const noSku = await testNode(ebayUpdateQuantity, { items: [{ quantity: 1 }], credentials: { ebay: credential() } });
    expect(noSku.error).toMatchObject({ code: 'SKU_MISSING', param: 'sku' });
    const badQuantity = await testNode(ebayUpdateQuantity, { items: [{ sku: 'SKU-001', quantity: -2 }], credentials: { ebay: credential() } });
    expect(badQuantity.error).toMatchObject({ code: 'QUANTITY_INVALID', param: 'quantity' });
    expect(badQuantity.error?.message).toContain('SKU-001');
    expect(ebay.bulkRequests).toHaveLength(0);
  });

  it('turns wrong credentials into EBAY_AUTH_FAILED naming the field', async () => {
    const wrongSecret = await testNode(ebayUpdateQuantity, {
      items: [{ sku: 'SKU-001', quantity: 1 }], credentials: { ebay: { ...credential(), clientSecret: 'wrong' } },
    });
    expect(wrongSecret.status).toBe('failed');
    expect(wrongSecret.error).toMatchObject({ code: 'EBAY_AUTH_FAILED', param: 'clientSecret', httpStatus: 401 });
    const wrongRefresh = await testNode(ebayUpdateQuantity, {
      items: [{ sku: 'SKU-001', quantity: 1 }], credentials: { ebay: { ...credential(), refreshToken: 'expired' } },
    });
    expect(wrongRefresh.error).toMatchObject({ code: 'EBAY_AUTH_FAILED', param: 'refreshToken', httpStatus: 400 });
    expect(wrongRefresh.error?.message).toContain('invalid_grant');
  });

  it('gets a new token once when eBay rejects the cached one', async () => {
    const items = [{ sku: 'SKU-001', quantity: 2 }];
    await testNode(ebayUpdateQuantity, { items, credentials: { ebay: credential() } });
    expect(ebay.tokenRequests).toBe(1);
    ebay.revokeTokens();
    const result = await testNode(ebayUpdateQuantity, { items, credentials: { ebay: credential() } });
    expect(result.status).toBe('success');
    expect(ebay.tokenRequests).toBe(2);
  });

  it('maps 429 to EBAY_RATE_LIMITED with Retry-After and succeeds on the retry', async () => {
    ebay.rateLimitNext(2);
    const waits: number[] = [];
    const result = await testNode(ebayUpdateQuantity, {
      items: [{ sku: 'SKU-003', quantity: 9 }],
      credentials: { ebay: credential() },
      retry: { maxAttempts: 2 },
      sleep: async (ms) => { waits.push(ms); },
    });
    expect(result.status).toBe('success');
    expect(result.attempts).toBe(2);
    expect(waits).toContain(2000);
    expect(ebay.quantityOf('SKU-003')).toBe(9);

    ebay.rateLimitNext(1);
    const noRetry = await testNode(ebayUpdateQuantity, { items: [{ sku: 'SKU-003', quantity: 9 }], credentials: { ebay: credential() } });
    expect(noRetry.error).toMatchObject({ code: 'EBAY_RATE_LIMITED', retryable: true, retryAfterMs: 1000, httpStatus: 429 });
  });

  it('rejects more than 25 SKUs per request in the stand-in with an eBay error body', async () => {
    const response = await fetch(`${ebay.url}/identity/v1/oauth2/token`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${ebay.clientId}:${ebay.clientSecret}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: ebay.refreshToken }).toString(),
    });
    const { access_token: token } = await response.json() as { access_token: string };
    const tooMany = await fetch(`${ebay.url}/sell/inventory/v1/bulk_update_price_quantity`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ requests: skus(26).map((sku) => ({ sku, shipToLocationAvailability: { quantity: 1 } })) }),
    });
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toMatchObject({ errors: [{ errorId: 25709, domain: 'API_INVENTORY', message: expect.stringContaining('maximum of 25') }] });
  });

  it('fails the whole request with EBAY_UNAVAILABLE on 5xx and EBAY_REQUEST_REJECTED on 400', async () => {
    ebay.failNext(503);
    const unavailable = await testNode(ebayUpdateQuantity, { items: [{ sku: 'SKU-001', quantity: 1 }], credentials: { ebay: credential() } });
    expect(unavailable.error).toMatchObject({ code: 'EBAY_UNAVAILABLE', retryable: true, httpStatus: 503 });
    ebay.failNext(400, { errors: [{ errorId: 25002, message: 'Invalid request', longMessage: 'The request has errors.' }] });
    const rejected = await testNode(ebayUpdateQuantity, { items: [{ sku: 'SKU-001', quantity: 1 }], credentials: { ebay: credential() } });
    expect(rejected.error).toMatchObject({ code: 'EBAY_REQUEST_REJECTED', retryable: false });
    expect(rejected.error?.message).toContain('25002 The request has errors.');
  });
});
