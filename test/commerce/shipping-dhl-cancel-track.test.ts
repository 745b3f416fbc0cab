import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testNode } from '../../nodes/testing/index.js';
import cancelLabel from '../../nodes/commerce/dhl/cancel-label/index.js';
import createLabel from '../../nodes/commerce/dhl/create-label/index.js';
import track from '../../nodes/commerce/dhl/track/index.js';
import { startDhlParcelStandin, type DhlParcelStandin } from '../standins/dhl-parcel.js';
import { startDhlTrackingStandin, type DhlTrackingStandin } from '../standins/dhl-tracking.js';
import { order, shipper } from '../fixtures/dhl/orders.js';

const labelParams = { product: 'V01PAK', billingNumber: '33333333330102', shipper };
const noSleep = { sleep: async (): Promise<void> => {} };

describe('dhl.cancelLabel and dhl.track against the stand-ins', () => {
  let dhl: DhlParcelStandin;
  let tracking: DhlTrackingStandin;
  beforeEach(async () => {
    dhl = await startDhlParcelStandin();
    tracking = await startDhlTrackingStandin({ parcel: dhl });
  });
  afterEach(async () => {
    await tracking.close();
    await dhl.close();
  });

  async function createOne(): Promise<string> {
    const created = await testNode(createLabel, { params: labelParams, items: [order], credentials: { dhlParcel: dhl.credential } });
    const shipmentNo = created.outputs.main?.[0]?.shipmentNo;
    if (typeof shipmentNo !== 'string') throw new Error('no shipment created');
    return shipmentNo;
  }

  it('cancels the shipment named by the item (output of dhl.createLabel); a second cancel fails as unknown', async () => {
    const shipmentNo = await createOne();
    const result = await testNode(cancelLabel, { items: [{ shipmentNo, trackingUrl: 'x' }], credentials: { dhlParcel: dhl.credential } });
    expect(result.outputs.main).toEqual([{ shipmentNo, cancelled: true }]);
    expect(dhl.shipments[0]?.cancelled).toBe(true);
    const request = dhl.http.requests.at(-1);
    expect(request?.method).toBe('DELETE');
    expect(request?.query).toEqual({ profile: 'STANDARD_GRUPPENPROFIL', shipment: shipmentNo });

    const again = await testNode(cancelLabel, { params: { shipmentNo }, credentials: { dhlParcel: dhl.credential } });
    expect(again.error).toMatchObject({ code: 'DHL_SHIPMENT_UNKNOWN', param: 'shipmentNo', httpStatus: 400, retryable: false });
    expect(again.error?.message).toContain('Unknown shipment number.');
  });

  it('a cancelled reference may be labelled again: the stand-in creates a new shipment', async () => {
    const first = await createOne();
    await testNode(cancelLabel, { params: { shipmentNo: first }, credentials: { dhlParcel: dhl.credential } });
    const second = await createOne();
    expect(second).not.toBe(first);
    expect(dhl.labelsCreated()).toBe(2);
  });

  it('cancel without a shipment number fails naming the param; 503 is retried', async () => {
    const missing = await testNode(cancelLabel, { items: [{}], credentials: { dhlParcel: dhl.credential } });
    expect(missing.error).toMatchObject({ code: 'DHL_SHIPMENT_NUMBER_MISSING', param: 'shipmentNo' });
    const shipmentNo = await createOne();
    dhl.failNext(503, 1);
    const retried = await testNode(cancelLabel, {
      params: { shipmentNo }, credentials: { dhlParcel: dhl.credential }, retry: { maxAttempts: 2, initialDelayMs: 1 }, ...noSleep,
    });
    expect(retried.status).toBe('success');
    expect(retried.attempts).toBe(2);
  });

  it('tracks a fresh label as pre-transit and a delivered one with its events', async () => {
    const shipmentNo = await createOne();
    const fresh = await testNode(track, { items: [{ shipmentNo }], credentials: { dhlTracking: tracking.credential } });
    expect(fresh.outputs.main?.[0]).toMatchObject({ trackingNumber: shipmentNo, found: true, status: 'pre-transit', delivered: false, service: 'parcel-de' });
    const request = tracking.http.requests[0];
    expect(request?.headers['dhl-api-key']).toBe(tracking.credential.apiKey);
    expect(request?.query).toMatchObject({ trackingNumber: shipmentNo, language: 'de' });

    tracking.setShipment(shipmentNo, {
      statusCode: 'delivered',
      events: [
        { timestamp: '2026-11-30T14:02:00', statusCode: 'delivered', description: 'Die Sendung wurde zugestellt.', location: 'Bonn' },
        { timestamp: '2026-11-29T06:10:00', statusCode: 'transit', description: 'Die Sendung wurde im Paketzentrum bearbeitet.' },
      ],
    });
    const delivered = await testNode(track, { params: { trackingNumber: shipmentNo, service: 'parcel-de' }, credentials: { dhlTracking: tracking.credential } });
    expect(delivered.outputs.main?.[0]).toMatchObject({
      found: true, status: 'delivered', delivered: true, timestamp: '2026-11-30T14:02:00',
      events: [
        { timestamp: '2026-11-30T14:02:00', statusCode: 'delivered', description: 'Die Sendung wurde zugestellt.', location: 'Bonn' },
        { timestamp: '2026-11-29T06:10:00', statusCode: 'transit', location: null },
      ],
    });
  });

  it('an unknown number gives found: false; a wrong key DHL_AUTH_FAILED; 429 is retried after Retry-After', async () => {
    const unknown = await testNode(track, { params: { trackingNumber: '00340434000000000000' }, credentials: { dhlTracking: tracking.credential } });
    expect(unknown.outputs.main).toEqual([{ trackingNumber: '00340434000000000000', found: false, status: 'unknown', delivered: false, events: [] }]);

    const badKey = await testNode(track, { params: { trackingNumber: '1' }, credentials: { dhlTracking: { ...tracking.credential, apiKey: 'wrong' } } });
    expect(badKey.error).toMatchObject({ code: 'DHL_AUTH_FAILED', httpStatus: 401 });
    expect(badKey.error?.message).toContain('"DHL Shipment Tracking"');

    const shipmentNo = await createOne();
    tracking.failNext(429, 1, { retryAfterSeconds: 2 });
    const slept: number[] = [];
    const limited = await testNode(track, {
      params: { trackingNumber: shipmentNo }, credentials: { dhlTracking: tracking.credential }, retry: { maxAttempts: 2 },
      sleep: async (ms) => { slept.push(ms); },
    });
    expect(limited.status).toBe('success');
    expect(slept).toEqual([2000]);
  });
});
