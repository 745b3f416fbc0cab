import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../nodes/sdk/index.js';
import { API_KEY, createHarness, type Harness } from '../server/harness.js';
import { startDhlParcelStandin, type DhlParcelStandin, type StandinShipment } from '../standins/dhl-parcel.js';
import { startSmtpStandin, type ReceivedMail, type SmtpStandin } from '../standins/smtp-server.js';
import { SHOP_SMTP, activateOrderFulfilment } from './example-workflow.js';
import { shopifyHeaders, shopifyOrderBody } from './shopify-orders.js';

/**
 * workflows/order-fulfilment.json end to end, as a merchant runs it: the file imported and switched on through
 * the API, its credentials created through the API (DHL Parcel DE pointing at the DHL stand-in, SMTP at the
 * real SMTP stand-in), Shopify orders/create webhooks signed as Shopify signs them, all through the in-process
 * server. Each case uses its own order number and SKUs, so the cases share one server and one pair of stand-ins.
 */

const SECRET = 'shpss_order_fulfilment_test';
const WORKFLOW_ID = 'order-fulfilment';
const MERCHANT = 'shop@example.com';
const CUSTOMER = 'erika.mustermann@example.de';

let h: Harness;
let dhl: DhlParcelStandin;
let smtp: SmtpStandin;
/** Recipients the SMTP stand-in refuses with 550 (a mailbox that does not exist). */
const refusedRecipients = new Set<string>();

beforeAll(async () => {
  [h, dhl, smtp] = await Promise.all([createHarness(), startDhlParcelStandin(), startSmtpStandin({
    ...SHOP_SMTP, rejectRecipient: (address) => (refusedRecipients.has(address) ? 550 : undefined),
  })]);
  await activateOrderFulfilment(h, { dhlCredential: dhl.credential, smtp }, SECRET);
});
afterAll(async () => {
  await h?.close();
  await Promise.all([dhl?.close(), smtp?.close()]);
});

interface OrderSpec {
  /** Shopify's order number; the order id is derived from it. */
  readonly number: number;
  /** SKU for each of the fixture's two lines (MUG-BLUE ×2 "Tasse Blau", TEE-M ×1 "T-Shirt"). */
  readonly skus: readonly [string, string];
  readonly zip?: string;
}

/** Order `number` with the fixture's two lines (MUG-BLUE ×2 "Tasse Blau", TEE-M ×1 "T-Shirt") under other SKUs. */
function shopifyOrder(spec: OrderSpec): string {
  return shopifyOrderBody({ number: spec.number, lines: spec.skus.map((sku) => ({ sku })), ...(spec.zip !== undefined && { zip: spec.zip }) });
}

/** Delivers `body` as Shopify does (signed with the app secret). */
function deliver(body: string, webhookId: string) {
  return request(h.app).post('/webhook/shopify/orders').set(shopifyHeaders(SECRET, body, webhookId)).send(body);
}

async function setStock(stock: Readonly<Record<string, number>>): Promise<void> {
  for (const [sku, quantity] of Object.entries(stock)) {
    await h.services.store.stock.set(sku, quantity, { reason: 'Inventur (test)', executionId: null, idempotencyKey: `setup-${sku}` });
  }
}

async function stockOf(...skus: string[]): Promise<number[]> {
  return (await h.services.store.stock.get(skus)).map((entry) => entry.quantity);
}

/** Waits until the run has finished; returns its status and the node records. */
async function finished(executionId: string) {
  expect(await h.services.executions.whenSettled(executionId)).toBe('success');
  const detail = await h.services.store.executions.get(executionId);
  if (detail === undefined) throw new Error(`execution ${executionId} not stored`);
  return detail;
}

const outputJson = (detail: Awaited<ReturnType<typeof finished>>, node: string, output: string): JsonObject[] =>
  (detail.nodes[node]?.outputs[output] ?? []).map((item) => item.json);

const shipmentsFor = (number: number): StandinShipment[] => dhl.shipments.filter((shipment) => shipment.refNo === `Bestellung ${number}`);
const mailsAbout = (number: number, to: string): ReceivedMail[] =>
  smtp.messages.filter((message) => message.to.includes(to) && (message.mail.headers.subject ?? '').includes(`#${number}`));

