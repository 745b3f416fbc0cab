import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testNode } from '../../nodes/testing/index.js';
import hermesCreateLabel from '../../nodes/commerce/hermes/create-label/index.js';
import { clearTokenCache } from '../../nodes/commerce/dhl/password-grant.js';
import { startHermesStandin, type HermesStandin } from '../standins/hermes.js';
import { order, orderWith } from '../fixtures/dhl/orders.js';

const noSleep = { sleep: async (): Promise<void> => {} };

describe('hermes.createLabel against the Hermes HSI stand-in', () => {
  let hermes: HermesStandin;
  beforeEach(async () => {
    clearTokenCache();
    hermes = await startHermesStandin();
  });
  afterEach(async () => { await hermes.close(); });

  it('gets a token by password grant, creates the shipment and outputs the PDF label as binary', async () => {
    const result = await testNode(hermesCreateLabel, { params: { weightKg: 1.25 }, items: [order], credentials: { hermes: hermes.credential } });
    expect(result.status).toBe('success');
    const [item] = result.items.main ?? [];
    const shipmentId = hermes.shipments[0]?.shipmentId ?? '';
    expect(item?.json).toEqual({
      shipmentId,
      shipmentOrderId: '52269002669',
      trackingUrl: `https://www.myhermes.de/empfangen/sendungsverfolgung/sendungsinformation#${shipmentId}`,
      warnings: [],
      clientReference: '1001',
      orderId: '5551234567890',
    });
    const pdf = Buffer.from(item?.binary?.label?.data ?? '', 'base64');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(item?.binary?.label).toMatchObject({ mimeType: 'application/pdf', fileName: `hermes-label-${shipmentId}.pdf` });

    const token = hermes.http.requests[0];
    expect(token?.path).toBe('/authorization-facade/oauth2/access_token');
    expect(Object.fromEntries(new URLSearchParams(token?.text()))).toEqual({
      grant_type: 'password', username: 'hermes-user', password: 'hermes-password', client_id: 'standin-hermes-client', client_secret: 'standin-hermes-secret',
    });
    const call = hermes.labelRequests()[0];
    expect(call?.headers.authorization).toBe('Bearer hermes-standin-token-1');
    expect(call?.headers.accept).toBe('application/shippinglabel-pdf+json');
    expect(call?.headers['accept-language']).toBe('DE');
    expect(call?.json()).toEqual({
      clientReference: '1001',
      receiverName: { firstname: 'Maria', lastname: 'Musterfrau' },
      receiverAddress: { street: 'Kurt-Schumacher-Str.', houseNumber: '20', zipCode: '53113', town: 'Bonn', countryCode: 'DE' },
      parcel: { parcelWeight: 1250, productType: 'PARCEL' },
    });
  });

  it('caches the token until shortly before it expires, then fetches a new one', async () => {
    let now = Date.UTC(2026, 10, 28, 12);
    const clock = { now: () => now };
    await testNode(hermesCreateLabel, { items: [orderWith('1'), orderWith('2'), orderWith('3')], credentials: { hermes: hermes.credential }, ...clock });
    expect(hermes.tokensIssued()).toBe(1);
    now += 3_000_000;
    await testNode(hermesCreateLabel, { items: [orderWith('4')], credentials: { hermes: hermes.credential }, ...clock });
    expect(hermes.tokensIssued()).toBe(1);
    now += 600_000 - 60_000;
    await testNode(hermesCreateLabel, { items: [orderWith('5')], credentials: { hermes: hermes.credential }, ...clock });
    expect(hermes.tokensIssued()).toBe(2);
    expect(hermes.labelsCreated()).toBe(5);
  });

  it('a token the API rejects (401) is dropped and fetched again once', async () => {
    await testNode(hermesCreateLabel, { items: [orderWith('1')], credentials: { hermes: hermes.credential } });
    hermes.expireTokens();
    const result = await testNode(hermesCreateLabel, { items: [orderWith('2')], credentials: { hermes: hermes.credential } });
    expect(result.status).toBe('success');
    expect(hermes.tokensIssued()).toBe(2);
    expect(hermes.labelRequests().map((request) => request.headers.authorization)).toEqual([
      'Bearer hermes-standin-token-1', 'Bearer hermes-standin-token-1', 'Bearer hermes-standin-token-2',
    ]);
  });

  it('a refused grant fails with HERMES_AUTH_FAILED naming the credential and the OAuth error', async () => {
    const result = await testNode(hermesCreateLabel, {
      items: [order], credentials: { hermes: { ...hermes.credential, password: 'wrong' } }, retry: { maxAttempts: 3 }, ...noSleep,
    });
    expect(result.error).toMatchObject({ code: 'HERMES_AUTH_FAILED', retryable: false });
    expect(result.error?.message).toContain('Hermes HSI (shipping)');
    expect(result.error?.message).toContain('invalid_grant');
    expect(result.attempts).toBe(1);
  });

  it('surfaces w-codes as warnings and fails e-codes with HERMES_REQUEST_INVALID naming the field', async () => {
    const warned = await testNode(hermesCreateLabel, { items: [orderWith('7', { houseNumber: '' })], credentials: { hermes: hermes.credential } });
    expect(warned.outputs.main?.[0]?.warnings).toEqual([{ code: 'w030', message: 'House number is missing.' }]);

    const refused = await testNode(hermesCreateLabel, {
      params: { receiver: { zipCode: ' ' }, weightKg: 31.5 }, items: [{ shippingAddress: { name: 'Max Muster', street: 'Essener Str.', city: 'Hamburg', country: 'DE' } }],
      credentials: { hermes: hermes.credential },
    });
    expect(refused.error).toMatchObject({ code: 'HERMES_REQUEST_INVALID', param: 'receiver' });
    expect(refused.error?.message).toContain('zipCode');
    expect(hermes.labelRequests()).toHaveLength(1);

    hermes.http.on('POST', '/services/hsi/shipmentorders/labels', (_request, response) => {
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ listOfResultCodes: [{ code: 'e091', message: 'The parcel shop selection rule does not match.' }] }));
    });
    const e091 = await testNode(hermesCreateLabel, { items: [order], credentials: { hermes: hermes.credential } });
    expect(e091.error).toMatchObject({ code: 'HERMES_REQUEST_INVALID', httpStatus: 400, details: [{ path: 'e091', message: 'The parcel shop selection rule does not match.' }] });
  });

  it('503 twice then 200: one label; the same clientReference answers the same shipment', async () => {
    hermes.failNext(503, 2);
    const result = await testNode(hermesCreateLabel, {
      items: [order], credentials: { hermes: hermes.credential }, retry: { maxAttempts: 4, initialDelayMs: 1 }, ...noSleep,
    });
    expect(result.status).toBe('success');
    expect(result.attempts).toBe(3);
    expect(hermes.labelsCreated()).toBe(1);
    const again = await testNode(hermesCreateLabel, { items: [order], credentials: { hermes: hermes.credential } });
    expect(again.outputs.main?.[0]?.shipmentId).toBe(result.outputs.main?.[0]?.shipmentId);
    expect(hermes.labelsCreated()).toBe(1);
  });

  it('429 becomes a retryable HERMES_RATE_LIMITED with Retry-After', async () => {
    hermes.failNext(429, 1, { retryAfterSeconds: 45 });
    const result = await testNode(hermesCreateLabel, { items: [order], credentials: { hermes: hermes.credential } });
    expect(result.error).toMatchObject({ code: 'HERMES_RATE_LIMITED', retryable: true, retryAfterMs: 45_000 });
  });
});
