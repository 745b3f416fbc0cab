import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { amazonUpdateQuantity } from '../../nodes/commerce/amazon/index.js';
import { testNode } from '../../nodes/testing/index.js';
import { LISTINGS_PATCH_MODEL, startAmazonStandin, type AmazonStandin } from '../standins/amazon.js';

describe('amazon.updateQuantity against the SP-API stand-in', () => {
  let amazon: AmazonStandin;
  let clock = Date.UTC(2026, 10, 28, 12, 0, 0);
  const now = () => clock;
  const credential = () => ({
    baseUrl: amazon.url, clientId: amazon.clientId, clientSecret: amazon.clientSecret,
    refreshToken: amazon.refreshToken, sellerId: amazon.sellerId,
  });

  beforeEach(async () => {
    amazon = await startAmazonStandin({
      now,
      marketplaceIds: ['A1PA6795UKMFR9', 'A13V1IB3VIYZZH'],
      listings: { 'MUG-01': { quantity: 1 }, 'MUG/02 blau': { quantity: 1 }, 'TEE-03': { productType: 'SHIRT', quantity: 1 } },
    });
  });
  afterEach(() => amazon.close());

  it('PATCHes fulfillment_availability per SKU with one LWA token for all items', async () => {
    const result = await testNode(amazonUpdateQuantity, {
      items: [{ sku: 'MUG-01', quantity: 12 }, { sku: 'MUG/02 blau', quantity: 0 }, { sku: 'TEE-03', quantity: 4 }],
      credentials: { amazon: credential() },
      now,
    });
    expect(result.status).toBe('success');
    expect(amazon.tokenRequests).toBe(1);
    expect(amazon.patches.map((patch) => patch.sku)).toEqual(['MUG-01', 'MUG/02 blau', 'TEE-03']);
    expect(new Set(amazon.patches.map((patch) => patch.accessToken)).size).toBe(1);
    expect(amazon.patches[0]?.query).toMatchObject({ marketplaceIds: 'A1PA6795UKMFR9', issueLocale: 'de_DE' });
    expect(amazon.patches[0]?.body).toEqual({
      productType: 'PRODUCT',
      patches: [{ op: 'replace', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 12 }] }],
    });
    expect(result.outputs.main).toEqual([
      { sku: 'MUG-01', quantity: 12, ok: true, status: 'ACCEPTED', submissionId: expect.any(String), issues: [] },
      { sku: 'MUG/02 blau', quantity: 0, ok: true, status: 'ACCEPTED', submissionId: expect.any(String), issues: [] },
      { sku: 'TEE-03', quantity: 4, ok: true, status: 'ACCEPTED', submissionId: expect.any(String), issues: [] },
    ]);
    expect([amazon.quantityOf('MUG-01'), amazon.quantityOf('MUG/02 blau'), amazon.quantityOf('TEE-03')]).toEqual([12, 0, 4]);
  });

  it('reuses the token across runs and gets a new one after it expires', async () => {
    const run = (quantity: number) => testNode(amazonUpdateQuantity, {
      items: [{ sku: 'MUG-01', quantity }], credentials: { amazon: credential() }, now,
    });
    expect((await run(1)).status).toBe('success');
    clock += 30 * 60_000;
    expect((await run(2)).status).toBe('success');
    expect(amazon.tokenRequests).toBe(1);
    clock += 31 * 60_000;
    const afterExpiry = await run(3);
    expect(afterExpiry.status).toBe('success');
    expect(amazon.tokenRequests).toBe(2);
    expect(new Set(amazon.patches.map((patch) => patch.accessToken)).size).toBe(2);
    expect(amazon.quantityOf('MUG-01')).toBe(3);
  });

  it('gets a fresh token once when Amazon answers 403 for the cached one', async () => {
    const items = [{ sku: 'MUG-01', quantity: 5 }];
    await testNode(amazonUpdateQuantity, { items, credentials: { amazon: credential() }, now });
    amazon.revokeTokens();
    const result = await testNode(amazonUpdateQuantity, { items, credentials: { amazon: credential() }, now });
    expect(result.status).toBe('success');
    expect(amazon.tokenRequests).toBe(2);
  });

  it('reports INVALID submissions with their issues instead of throwing', async () => {
    amazon.invalidSku('TEE-03', { code: '8541', message: 'Listing blocked', attributeNames: ['fulfillment_availability'] });
    const result = await testNode(amazonUpdateQuantity, {
      items: [{ sku: 'MUG-01', quantity: 2 }, { sku: 'GONE-9', quantity: 2 }, { sku: 'TEE-03', quantity: 2 }],
      credentials: { amazon: credential() },
      now,
    });
    expect(result.status).toBe('success');
    expect(result.outputs.main?.map((output) => [output.sku, output.ok, output.status])).toEqual([
      ['MUG-01', true, 'ACCEPTED'], ['GONE-9', false, 'INVALID'], ['TEE-03', false, 'INVALID'],
    ]);
    expect(result.outputs.main?.[2]?.issues).toEqual([{
      code: '8541', message: 'Listing blocked', severity: 'ERROR', attributeNames: ['fulfillment_availability'], categories: ['INVALID_ATTRIBUTE'],
    }]);
    expect(amazon.quantityOf('TEE-03')).toBe(1);
  });

  it('validates only with mode VALIDATION_PREVIEW and sends the product type and merge op from params', async () => {
    const result = await testNode(amazonUpdateQuantity, {
      params: { productType: '{{ $json.type }}', operation: 'merge', validateOnly: true, issueLocale: 'en_US', marketplaceIds: 'A1PA6795UKMFR9,A13V1IB3VIYZZH' },
      items: [{ sku: 'TEE-03', quantity: 8, type: 'SHIRT' }],
      credentials: { amazon: credential() },
      now,
    });
    expect(result.outputs.main?.[0]).toMatchObject({ sku: 'TEE-03', ok: true, status: 'VALID' });
    expect(amazon.patches[0]?.query).toMatchObject({ mode: 'VALIDATION_PREVIEW', issueLocale: 'en_US', marketplaceIds: 'A1PA6795UKMFR9,A13V1IB3VIYZZH' });
    expect(amazon.patches[0]?.body).toMatchObject({ productType: 'SHIRT', patches: [{ op: 'merge' }] });
    expect(amazon.quantityOf('TEE-03')).toBe(1);
  });

  it('turns wrong LWA credentials into AMAZON_AUTH_FAILED naming the field', async () => {
    const wrongSecret = await testNode(amazonUpdateQuantity, {
      items: [{ sku: 'MUG-01', quantity: 1 }], credentials: { amazon: { ...credential(), clientSecret: 'nope' } }, now,
    });
    expect(wrongSecret.error).toMatchObject({ code: 'AMAZON_AUTH_FAILED', param: 'clientSecret', httpStatus: 401 });
    const wrongRefresh = await testNode(amazonUpdateQuantity, {
      items: [{ sku: 'MUG-01', quantity: 1 }], credentials: { amazon: { ...credential(), refreshToken: 'Atzr|old' } }, now,
    });
    expect(wrongRefresh.error).toMatchObject({ code: 'AMAZON_AUTH_FAILED', param: 'refreshToken' });
    const otherSeller = await testNode(amazonUpdateQuantity, {
      items: [{ sku: 'MUG-01', quantity: 1 }], credentials: { amazon: { ...credential(), sellerId: 'A9OTHER' } }, now,
    });
    expect(otherSeller.error).toMatchObject({ code: 'AMAZON_AUTH_FAILED', httpStatus: 403 });
    expect(otherSeller.error?.message).toContain('MUG-01');
  });

  it('maps 429 to AMAZON_RATE_LIMITED with Retry-After and retries that item only', async () => {
    amazon.rateLimitNext(3);
    const waits: number[] = [];
    const result = await testNode(amazonUpdateQuantity, {
      items: [{ sku: 'MUG-01', quantity: 6 }, { sku: 'TEE-03', quantity: 7 }],
      credentials: { amazon: credential() },
      retry: { maxAttempts: 3 },
      sleep: async (ms) => { waits.push(ms); },
      now,
    });
    expect(result.status).toBe('success');
    expect(waits).toEqual([3000]);
    expect(amazon.patches.map((patch) => patch.sku)).toEqual(['MUG-01', 'TEE-03']);
    expect([amazon.quantityOf('MUG-01'), amazon.quantityOf('TEE-03')]).toEqual([6, 7]);

    amazon.failNext(400, { errors: [{ code: 'InvalidInput', message: 'Invalid input', details: 'marketplace' }] });
    const rejected = await testNode(amazonUpdateQuantity, { items: [{ sku: 'MUG-01', quantity: 1 }], credentials: { amazon: credential() }, now });
    expect(rejected.error).toMatchObject({ code: 'AMAZON_REQUEST_REJECTED', httpStatus: 400, retryable: false });
    expect(rejected.error?.message).toContain('InvalidInput: Invalid input (marketplace)');
  });

  it('stand-in rejects a patch that breaks the model with 400 InvalidInput', async () => {
    const tokenResponse = await fetch(`${amazon.url}/auth/o2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: amazon.refreshToken, client_id: amazon.clientId, client_secret: amazon.clientSecret }).toString(),
    });
    const { access_token: token } = await tokenResponse.json() as { access_token: string };
    const patch = (body: unknown) => fetch(`${amazon.url}/listings/2021-08-01/items/${amazon.sellerId}/MUG-01?marketplaceIds=A1PA6795UKMFR9`, {
      method: 'PATCH',
      headers: { 'x-amz-access-token': token, 'Content-Type': 'application/json', Authorization: 'AWS4-HMAC-SHA256 ignored' },
      body: JSON.stringify(body),
    });
    const noProductType = await patch({ patches: [{ op: 'replace', path: '/attributes/fulfillment_availability', value: [] }] });
    expect(noProductType.status).toBe(400);
    expect(await noProductType.json()).toEqual({ errors: [expect.objectContaining({ code: 'InvalidInput', details: "'productType' is required" })] });
    const badOp = await patch({ productType: 'PRODUCT', patches: [{ op: 'set', path: '/attributes/fulfillment_availability', value: [] }] });
    expect(badOp.status).toBe(400);
    const noChannel = await patch({ productType: 'PRODUCT', patches: [{ op: 'replace', path: '/attributes/fulfillment_availability', value: [{ quantity: 2 }] }] });
    expect(await noChannel.json()).toMatchObject({ status: 'INVALID', issues: [{ categories: ['MISSING_ATTRIBUTE'] }] });
  });

  const modelFile = fileURLToPath(new URL('../../../shared/contracts/amz-listings.json', import.meta.url));
  it.skipIf(!existsSync(modelFile))('stand-in rules match the official Listings Items model', () => {
    const model: unknown = JSON.parse(readFileSync(modelFile, 'utf8'));
    expect(model).toMatchObject({
      definitions: {
        ListingsItemPatchRequest: {
          required: [...LISTINGS_PATCH_MODEL.requestRequired],
          properties: { patches: { minItems: LISTINGS_PATCH_MODEL.patchesMinItems } },
        },
        PatchOperation: {
          required: [...LISTINGS_PATCH_MODEL.operationRequired],
          properties: { op: { enum: [...LISTINGS_PATCH_MODEL.ops] } },
        },
      },
    });
  });
});
