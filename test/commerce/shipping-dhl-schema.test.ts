import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toAlpha2, toAlpha3, DHL_COUNTRIES } from '../../nodes/commerce/dhl/countries.js';
import { requestProblems } from '../../nodes/commerce/dhl/schema.js';
import { startDhlParcelStandin, type DhlParcelStandin } from '../standins/dhl-parcel.js';
import { dhlPaketExample, dhlPaketInternationalExample, dhlPaketInternationalWithCustomsExample } from '../fixtures/dhl/orders.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/dhl/${name}.json`, import.meta.url), 'utf8'));
const schemaErrorFixture = fixture('createshipment-singleShipmentSchemaError') as { items: { propertyPath: string; message: string }[] };

function withShipment(change: Record<string, unknown>): unknown {
  const [shipment] = dhlPaketExample.shipments;
  return { ...dhlPaketExample, shipments: [{ ...shipment, ...change }] };
}

describe('zod mirror of the DHL ShipmentOrderRequest schema', () => {
  it('accepts the spec\'s own examples', () => {
    expect(requestProblems(dhlPaketExample)).toEqual([]);
    expect(requestProblems(dhlPaketInternationalExample)).toEqual([]);
    expect(requestProblems(dhlPaketInternationalWithCustomsExample)).toEqual([]);
  });

  it('checks the customs declaration: export type, commodities with value and weight', () => {
    const [shipment] = dhlPaketInternationalWithCustomsExample.shipments;
    const customs = shipment?.customs;
    const body = (change: Record<string, unknown>) => ({ ...dhlPaketInternationalWithCustomsExample, shipments: [{ ...shipment, customs: { ...customs, ...change } }] });
    expect(requestProblems(body({ exportType: 'GIFT' })).map((p) => p.propertyPath)).toEqual(['shipments[0].customs.exportType']);
    expect(requestProblems(body({ items: [] })).map((p) => p.propertyPath)).toEqual(['shipments[0].customs.items']);
    expect(requestProblems(body({ items: [{ itemDescription: 'Tee', packagedQuantity: 1, itemValue: { currency: 'EUR', value: 5 } }] })).map((p) => p.propertyPath))
      .toEqual(['shipments[0].customs.items[0].itemWeight']);
  });

  it('reports alpha-2 countries with the path and message of DHL\'s schema-error fixture', () => {
    const [shipment] = dhlPaketExample.shipments;
    const body = withShipment({ shipper: { ...shipment?.shipper, country: 'DE' }, consignee: { ...shipment?.consignee, country: 'DE' } });
    expect(requestProblems(body)).toEqual(schemaErrorFixture.items);
  });

  it('checks billing number pattern, weight, refNo length, the 30-shipment limit and the consignee variants', () => {
    expect(requestProblems(withShipment({ billingNumber: '3333333333010' })).map((p) => p.propertyPath)).toEqual(['shipments[0].billingNumber']);
    expect(requestProblems(withShipment({ details: { weight: { uom: 'g', value: 40000 } } })).map((p) => p.propertyPath)).toEqual(['shipments[0].details.weight.value']);
    expect(requestProblems(withShipment({ refNo: 'short' })).map((p) => p.propertyPath)).toEqual(['shipments[0].refNo']);
    expect(requestProblems(withShipment({ product: 'V99XX' })).map((p) => p.propertyPath)).toEqual(['shipments[0].product']);
    const [shipment] = dhlPaketExample.shipments;
    expect(requestProblems({ ...dhlPaketExample, shipments: Array.from({ length: 31 }, () => shipment) }).map((p) => p.propertyPath)).toEqual(['shipments']);
    const locker = { name: 'Paula Packstation', lockerID: 118, postNumber: '12345678', city: 'Berlin', postalCode: '10115', country: 'DEU' };
    expect(requestProblems(withShipment({ consignee: locker }))).toEqual([]);
    expect(requestProblems(withShipment({ consignee: { ...locker, lockerID: 5 } })).map((p) => p.propertyPath)).toEqual(['shipments[0].consignee.lockerID']);
    expect(requestProblems(withShipment({ shipper: { shipperRef: 'SHOP-1' } }))).toEqual([]);
    expect(requestProblems(withShipment({ consignee: { name1: 'X', city: 'Bonn', country: 'DEU' } })).map((p) => p.propertyPath)).toEqual(['shipments[0].consignee.addressStreet']);
  });

  it('maps country codes: alpha-2 and alpha-3 to DHL\'s alpha-3 and back', () => {
    expect(DHL_COUNTRIES).toHaveLength(243);
    expect(toAlpha3('de')).toBe('DEU');
    expect(toAlpha3('NLD')).toBe('NLD');
    expect(toAlpha3('GB')).toBe('GBR');
    expect(toAlpha3('XX')).toBeUndefined();
    expect(toAlpha3('UNK')).toBeUndefined();
    expect(toAlpha2('AUT')).toBe('AT');
    expect(toAlpha2('ch')).toBe('CH');
  });
});

