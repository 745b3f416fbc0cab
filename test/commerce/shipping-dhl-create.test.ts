import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testNode } from '../../nodes/testing/index.js';
import createLabel from '../../nodes/commerce/dhl/create-label/index.js';
import { startDhlParcelStandin, type DhlParcelStandin } from '../standins/dhl-parcel.js';

const shipper = { name1: 'Mein Shop GmbH', addressStreet: 'Sträßchensweg 10', postalCode: '53113', city: 'Bonn', country: 'DE' };
const order = {
  orderId: '5551234567890', orderNumber: '#1001', shop: 'shopify', createdAt: '2026-11-28T10:00:00Z', currency: 'EUR',
  customer: { email: 'maria@example.com', firstName: 'Maria', lastName: 'Musterfrau' },
  shippingAddress: { name: 'Maria Musterfrau', street: 'Kurt-Schumacher-Str.', houseNumber: '20', postalCode: '53113', city: 'Bonn', country: 'DE' },
  lines: [{ sku: 'MUG-01', title: 'Becher', qty: 1, unitPrice: 12.5 }],
  totals: { net: 10.5, tax: 2, gross: 12.5, shipping: 0 },
  raw: {},
};
const params = { product: 'V01PAK', billingNumber: '33333333330102', weightKg: 1.2, shipper };

describe('dhl.createLabel against the DHL stand-in', () => {
  let dhl: DhlParcelStandin;
  beforeEach(async () => { dhl = await startDhlParcelStandin(); });
  afterEach(async () => { await dhl.close(); });

  it('creates a shipment from an order and outputs the label PDF as binary', async () => {
    const result = await testNode(createLabel, { params, items: [order], credentials: { dhlParcel: dhl.credential } });
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('success');
    const [item] = result.items.main ?? [];
    expect(item?.json).toMatchObject({ shipmentNo: dhl.shipments[0]?.shipmentNo, warnings: [], reference: 'Bestellung 1001', orderId: '5551234567890' });
    const pdf = Buffer.from(item?.binary?.label?.data ?? '', 'base64');
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    expect(item?.binary?.label?.mimeType).toBe('application/pdf');
    const sent = dhl.orderRequests()[0]?.json();
    expect(sent).toMatchObject({ profile: 'STANDARD_GRUPPENPROFIL', shipments: [{ consignee: { name1: 'Maria Musterfrau', addressStreet: 'Kurt-Schumacher-Str.', addressHouse: '20', country: 'DEU' }, details: { weight: { uom: 'g', value: 1200 } } }] });
    console.log(JSON.stringify(result.outputs), dhl.orderRequests()[0]?.headers);
  });
});
