import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testNode } from '../../nodes/testing/index.js';
import createLabel from '../../nodes/commerce/dhl/create-label/index.js';
import { clearTokenCache } from '../../nodes/commerce/dhl/password-grant.js';
import { startDhlParcelStandin, type DhlParcelStandin } from '../standins/dhl-parcel.js';
import { sendJson } from '../standins/http-server.js';
import { order, orderWith, shipper } from '../fixtures/dhl/orders.js';

const params = { product: 'V01PAK', billingNumber: '33333333330102', weightKg: 1.2, shipper };
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/dhl/${name}.json`, import.meta.url), 'utf8'));
const noSleep = { sleep: async (): Promise<void> => {} };

describe('dhl.createLabel against the DHL Parcel DE stand-in', () => {
  let dhl: DhlParcelStandin;
  beforeEach(async () => {
    clearTokenCache();
    dhl = await startDhlParcelStandin();
  });
  afterEach(async () => { await dhl.close(); });

  it('creates a shipment from an order: json { shipmentNo, trackingUrl, warnings } and a PDF label as binary', async () => {
    const result = await testNode(createLabel, { params, items: [order], credentials: { dhlParcel: dhl.credential } });
    expect(result.status).toBe('success');
    const [item] = result.items.main ?? [];
    const shipmentNo = dhl.shipments[0]?.shipmentNo ?? '';
    expect(item?.json).toMatchObject({
      shipmentNo, warnings: [], reference: 'Bestellung 1001', orderId: '5551234567890', product: 'V01PAK', parcel: 1, parcels: 1,
    });
    expect(item?.json.trackingUrl).toBe(`https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=${shipmentNo}`);
    const label = item?.binary?.label;
    expect(label?.mimeType).toBe('application/pdf');
    expect(label?.fileName).toBe(`dhl-label-${shipmentNo}.pdf`);
    const pdf = Buffer.from(label?.data ?? '', 'base64');
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    expect(pdf.toString('latin1')).toContain(shipmentNo);
    expect(pdf.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
    expect(result.outputs.failed).toEqual([]);

    const request = dhl.orderRequests()[0];
    expect(request?.headers['dhl-api-key']).toBe(dhl.credential.apiKey);
    expect(request?.headers.authorization).toBe(`Basic ${Buffer.from('user-valid:SandboxPasswort2023!').toString('base64')}`);
    expect(request?.headers['idempotency-key']).toBe('test-execution:node:0');
    expect(request?.query).toMatchObject({ docFormat: 'PDF' });
    expect(request?.json()).toEqual({
      profile: 'STANDARD_GRUPPENPROFIL',
      shipments: [{
        product: 'V01PAK', billingNumber: '33333333330102', refNo: 'Bestellung 1001',
        shipper: { ...shipper, country: 'DEU' },
        consignee: { name1: 'Maria Musterfrau', addressStreet: 'Kurt-Schumacher-Str.', addressHouse: '20', postalCode: '53113', city: 'Bonn', country: 'DEU' },
        details: { weight: { uom: 'g', value: 1200 } },
      }],
    });
  });

  it('sends the customer e-mail only with notifyConsignee, and applies consignee overrides over the order', async () => {
    const result = await testNode(createLabel, {
      params: { ...params, notifyConsignee: true, consignee: { name1: 'Firma Muster', name2: 'z. Hd. Maria', city: '{{ $json.shippingAddress.city.toUpperCase() }}' } },
      items: [order],
      credentials: { dhlParcel: dhl.credential },
    });
    expect(result.status).toBe('success');
    const consignee = (dhl.orderRequests()[0]?.json() as { shipments: { consignee: unknown }[] }).shipments[0]?.consignee;
    expect(consignee).toMatchObject({ name1: 'Firma Muster', name2: 'z. Hd. Maria', city: 'BONN', email: 'maria@example.com', addressHouse: '20' });
  });

  it('surfaces DHL validation warnings and still outputs the label', async () => {
    const result = await testNode(createLabel, {
      params, items: [orderWith('1002', { street: 'Am Markt', houseNumber: '' })], credentials: { dhlParcel: dhl.credential },
    });
    expect(result.status).toBe('success');
    expect(result.outputs.main?.[0]?.warnings).toEqual([{ property: 'consignee', message: 'The house number entered could not be found.' }]);
    expect(result.items.main?.[0]?.binary?.label?.mimeType).toBe('application/pdf');
  });

  it('handles 207 multi-status per shipment: created parcels on main, the refused one on failed naming the field', async () => {
    const result = await testNode(createLabel, {
      params: { ...params, product: 'V62KP', billingNumber: '33333333336201', parcelWeightsKg: [0.5, 2.5, 0.8] },
      items: [order],
      credentials: { dhlParcel: dhl.credential },
    });
    expect(result.status).toBe('success');
    expect(dhl.http.requests.length).toBe(1);
    expect(result.outputs.main?.map((item) => item.reference)).toEqual(['Bestellung 1001-1', 'Bestellung 1001-3']);
    expect(result.items.main?.every((item) => item.binary?.label?.mimeType === 'application/pdf')).toBe(true);
    expect(result.outputs.failed).toEqual([{
      reference: 'Bestellung 1001-2', product: 'V62KP', orderId: '5551234567890', parcel: 2, parcels: 3,
      error: {
        code: 'DHL_SHIPMENT_REJECTED',
        message: 'details.weight: The weight exceeds the maximum of 1 kg for V62KP.',
        details: [{ path: 'details.weight', message: 'The weight exceeds the maximum of 1 kg for V62KP.' }],
      },
    }]);
    expect(dhl.labelsCreated()).toBe(2);
  });

  it('reads the official 207 fixture (multiShipmentPartialSuccess) per shipment', async () => {
    dhl.http.on('POST', '/parcel/de/shipping/v2/orders', (_request, response) => sendJson(response, 207, fixture('createshipment-multiShipmentPartialSuccess')));
    const result = await testNode(createLabel, {
      params: { ...params, parcelWeightsKg: [1, 2] }, items: [order], credentials: { dhlParcel: dhl.credential },
    });
    expect(result.outputs.main?.map((item) => item.shipmentNo)).toEqual(['0034043333301010000010004']);
    expect(result.outputs.failed?.[0]?.error).toMatchObject({
      code: 'DHL_SHIPMENT_REJECTED',
      details: [
        { path: 'shipper', message: 'The house number entered could not be found.' },
        { path: 'consignee', message: 'The city entered does not match the postcode. The shipment is not codeable.' },
      ],
    });
  });

  it('fails with DHL_SHIPMENT_REJECTED naming the field when DHL refuses the only shipment (400)', async () => {
    const result = await testNode(createLabel, {
      params: { ...params, product: 'V62KP' }, items: [order], credentials: { dhlParcel: dhl.credential }, retry: { maxAttempts: 3 }, ...noSleep,
    });
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'DHL_SHIPMENT_REJECTED', httpStatus: 400, param: 'billingNumber', retryable: false });
    expect(result.error?.message).toContain('billingNumber: The billing number 33333333330102 is not valid for product V62KP.');
    expect(result.attempts).toBe(1);
    expect(dhl.labelsCreated()).toBe(0);
  });

  it('maps a 400 schema error (official fixture) to DHL_REQUEST_INVALID with the property paths', async () => {
    dhl.http.on('POST', '/parcel/de/shipping/v2/orders', (_request, response) =>
      sendJson(response, 400, fixture('createshipment-singleShipmentSchemaError'), { 'content-type': 'application/problem+json' }));
    const result = await testNode(createLabel, { params, items: [order], credentials: { dhlParcel: dhl.credential } });
    expect(result.error?.code).toBe('DHL_REQUEST_INVALID');
    expect(result.error?.message).toContain('shipments[0].shipper.country');
    expect(result.error?.details?.map((detail) => detail.path)).toEqual(['shipments[0].shipper.country', 'shipments[0].consignee.country']);
  });

  it('validates against the schema mirror before sending: a bad order address fails naming the field, no request', async () => {
    const result = await testNode(createLabel, {
      params, items: [orderWith('1003', { country: 'XX' })], credentials: { dhlParcel: dhl.credential },
    });
    expect(result.error).toMatchObject({ code: 'DHL_REQUEST_INVALID', param: 'consignee' });
    expect(result.error?.message).toMatch(/^DHL request invalid: consignee\.country: .*alpha-3.*order 1003/);
    const noShipper = await testNode(createLabel, { params: { ...params, shipper: undefined }, items: [order], credentials: { dhlParcel: dhl.credential } });
    expect(noShipper.error).toMatchObject({ code: 'DHL_SHIPPER_MISSING', param: 'shipper' });
    const badBilling = await testNode(createLabel, { params: { ...params, billingNumber: '1234' }, items: [order], credentials: { dhlParcel: dhl.credential } });
    expect(badBilling.error).toMatchObject({ code: 'DHL_REQUEST_INVALID', param: 'billingNumber' });
    expect(dhl.http.requests).toEqual([]);
  });

  it('turns 401 into DHL_AUTH_FAILED naming the credential, without retries', async () => {
    const result = await testNode(createLabel, {
      params, items: [order], credentials: { dhlParcel: { ...dhl.credential, password: 'wrong' } }, retry: { maxAttempts: 3 }, ...noSleep,
    });
    expect(result.error).toMatchObject({ code: 'DHL_AUTH_FAILED', httpStatus: 401, retryable: false });
    expect(result.error?.message).toContain('"DHL Parcel DE (shipping)"');
    expect(result.error?.message).toContain('Unauthorized for given resource.');
    expect(result.attempts).toBe(1);
  });

  it('honours Retry-After on 429 and then succeeds', async () => {
    dhl.failNext(429, 1, { retryAfterSeconds: 7 });
    const slept: number[] = [];
    const result = await testNode(createLabel, {
      params, items: [order], credentials: { dhlParcel: dhl.credential }, retry: { maxAttempts: 3, initialDelayMs: 1 },
      parkAfterMs: 60_000, sleep: async (ms) => { slept.push(ms); },
    });
    expect(result.status).toBe('success');
    expect(slept).toEqual([7000]);
    expect(result.attempts).toBe(2);
    expect(dhl.labelsCreated()).toBe(1);
  });

  it('fails with retryable DHL_RATE_LIMITED carrying retryAfterMs when retries run out', async () => {
    dhl.failNext(429, 1, { retryAfterSeconds: 30 });
    const result = await testNode(createLabel, { params, items: [order], credentials: { dhlParcel: dhl.credential } });
    expect(result.error).toMatchObject({ code: 'DHL_RATE_LIMITED', retryable: true, retryAfterMs: 30_000, httpStatus: 429 });
  });

  it('a long Retry-After parks the run until then instead of sleeping', async () => {
    dhl.failNext(429, 1, { retryAfterSeconds: 120 });
    const result = await testNode(createLabel, {
      params, items: [order], credentials: { dhlParcel: dhl.credential }, retry: { maxAttempts: 3 }, now: () => 1_000_000,
    });
    expect(result.status).toBe('waiting');
    expect(result.record.nodes.node?.error?.code).toBe('DHL_RATE_LIMITED');
    expect(dhl.labelsCreated()).toBe(0);
  });

  it('503 twice, then 200: exactly one label after retries, same idempotency key and reference on every try', async () => {
    dhl.failNext(503, 2);
    const result = await testNode(createLabel, {
      params, items: [order], credentials: { dhlParcel: dhl.credential }, retry: { maxAttempts: 5, initialDelayMs: 1 }, ...noSleep,
    });
    expect(result.status).toBe('success');
    expect(result.attempts).toBe(3);
    expect(dhl.labelsCreated()).toBe(1);
    const requests = dhl.orderRequests();
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((request) => request.headers['idempotency-key']))).toEqual(new Set(['test-execution:node:0']));
    expect(new Set(requests.map((request) => (request.json() as { shipments: { refNo: string }[] }).shipments[0]?.refNo))).toEqual(new Set(['Bestellung 1001']));
    expect(result.outputs.main?.[0]?.shipmentNo).toBe(dhl.shipments[0]?.shipmentNo);
  });

  it('a lost response (label created, then 503) is retried with the same refNo: one label, the same shipment', async () => {
    dhl.failNext(503, 1, { afterCreate: true });
    const result = await testNode(createLabel, {
      params, items: [order], credentials: { dhlParcel: dhl.credential }, retry: { maxAttempts: 3, initialDelayMs: 1 }, ...noSleep,
    });
    expect(result.status).toBe('success');
    expect(dhl.orderRequests()).toHaveLength(2);
    expect(dhl.labelsCreated()).toBe(1);
    expect(result.outputs.main?.[0]?.shipmentNo).toBe(dhl.shipments[0]?.shipmentNo);
  });

  it('without the refNo memory (as DHL is assumed to behave) a lost response costs a second label', async () => {
    const plain = await startDhlParcelStandin({ idempotency: 'none' });
    try {
      plain.failNext(503, 1, { afterCreate: true });
      const result = await testNode(createLabel, {
        params, items: [order], credentials: { dhlParcel: plain.credential }, retry: { maxAttempts: 3, initialDelayMs: 1 }, ...noSleep,
      });
      expect(result.status).toBe('success');
      expect(plain.labelsCreated()).toBe(2);
    } finally {
      await plain.close();
    }
  });

  it('runs once per order item with its own reference; ZPL2 labels come as application/x-zpl', async () => {
    const result = await testNode(createLabel, {
      params: { ...params, labelFormat: 'ZPL2', printFormat: '910-300-400' },
      items: [orderWith('2001'), orderWith('2002'), orderWith('2003')],
      credentials: { dhlParcel: dhl.credential },
    });
    expect(result.outputs.main?.map((item) => item.reference)).toEqual(['Bestellung 2001', 'Bestellung 2002', 'Bestellung 2003']);
    expect(dhl.labelsCreated()).toBe(3);
    const label = result.items.main?.[0]?.binary?.label;
    expect(label?.mimeType).toBe('application/x-zpl');
    expect(Buffer.from(label?.data ?? '', 'base64').toString('utf8')).toMatch(/^\^XA/);
    expect(dhl.orderRequests()[0]?.query).toMatchObject({ docFormat: 'ZPL2', printFormat: '910-300-400' });
  });

  it('OAuth mode: one password-grant token for several items, sent as Bearer', async () => {
    const credential = { ...dhl.credential, authMode: 'oauth', apiSecret: 'standin-dhl-api-secret' };
    const result = await testNode(createLabel, {
      params, items: [orderWith('3001'), orderWith('3002')], credentials: { dhlParcel: credential },
    });
    expect(result.status).toBe('success');
    expect(dhl.tokensIssued()).toBe(1);
    expect(dhl.orderRequests().map((request) => request.headers.authorization)).toEqual(['Bearer dhl-standin-token-1', 'Bearer dhl-standin-token-1']);
    const wrongSecret = await testNode(createLabel, {
      params, items: [order], credentials: { dhlParcel: { ...credential, apiSecret: 'nope' } },
    });
    expect(wrongSecret.error).toMatchObject({ code: 'DHL_AUTH_FAILED' });
    expect(wrongSecret.error?.message).toContain('invalid_grant');
  });

  it('declares customs for a non-EU parcel from the order lines; without customs DHL refuses it', async () => {
    const swiss = {
      ...orderWith('4001', { street: 'Bahnhofstrasse', houseNumber: '1', postalCode: '8001', city: 'Zürich', country: 'CH' }),
      currency: 'CHF',
      lines: [{ sku: 'MUG-01', title: 'Becher', qty: 2, unitPrice: 12.5 }, { sku: 'TEE-02', title: 'Tee', qty: 1, unitPrice: 7 }],
    };
    const international = { ...params, product: 'V53WPAK', billingNumber: '33333333335301', weightKg: 1.5 };
    const refused = await testNode(createLabel, { params: international, items: [swiss], credentials: { dhlParcel: dhl.credential } });
    expect(refused.error).toMatchObject({ code: 'DHL_SHIPMENT_REJECTED', param: 'customs' });
    expect(refused.error?.message).toContain('customs: Customs details are required for shipments to CHE.');

    const result = await testNode(createLabel, {
      params: { ...international, customs: { hsCode: '691200', countryOfOrigin: 'DE', postalCharges: 4.9, invoiceNo: 'RE-4001' } },
      items: [swiss],
      credentials: { dhlParcel: dhl.credential },
    });
    expect(result.status).toBe('success');
    const sent = dhl.orderRequests().at(-1)?.json() as { shipments: { customs: unknown; consignee: { country: string } }[] };
    expect(sent.shipments[0]?.consignee.country).toBe('CHE');
    expect(sent.shipments[0]?.customs).toEqual({
      exportType: 'COMMERCIAL_GOODS', invoiceNo: 'RE-4001', postalCharges: { currency: 'CHF', value: 4.9 },
      items: [
        { itemDescription: 'Becher', packagedQuantity: 2, itemValue: { currency: 'CHF', value: 25 }, itemWeight: { uom: 'g', value: 1000 }, hsCode: '691200', countryOfOrigin: 'DEU' },
        { itemDescription: 'Tee', packagedQuantity: 1, itemValue: { currency: 'CHF', value: 7 }, itemWeight: { uom: 'g', value: 500 }, hsCode: '691200', countryOfOrigin: 'DEU' },
      ],
    });

    const noLines = await testNode(createLabel, { params: { ...international, customs: {} }, items: [{ ...swiss, lines: [] }], credentials: { dhlParcel: dhl.credential } });
    expect(noLines.error).toMatchObject({ code: 'DHL_CUSTOMS_ITEMS_MISSING', param: 'customs' });
  });

  it('takes any item when the consignee param is complete; without an order a reference is derived from the idempotency key', async () => {
    const result = await testNode(createLabel, {
      params: { ...params, consignee: { name1: 'Erika Muster', addressStreet: 'Hauptstr. 1', postalCode: '10115', city: 'Berlin', country: 'DEU' } },
      items: [{ note: 'manual' }],
      credentials: { dhlParcel: dhl.credential },
    });
    expect(result.status).toBe('success');
    expect(result.outputs.main?.[0]?.reference).toMatch(/^FW-[0-9a-f]{24}$/);
    expect(result.outputs.main?.[0]).not.toHaveProperty('orderId');
  });
});