describe('workflows/order-fulfilment.json through the server', () => {
  it('is imported as the file is and switched on; an order signed with another secret is refused and starts nothing', async () => {
    const stored = await request(h.app).get(`/api/v1/workflows/${WORKFLOW_ID}`).set('X-API-Key', API_KEY);
    expect(stored.status).toBe(200);
    expect(stored.body.active).toBe(true);
    expect(stored.body.nodes.map((node: { id: string; type: string }) => `${node.id}:${node.type}`)).toEqual([
      'order:shopify.orderCreated', 'stock:stock.adjust', 'label:dhl.createLabel', 'customerMail:email', 'outOfStockMail:email', 'labelFailedMail:email',
    ]);
    const body = shopifyOrder({ number: 2000, skus: ['A-MUG', 'A-TEE'] });
    const forged = await request(h.app).post('/webhook/shopify/orders')
      .set(shopifyHeaders('replace-with-your-shopify-signing-secret', body, 'wh-forged')).send(body);
    expect(forged.status).toBe(401);
    expect((await h.services.store.executions.list({ workflowId: WORKFLOW_ID, limit: 10 })).data).toHaveLength(0);
  });

  it('ships an order with stock: one DHL label, one customer e-mail with the label PDF, stock taken', async () => {
    await setStock({ 'A-MUG': 5, 'A-TEE': 2 });
    const labelsBefore = dhl.labelsCreated();
    const res = await deliver(shopifyOrder({ number: 2001, skus: ['A-MUG', 'A-TEE'] }), 'wh-a-1');
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const detail = await finished(String(res.body.executionId));

    expect(dhl.labelsCreated()).toBe(labelsBefore + 1);
    const [shipment] = shipmentsFor(2001);
    expect(shipment).toMatchObject({ product: 'V01PAK', billingNumber: '33333333330102' });
    expect(shipment?.consignee).toMatchObject({ name1: 'Erika Mustermann', addressStreet: 'Heidestraße', addressHouse: '17', postalCode: '51147', city: 'Köln', country: 'DEU' });
    expect(detail.nodes.label?.attempts).toBe(1);

    const mails = mailsAbout(2001, CUSTOMER);
    expect(mails).toHaveLength(1);
    const mail = mails[0]?.mail;
    const shipmentNo = shipment?.shipmentNo ?? 'missing';
    expect(mail?.headers.to).toBe(CUSTOMER);
    expect(mail?.headers.from).toBe('Mein Shop <shop@example.com>');
    expect(mail?.headers.subject).toBe('Ihre Bestellung #2001 ist unterwegs');
    expect(mail?.html).toContain('Hallo Erika,');
    expect(mail?.html).toContain(`<a href="https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=${shipmentNo}">${shipmentNo}</a>`);
    expect(mail?.html).toContain('<td>2 ×</td><td>Tasse Blau</td>');
    expect(mail?.html).toContain('<td>1 ×</td><td>T-Shirt</td>');
    expect(mail?.text).toContain(shipmentNo);
    expect(mail?.text).toContain('Tasse Blau');
    expect(mail?.attachments).toHaveLength(1);
    const attachment = mail?.attachments[0];
    expect([attachment?.fileName, attachment?.contentType]).toEqual([`Versandetikett-${shipmentNo}.pdf`, 'application/pdf']);
    expect(attachment?.content.equals(shipment?.pdf ?? Buffer.alloc(0))).toBe(true);

    expect(await stockOf('A-MUG', 'A-TEE')).toEqual([3, 1]);
    expect(mailsAbout(2001, MERCHANT)).toHaveLength(0);
  });

  it('e-mails the merchant when stock is short: no DHL call, no customer e-mail, no line taken (allOrNothing)', async () => {
    await setStock({ 'B-MUG': 5, 'B-TEE': 0 });
    const requestsBefore = dhl.orderRequests().length;
    const res = await deliver(shopifyOrder({ number: 2002, skus: ['B-MUG', 'B-TEE'] }), 'wh-b-1');
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const detail = await finished(String(res.body.executionId));

    expect(outputJson(detail, 'stock', 'insufficient')[0]?.stock).toMatchObject({ applied: [], insufficient: [{ sku: 'B-TEE', qty: 1, available: 0 }] });
    expect([detail.nodes.label?.status, detail.nodes.customerMail?.status]).toEqual(['skipped', 'skipped']);
    expect(dhl.orderRequests()).toHaveLength(requestsBefore);
    expect(mailsAbout(2002, CUSTOMER)).toHaveLength(0);

    const mails = mailsAbout(2002, MERCHANT);
    expect(mails).toHaveLength(1);
    const mail = mails[0]?.mail;
    expect(mail?.headers.to).toBe(MERCHANT);
    expect(mail?.headers.subject).toBe('Bestellung #2002: Bestand fehlt');
    expect(mail?.text).toContain('Die Bestellung #2002 (erika.mustermann@example.de) wurde nicht ausgebucht.');
    expect(mail?.text).toContain('B-TEE (bestellt 1, verfügbar 0)');
    expect(mail?.text).toContain('kein DHL-Label erstellt');
    expect(mail?.text).not.toContain('B-MUG');
    expect(await stockOf('B-MUG', 'B-TEE')).toEqual([5, 0]);
  });

  it('the same Shopify webhook delivered three times (and the order again under a new webhook id): one label, one e-mail', async () => {
    await setStock({ 'C-MUG': 10, 'C-TEE': 10 });
    const body = shopifyOrder({ number: 2003, skus: ['C-MUG', 'C-TEE'] });
    const labelsBefore = dhl.labelsCreated();
    const runsBefore = (await h.services.store.executions.list({ workflowId: WORKFLOW_ID, limit: 500 })).data.length;

    // Shopify retries a delivery it got no 2xx for with the same X-Shopify-Webhook-Id; the three arrive together.
    const same = await Promise.all([deliver(body, 'wh-c-1'), deliver(body, 'wh-c-1'), deliver(body, 'wh-c-1')]);
    const accepted = same.filter((res) => res.status === 202);
    expect(accepted, JSON.stringify(same.map((res) => [res.status, res.body]))).toHaveLength(1);
    const first = String(accepted[0]?.body.executionId);
    for (const res of same.filter((other) => other.status !== 202)) {
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ duplicate: true, executionId: first });
    }
    await finished(first);
    // ...and a fourth, late one, after the run finished.
    const late = await deliver(body, 'wh-c-1');
    expect([late.status, late.body.duplicate, late.body.executionId]).toEqual([200, true, first]);

    // Shopify may also send the same order under a new webhook id: the server starts a run, the trigger finds
    // the order in the order history and outputs nothing.
    const redelivered = await deliver(body, 'wh-c-2');
    expect(redelivered.status).toBe(202);
    const again = await finished(String(redelivered.body.executionId));
    expect(outputJson(again, 'order', 'main')).toEqual([]);
    expect(again.nodes.stock?.inputCount ?? 0).toBe(0);
    expect([again.nodes.label?.status, again.nodes.customerMail?.status]).toEqual(['skipped', 'skipped']);

    expect((await h.services.store.executions.list({ workflowId: WORKFLOW_ID, limit: 500 })).data.length).toBe(runsBefore + 2);
    expect(dhl.labelsCreated()).toBe(labelsBefore + 1);
    expect(shipmentsFor(2003)).toHaveLength(1);
    expect(mailsAbout(2003, CUSTOMER)).toHaveLength(1);
    expect(mailsAbout(2003, MERCHANT)).toHaveLength(0);
    expect(await stockOf('C-MUG', 'C-TEE')).toEqual([8, 9]);
  });

  it('the same order under different webhook ids at the same time: still one label, one e-mail, stock taken once', async () => {
    await setStock({ 'C2-MUG': 10, 'C2-TEE': 10 });
    const body = shopifyOrder({ number: 2013, skus: ['C2-MUG', 'C2-TEE'] });
    const labelsBefore = dhl.labelsCreated();
    const deliveries = await Promise.all([deliver(body, 'wh-c2-1'), deliver(body, 'wh-c2-2'), deliver(body, 'wh-c2-1'), deliver(body, 'wh-c2-3')]);
    const runs = deliveries.filter((res) => res.status === 202).map((res) => String(res.body.executionId));
    expect(runs).toHaveLength(3);
    const details = await Promise.all(runs.map(finished));
    expect(details.filter((detail) => outputJson(detail, 'order', 'main').length === 1)).toHaveLength(1);
    expect(dhl.labelsCreated()).toBe(labelsBefore + 1);
    expect(mailsAbout(2013, CUSTOMER)).toHaveLength(1);
    expect(await stockOf('C2-MUG', 'C2-TEE')).toEqual([8, 9]);
  });

  it('DHL answers 503 twice, then 200: one label after the node\'s retries, one e-mail', async () => {
    await setStock({ 'D-MUG': 3, 'D-TEE': 3 });
    const labelsBefore = dhl.labelsCreated();
    const requestsBefore = dhl.orderRequests().length;
    dhl.failNext(503, 2);
    const started = Date.now();
    const res = await deliver(shopifyOrder({ number: 2004, skus: ['D-MUG', 'D-TEE'] }), 'wh-d-1');
    expect(res.status).toBe(202);
    const detail = await finished(String(res.body.executionId));
    // The file's retry policy: 1 s, then 2 s (less up to 20 % jitter).
    expect(Date.now() - started).toBeGreaterThanOrEqual(2300);

    expect(detail.nodes.label?.attempts).toBe(3);
    const requests = dhl.orderRequests().slice(requestsBefore);
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((req) => req.headers['idempotency-key'])).size).toBe(1);
    expect(dhl.labelsCreated()).toBe(labelsBefore + 1);
    const mails = mailsAbout(2004, CUSTOMER);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.mail.attachments[0]?.content.equals(shipmentsFor(2004)[0]?.pdf ?? Buffer.alloc(0))).toBe(true);
    expect(await stockOf('D-MUG', 'D-TEE')).toEqual([1, 2]);
  });

  it('DHL answers 503 with Retry-After twice: the node waits what DHL asks, then one label, one e-mail', async () => {
    await setStock({ 'D2-MUG': 3, 'D2-TEE': 3 });
    const labelsBefore = dhl.labelsCreated();
    dhl.failNext(503, 2, { retryAfterSeconds: 1 });
    const started = Date.now();
    const res = await deliver(shopifyOrder({ number: 2014, skus: ['D2-MUG', 'D2-TEE'] }), 'wh-d2-1');
    expect(res.status).toBe(202);
    const detail = await finished(String(res.body.executionId));
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(detail.nodes.label?.attempts).toBe(3);
    expect(dhl.labelsCreated()).toBe(labelsBefore + 1);
    expect(mailsAbout(2014, CUSTOMER)).toHaveLength(1);
  });

  it('a label DHL refuses (invalid postal code) e-mails the merchant the error; the customer gets nothing', async () => {
    await setStock({ 'E-MUG': 4, 'E-TEE': 4 });
    const labelsBefore = dhl.labelsCreated();
    const res = await deliver(shopifyOrder({ number: 2005, skus: ['E-MUG', 'E-TEE'], zip: '5114' }), 'wh-e-1');
    expect(res.status).toBe(202);
    const detail = await finished(String(res.body.executionId));

    expect(detail.nodes.label?.attempts).toBe(1);
    expect(outputJson(detail, 'label', 'error')[0]?.error).toMatchObject({ code: 'DHL_SHIPMENT_REJECTED' });
    expect(dhl.labelsCreated()).toBe(labelsBefore);
    expect(mailsAbout(2005, CUSTOMER)).toHaveLength(0);
    const mails = mailsAbout(2005, MERCHANT);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.mail.headers.subject).toBe('Kein DHL-Label für Bestellung #2005');
    expect(mails[0]?.mail.text).toContain('DHL_SHIPMENT_REJECTED');
    const text = mails[0]?.mail.text ?? '';
    expect(text).toContain('DHL hat das Label für Bestellung #2005 abgelehnt: DHL_SHIPMENT_REJECTED: ');
    expect(text).toContain('consignee.postalCode: The postal code entered is not valid.');
    expect(text).toContain('Lieferadresse: Erika Mustermann, Heidestraße 17, 5114 Köln (DE)');
    expect(text).toContain(`Kunde: ${CUSTOMER}`);
    // The stock stays taken: the goods still go out once the merchant fixed the address.
    expect(await stockOf('E-MUG', 'E-TEE')).toEqual([2, 3]);
  });

  it('the SMTP server refuses the customer e-mail: the run fails; retrying from the failed node sends it, no second label', async () => {
    await setStock({ 'F-MUG': 3, 'F-TEE': 3 });
    const labelsBefore = dhl.labelsCreated();
    refusedRecipients.add(CUSTOMER);
    let failedRun: string;
    try {
      const res = await deliver(shopifyOrder({ number: 2006, skus: ['F-MUG', 'F-TEE'] }), 'wh-f-1');
      expect(res.status).toBe(202);
      failedRun = String(res.body.executionId);
      expect(await h.services.executions.whenSettled(failedRun)).toBe('failed');
    } finally {
      refusedRecipients.delete(CUSTOMER);
    }
    const failed = await h.services.store.executions.get(failedRun);
    expect(failed?.nodes.customerMail).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'SMTP_REJECTED' } });
    expect(dhl.labelsCreated()).toBe(labelsBefore + 1);
    expect(mailsAbout(2006, CUSTOMER)).toHaveLength(0);

    const retry = await request(h.app).post(`/api/v1/executions/${failedRun}/retry`).set('X-API-Key', API_KEY).send({});
    expect(retry.status, JSON.stringify(retry.body)).toBe(202);
    const detail = await finished(String(retry.body.executionId));
    expect(detail.nodes.customerMail?.status).toBe('success');
    expect(dhl.labelsCreated()).toBe(labelsBefore + 1);
    const mails = mailsAbout(2006, CUSTOMER);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.mail.attachments[0]?.content.equals(shipmentsFor(2006)[0]?.pdf ?? Buffer.alloc(0))).toBe(true);
    expect(await stockOf('F-MUG', 'F-TEE')).toEqual([1, 2]);
  });
});