describe('DHL Parcel stand-in over HTTP', () => {
  let dhl: DhlParcelStandin;
  beforeEach(async () => { dhl = await startDhlParcelStandin(); });
  afterEach(async () => { await dhl.close(); });

  const headers = (): Record<string, string> => ({
    'content-type': 'application/json',
    'dhl-api-key': dhl.credential.apiKey,
    authorization: `Basic ${Buffer.from('user-valid:SandboxPasswort2023!').toString('base64')}`,
  });

  it('answers 401 problem+json without the API key or with a wrong password', async () => {
    const noKey = await fetch(`${dhl.baseUrl}/orders`, { method: 'POST', headers: { ...headers(), 'dhl-api-key': '' }, body: JSON.stringify(dhlPaketExample) });
    expect(noKey.status).toBe(401);
    expect(noKey.headers.get('content-type')).toBe('application/problem+json');
    expect(await noKey.json()).toEqual({ title: 'Unauthorized', statusCode: 401, status: 401, detail: 'Unauthorized for given resource.' });
    const badPassword = await fetch(`${dhl.baseUrl}/orders`, {
      method: 'POST', headers: { ...headers(), authorization: `Basic ${Buffer.from('user-valid:nope').toString('base64')}` }, body: JSON.stringify(dhlPaketExample),
    });
    expect(badPassword.status).toBe(401);
    expect(dhl.labelsCreated()).toBe(0);
  });

  it('answers a schema violation with 400 problem+json naming the property, as in the official fixture', async () => {
    const [shipment] = dhlPaketExample.shipments;
    const body = withShipment({ shipper: { ...shipment?.shipper, country: 'DE' }, consignee: { ...shipment?.consignee, country: 'DE' } });
    const response = await fetch(`${dhl.baseUrl}/orders`, { method: 'POST', headers: headers(), body: JSON.stringify(body) });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const answer = await response.json() as { status: unknown; items: unknown };
    expect(answer.items).toEqual(schemaErrorFixture.items);
    expect(answer.status).toMatchObject({ title: 'Bad Request', statusCode: 400, detail: 'Your request contained technical errors as listed below.' });
  });

  it('creates the spec example with a valid PDF label; validate=true creates nothing', async () => {
    const dry = await fetch(`${dhl.baseUrl}/orders?validate=true`, { method: 'POST', headers: headers(), body: JSON.stringify(dhlPaketExample) });
    expect(dry.status).toBe(200);
    expect(await dry.json()).toEqual({
      status: { title: 'OK', statusCode: 200, status: 200, detail: '1 of 1 shipment successfully validated.' },
      items: [{ sstatus: { title: 'OK', statusCode: 200, status: 200 } }],
    });
    expect(dhl.labelsCreated()).toBe(0);
    const response = await fetch(`${dhl.baseUrl}/orders`, { method: 'POST', headers: headers(), body: JSON.stringify(dhlPaketExample) });
    const answer = await response.json() as { items: { shipmentNo: string; label: { b64: string; fileFormat: string } }[] };
    expect(response.status).toBe(200);
    expect(answer.items[0]?.label.fileFormat).toBe('PDF');
    const pdf = Buffer.from(answer.items[0]?.label.b64 ?? '', 'base64').toString('latin1');
    expect(pdf.startsWith('%PDF-1.4')).toBe(true);
    const xref = Number(/startxref\n(\d+)/.exec(pdf)?.[1]);
    expect(pdf.slice(xref, xref + 4)).toBe('xref');
    expect(dhl.labelsCreated()).toBe(1);
  });

  it('multi-shipment requests answer 207 with a status per shipment, in request order', async () => {
    const [shipment] = dhlPaketExample.shipments;
    const body = { ...dhlPaketExample, shipments: [shipment, { ...shipment, refNo: 'Order No. 1235', product: 'V62KP' }] };
    const response = await fetch(`${dhl.baseUrl}/orders`, { method: 'POST', headers: headers(), body: JSON.stringify(body) });
    expect(response.status).toBe(207);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const answer = await response.json() as { status: { detail: string }; items: { sstatus: { statusCode: number }; validationMessages?: unknown }[] };
    expect(answer.status.detail).toBe('1 of 2 shipments successfully created.');
    expect(answer.items.map((item) => item.sstatus.statusCode)).toEqual([200, 400]);
    expect(answer.items[1]?.validationMessages).toEqual([{
      property: 'billingNumber', validationMessage: 'The billing number 33333333330102 is not valid for product V62KP.', validationState: 'Error',
    }]);
  });

  it('cancels with DELETE /orders (profile required) and serves the version info', async () => {
    const missingProfile = await fetch(`${dhl.baseUrl}/orders?shipment=1`, { method: 'DELETE', headers: headers() });
    expect(missingProfile.status).toBe(400);
    const unknown = await fetch(`${dhl.baseUrl}/orders?profile=STANDARD_GRUPPENPROFIL&shipment=0034043333301010000010101`, { method: 'DELETE', headers: headers() });
    expect(unknown.status).toBe(400);
    const expected = fixture('cancelshipment-singleShipmentError') as { items: unknown };
    expect((await unknown.json() as { items: unknown }).items).toEqual(expected.items);
    const version = await fetch(dhl.baseUrl, { headers: headers() });
    expect(await version.json()).toMatchObject({ amp: { name: 'pp-parcel-shipping-native' } });
  });
});
