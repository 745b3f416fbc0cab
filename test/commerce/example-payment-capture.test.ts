import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { klarnaIdempotencyKey } from '../../nodes/commerce/klarna/client.js';
import { createBuiltinRegistry } from '../../nodes/builtin.js';
import type { JsonObject } from '../../nodes/sdk/index.js';
import { validateWorkflow } from '../../server/engine/index.js';
import { createHarness, type Harness } from '../server/harness.js';
import { startDhlParcelStandin, type DhlParcelStandin, type StandinShipment } from '../standins/dhl-parcel.js';
import { startKlarnaStandin, type KlarnaStandin } from '../standins/klarna.js';
import { paypalErrorBody, startPaypalStandin, type PaypalStandin } from '../standins/paypal.js';
import type { RecordedRequest } from '../standins/http-server.js';
import { startSmtpStandin, type ReceivedMail, type SmtpStandin } from '../standins/smtp-server.js';
import { createCredential, importAndActivate, loadExample } from './example-workflow.js';

/**
 * workflows/payment-capture-on-shipment.json end to end, as a merchant runs it: the file imported and switched on
 * through the API; credentials created through the API (DHL Parcel DE at the DHL stand-in, PayPal and Klarna at
 * their stand-ins behind a pass-through proxy that can lose an answer, SMTP at the real SMTP stand-in); "ready to
 * ship" orders POSTed to the webhook signed with HMAC-SHA256 through the in-process server. Each case uses its own
 * order number, so the cases share one server and one set of stand-ins.
 */

const WORKFLOW_ID = 'payment-capture-on-shipment';
const SECRET = 'erp-signing-secret-5d1f';
const MERCHANT = 'shop@example.com';
const WAREHOUSE = 'lager@example.com';

/** A pass-through HTTP proxy in front of a stand-in. `loseNext(pattern)`: the next POST whose path matches is
 * forwarded and processed, but its answer is replaced by 502, as when a gateway drops the response. */
interface LossyProxy {
  readonly url: string;
  loseNext(pattern: RegExp): void;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

async function startLossyProxy(target: string): Promise<LossyProxy> {
  const lose: RegExp[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const forward = async (): Promise<void> => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers)) {
          if (value !== undefined && !HOP_BY_HOP.has(name)) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
        }
        const body = Buffer.concat(chunks);
        const upstream = await fetch(`${target}${req.url ?? '/'}`, { method: req.method ?? 'GET', headers, ...(body.length > 0 && { body }) });
        const answer = Buffer.from(await upstream.arrayBuffer());
        const index = lose.findIndex((pattern) => req.method === 'POST' && pattern.test(req.url ?? ''));
        if (index >= 0) {
          lose.splice(index, 1);
          res.writeHead(502, { 'content-type': 'text/html' });
          res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
          return;
        }
        const out: Record<string, string> = {};
        upstream.headers.forEach((value, name) => {
          if (!HOP_BY_HOP.has(name) && name !== 'content-encoding') out[name] = value;
        });
        res.writeHead(upstream.status, out);
        res.end(answer);
      };
      forward().catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no TCP address');
  return {
    url: `http://127.0.0.1:${(address satisfies AddressInfo).port}`,
    loseNext: (pattern) => {
      lose.push(pattern);
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

let h: Harness;
let dhl: DhlParcelStandin;
let paypal: PaypalStandin;
let klarna: KlarnaStandin;
let smtp: SmtpStandin;
let paypalProxy: LossyProxy;
let klarnaProxy: LossyProxy;

beforeAll(async () => {
  [h, dhl, paypal, klarna, smtp] = await Promise.all([
    createHarness(), startDhlParcelStandin(), startPaypalStandin(), startKlarnaStandin(), startSmtpStandin({ user: 'shop', password: 'smtp-secret' }),
  ]);
  [paypalProxy, klarnaProxy] = await Promise.all([startLossyProxy(paypal.url), startLossyProxy(klarna.url)]);
  const dhlId = await createCredential(h, 'DHL Geschäftskunden (Sandbox)', 'dhlParcelDe', { ...dhl.credential });
  const paypalId = await createCredential(h, 'PayPal (Sandbox)', 'paypal', {
    sandbox: true, baseUrl: paypalProxy.url, clientId: paypal.clientId, clientSecret: paypal.clientSecret,
  });
  const klarnaId = await createCredential(h, 'Klarna (Playground)', 'klarna', {
    sandbox: true, region: 'EU', baseUrl: klarnaProxy.url, username: klarna.username, password: klarna.password,
  });
  const smtpId = await createCredential(h, 'Shop-Postfach', 'smtp', {
    host: smtp.host, port: smtp.port, user: 'shop', password: 'smtp-secret', from: 'Mein Shop <shop@example.com>',
  });
  const workflow = loadExample(WORKFLOW_ID, {
    credentials: { 'dhl-parcel': dhlId, paypal: paypalId, klarna: klarnaId, smtp: smtpId },
    params: { order: { auth: { type: 'hmac', preset: 'generic', secret: SECRET, header: 'X-Signature', algorithm: 'sha256', encoding: 'hex' } } },
  });
  await importAndActivate(h, workflow);
});
afterAll(async () => {
  await h?.close();
  await Promise.all([dhl?.close(), paypal?.close(), klarna?.close(), smtp?.close(), paypalProxy?.close(), klarnaProxy?.close()]);
});

interface OrderSpec {
  readonly number: number;
  readonly payment: JsonObject;
  readonly gross?: number;
  readonly postalCode?: string;
}

/** A "ready to ship" order as the shop/ERP posts it: the common order shape plus `payment`. */
function readyToShip(spec: OrderSpec): string {
  return JSON.stringify({
    orderId: `A-2026-${spec.number}`,
    orderNumber: String(spec.number),
    createdAt: '2026-12-03T09:15:00+01:00',
    currency: 'EUR',
    customer: { email: 'lena.test@example.de', firstName: 'Lena', lastName: 'Test' },
    shippingAddress: { name: 'Lena Test', street: 'Bahnhofstraße 9', postalCode: spec.postalCode ?? '80335', city: 'München', country: 'DE' },
    lines: [
      { sku: 'MUG-BLUE', title: 'Tasse Blau', qty: 2, unitPrice: '14.95' },
      { sku: 'TEE-M', title: 'T-Shirt M', qty: 1, unitPrice: '24.05' },
    ],
    totals: { gross: spec.gross ?? 59.9, tax: 9.56, shipping: 5.95 },
    payment: spec.payment,
  });
}

function deliver(body: string, eventId: string, secret = SECRET) {
  return request(h.app)
    .post('/webhook/shop/ready-to-ship')
    .set('Content-Type', 'application/json')
    .set('X-Event-Id', eventId)
    .set('X-Signature', createHmac('sha256', secret).update(body).digest('hex'))
    .send(body);
}

async function finished(executionId: string) {
  expect(await h.services.executions.whenSettled(executionId)).toBe('success');
  const detail = await h.services.store.executions.get(executionId);
  if (detail === undefined) throw new Error(`execution ${executionId} not stored`);
  return detail;
}

type Detail = Awaited<ReturnType<typeof finished>>;
const outputJson = (detail: Detail, node: string, output = 'main'): JsonObject[] => (detail.nodes[node]?.outputs[output] ?? []).map((item) => item.json);

const shipmentsFor = (number: number): StandinShipment[] => dhl.shipments.filter((shipment) => shipment.refNo === `Bestellung ${number}`);
const mailsAbout = (number: number, to: string): ReceivedMail[] =>
  smtp.messages.filter((message) => message.to.includes(to) && (message.mail.headers.subject ?? '').includes(`Bestellung ${number}`));
const capturePosts = (standin: { readonly http: { readonly requests: readonly RecordedRequest[] } }, orderId: string): RecordedRequest[] =>
  standin.http.requests.filter((req) => req.method === 'POST' && req.path.includes(`/${orderId}/capture`));
const lines = (mail: ReceivedMail | undefined): string[] => (mail?.mail.text ?? '').split(/\r?\n/);

describe('workflows/payment-capture-on-shipment.json through the server', () => {
  it('the file as committed validates (what `flowwerk validate` checks) and is imported switched on', async () => {
    const file: unknown = JSON.parse(readFileSync(new URL('../../workflows/payment-capture-on-shipment.json', import.meta.url), 'utf8'));
    const result = validateWorkflow(file, createBuiltinRegistry());
    expect(result.ok ? [] : result.problems).toEqual([]);
    expect(result.ok && result.workflow.nodes.length).toBe(10);
    expect((await h.services.store.workflows.get(WORKFLOW_ID))?.active).toBe(true);
  });

  it('PayPal: label, label PDF to the warehouse, one capture; a resent webhook makes no second label or capture', async () => {
    const paypalOrder = paypal.createOrder({ amount: '59.90', currency: 'EUR' });
    const capturesBefore = paypal.stats.captures;
    const body = readyToShip({ number: 1001, payment: { method: 'paypal', paypalOrderId: paypalOrder } });
    const res = await deliver(body, 'evt-1001');
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const executionId = String(res.body.executionId);
    const detail = await finished(executionId);

    const shipments = shipmentsFor(1001);
    expect(shipments).toHaveLength(1);
    const shipment = shipments[0];
    expect(shipment?.consignee).toMatchObject({ name1: 'Lena Test', addressStreet: 'Bahnhofstraße', addressHouse: '9', postalCode: '80335', city: 'München', country: 'DEU' });

    const warehouse = mailsAbout(1001, WAREHOUSE);
    expect(warehouse).toHaveLength(1);
    expect(warehouse[0]?.mail.headers.subject).toBe(`Versandetikett Bestellung 1001 (${shipment?.shipmentNo ?? ''})`);
    expect(lines(warehouse[0])).toEqual(expect.arrayContaining(['2 × Tasse Blau (MUG-BLUE)', '1 × T-Shirt M (TEE-M)']));
    expect(warehouse[0]?.mail.attachments.map((file) => [file.fileName, file.contentType])).toEqual([[`DHL-${shipment?.shipmentNo ?? ''}.pdf`, 'application/pdf']]);
    expect(warehouse[0]?.mail.attachments[0]?.content.equals(shipment?.pdf ?? Buffer.alloc(0))).toBe(true);

    // PayPal captured the order once, for the order total, with the run's PayPal-Request-Id.
    expect(paypal.stats.captures).toBe(capturesBefore + 1);
    const order = paypal.orders.get(paypalOrder);
    expect(order?.status).toBe('COMPLETED');
    const capture = paypal.captures.get(order?.captureId ?? '');
    expect(capture?.amount).toEqual({ currency_code: 'EUR', value: '59.90' });
    const posts = capturePosts(paypal, paypalOrder);
    expect(posts.map((post) => post.headers['paypal-request-id'])).toEqual([`${executionId}:paypalCapture:0`]);
    expect(outputJson(detail, 'paypalCapture')).toMatchObject([{ orderId: paypalOrder, status: 'COMPLETED', captureStatus: 'COMPLETED', replayed: false }]);
    expect(outputJson(detail, 'paypalComplete', 'true')).toHaveLength(1);
    expect(mailsAbout(1001, MERCHANT)).toHaveLength(0);

    // The same delivery again (same X-Event-Id): answered as a duplicate, nothing stored or run.
    const dhlCalls = dhl.orderRequests().length;
    const duplicate = await deliver(body, 'evt-1001');
    expect(duplicate.status).toBe(200);
    expect(duplicate.body).toMatchObject({ duplicate: true, executionId });

    // The same order under a new event id (the ERP's "send again"): the order is known, nothing further runs.
    const resent = await deliver(body, 'evt-1001-resend');
    expect(resent.status).toBe(202);
    const resentDetail = await finished(String(resent.body.executionId));
    expect(outputJson(resentDetail, 'order')).toEqual([]);
    expect(dhl.orderRequests().length).toBe(dhlCalls);
    expect(capturePosts(paypal, paypalOrder)).toHaveLength(1);
    expect(paypal.stats.captures).toBe(capturesBefore + 1);
    expect(mailsAbout(1001, WAREHOUSE)).toHaveLength(1);
  });

  it('PayPal: the capture answer is lost (502), the retry sends the same PayPal-Request-Id and PayPal replays: one capture', async () => {
    const paypalOrder = paypal.createOrder({ amount: '59.90', currency: 'EUR' });
    const capturesBefore = paypal.stats.captures;
    paypalProxy.loseNext(new RegExp(`/v2/checkout/orders/${paypalOrder}/capture$`));
    const res = await deliver(readyToShip({ number: 1002, payment: { method: 'paypal', paypalOrderId: paypalOrder } }), 'evt-1002');
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const executionId = String(res.body.executionId);
    const detail = await finished(executionId);

    const posts = capturePosts(paypal, paypalOrder);
    expect(posts).toHaveLength(2);
    expect(posts.map((post) => post.headers['paypal-request-id'])).toEqual([`${executionId}:paypalCapture:0`, `${executionId}:paypalCapture:0`]);
    expect(paypal.stats.captures).toBe(capturesBefore + 1);
    expect(detail.nodes.paypalCapture?.attempts).toBe(2);
    expect(outputJson(detail, 'paypalCapture')).toMatchObject([{ status: 'COMPLETED', captureStatus: 'COMPLETED', amount: { value: '59.90' }, replayed: true }]);
    expect(paypal.orders.get(paypalOrder)?.status).toBe('COMPLETED');
    expect(mailsAbout(1002, MERCHANT)).toHaveLength(0);
  });

  it('Klarna: captures totals.gross with the DHL tracking number; a lost answer is retried with the same Klarna-Idempotency-Key', async () => {
    const klarnaOrder = klarna.createOrder({ amount: 8990, currency: 'EUR' });
    const capturesBefore = klarna.stats.captures;
    klarnaProxy.loseNext(new RegExp(`/ordermanagement/v1/orders/${klarnaOrder}/captures$`));
    const res = await deliver(readyToShip({ number: 1003, gross: 89.9, payment: { method: 'Klarna', klarnaOrderId: klarnaOrder } }), 'evt-1003');
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const executionId = String(res.body.executionId);
    const detail = await finished(executionId);
    const shipmentNo = shipmentsFor(1003)[0]?.shipmentNo;
    expect(shipmentNo).toBeDefined();

    const posts = capturePosts(klarna, klarnaOrder);
    expect(posts).toHaveLength(2);
    const key = klarnaIdempotencyKey(`${executionId}:klarnaCapture:0`);
    expect(posts.map((post) => post.headers['klarna-idempotency-key'])).toEqual([key, key]);
    expect(posts[0]?.json()).toEqual({
      captured_amount: 8990,
      description: 'Bestellung 1003',
      shipping_info: [{ tracking_number: shipmentNo, shipping_company: 'DHL' }],
    });
    expect(klarna.stats.captures).toBe(capturesBefore + 1);
    const order = klarna.orders.get(klarnaOrder);
    expect(order).toMatchObject({ status: 'CAPTURED', captured_amount: 8990 });
    expect(order?.captures).toHaveLength(1);
    expect(detail.nodes.klarnaCapture?.attempts).toBe(2);
    expect(outputJson(detail, 'klarnaCapture')).toEqual([{
      orderId: klarnaOrder, captureId: order?.captures[0]?.capture_id, capturedAmount: 8990, amount: '89.90', currency: 'EUR',
      location: `${klarna.url}/ordermanagement/v1/orders/${klarnaOrder}/captures/${order?.captures[0]?.capture_id ?? ''}`,
    }]);
    expect(mailsAbout(1003, MERCHANT)).toHaveLength(0);
  });

  it('PayPal declines the capture: the label exists, nothing is captured, the merchant is told why', async () => {
    const paypalOrder = paypal.createOrder({ amount: '59.90', currency: 'EUR' });
    paypal.failNext('capture', {
      status: 422,
      body: paypalErrorBody('UNPROCESSABLE_ENTITY', [{ issue: 'INSTRUMENT_DECLINED', description: 'The instrument presented was either declined by the processor or bank, or it can\'t be used for this payment.' }]),
    });
    const capturesBefore = paypal.stats.captures;
    const res = await deliver(readyToShip({ number: 1004, payment: { method: 'paypal', paypalOrderId: paypalOrder } }), 'evt-1004');
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const detail = await finished(String(res.body.executionId));

    const shipmentNo = shipmentsFor(1004)[0]?.shipmentNo ?? 'missing';
    expect(mailsAbout(1004, WAREHOUSE)).toHaveLength(1);
    expect(paypal.stats.captures).toBe(capturesBefore);
    expect(paypal.orders.get(paypalOrder)?.status).toBe('APPROVED');
    expect(capturePosts(paypal, paypalOrder)).toHaveLength(1);
    expect(detail.nodes.paypalCapture?.attempts).toBe(1);
    expect(outputJson(detail, 'paypalCapture', 'error')).toMatchObject([{ error: { code: 'PAYPAL_INSTRUMENT_DECLINED' } }]);

    const mails = mailsAbout(1004, MERCHANT);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.mail.headers.subject).toBe('Zahlung für Bestellung 1004 nicht (vollständig) eingezogen');
    const text = lines(mails[0]);
    expect(text).toContain(`Das Paket (DHL ${shipmentNo}) ist gelabelt, die Zahlung aber nicht wie erwartet eingezogen.`);
    expect(text).toContain('Zahlungsart: paypal, Bestellsumme 59.9 EUR.');
    expect(text.find((line) => line.startsWith('Fehler '))).toMatch(/^Fehler PAYPAL_INSTRUMENT_DECLINED: PayPal capture of order \w+: HTTP 422 UNPROCESSABLE_ENTITY – INSTRUMENT_DECLINED: The instrument presented was either declined/);
  });

  it('PayPal captures less than the order total: the merchant is told the amounts', async () => {
    const paypalOrder = paypal.createOrder({ amount: '50.00', currency: 'EUR' });
    const res = await deliver(readyToShip({ number: 1005, payment: { method: 'paypal', paypalOrderId: paypalOrder } }), 'evt-1005');
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    await finished(String(res.body.executionId));
    expect(paypal.orders.get(paypalOrder)?.status).toBe('COMPLETED');
    const mails = mailsAbout(1005, MERCHANT);
    expect(mails).toHaveLength(1);
    expect(lines(mails[0])).toContain('PayPal meldet Status COMPLETED, eingezogen 50.00 EUR');
  });

  it('Klarna refuses the capture of a cancelled authorization: the merchant is told', async () => {
    const klarnaOrder = klarna.createOrder({ amount: 5990, currency: 'EUR', status: 'CANCELLED' });
    const res = await deliver(readyToShip({ number: 1006, payment: { method: 'klarna', klarnaOrderId: klarnaOrder } }), 'evt-1006');
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const detail = await finished(String(res.body.executionId));
    expect(klarna.orders.get(klarnaOrder)).toMatchObject({ status: 'CANCELLED', captured_amount: 0 });
    expect(outputJson(detail, 'klarnaCapture', 'error')).toMatchObject([{ error: { code: 'KLARNA_CAPTURE_NOT_ALLOWED' } }]);
    const mails = mailsAbout(1006, MERCHANT);
    expect(mails).toHaveLength(1);
    expect(lines(mails[0]).find((line) => line.startsWith('Fehler '))).toMatch(/^Fehler KLARNA_CAPTURE_NOT_ALLOWED: Klarna capture of 59\.90 EUR on order .* HTTP 403 CAPTURE_NOT_ALLOWED – The order is cancelled/);
  });

  it('DHL refuses the label: nothing is captured and the merchant is told', async () => {
    const paypalOrder = paypal.createOrder({ amount: '59.90', currency: 'EUR' });
    const res = await deliver(readyToShip({ number: 1007, postalCode: '8033', payment: { method: 'paypal', paypalOrderId: paypalOrder } }), 'evt-1007');
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const detail = await finished(String(res.body.executionId));
    expect(shipmentsFor(1007)).toHaveLength(0);
    expect(detail.nodes.payment?.status).toBe('skipped');
    expect(capturePosts(paypal, paypalOrder)).toHaveLength(0);
    expect(paypal.orders.get(paypalOrder)?.status).toBe('APPROVED');
    expect(mailsAbout(1007, WAREHOUSE)).toHaveLength(0);
    const mails = mailsAbout(1007, MERCHANT);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.mail.headers.subject).toBe('Kein DHL-Label für Bestellung 1007, Zahlung nicht eingezogen');
    expect(mails[0]?.mail.text).toContain('DHL_SHIPMENT_REJECTED');
    expect(mails[0]?.mail.text).toContain('consignee.postalCode');
    expect(lines(mails[0])).toContain('Die Zahlung (paypal) wurde nicht eingezogen. Bitte Adresse prüfen und die Bestellung erneut senden.');
  });

  it('prepayment: label and warehouse e-mail, no capture anywhere; a bad signature is refused', async () => {
    const paypalPosts = paypal.http.requests.length;
    const klarnaPosts = klarna.http.requests.length;
    const res = await deliver(readyToShip({ number: 1008, payment: { method: 'vorkasse' } }), 'evt-1008');
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const detail = await finished(String(res.body.executionId));
    expect(shipmentsFor(1008)).toHaveLength(1);
    expect(mailsAbout(1008, WAREHOUSE)).toHaveLength(1);
    expect(outputJson(detail, 'nothingToCapture')).toHaveLength(1);
    expect([paypal.http.requests.length, klarna.http.requests.length]).toEqual([paypalPosts, klarnaPosts]);
    expect(mailsAbout(1008, MERCHANT)).toHaveLength(0);

    const forged = await deliver(readyToShip({ number: 1009, payment: { method: 'vorkasse' } }), 'evt-1009', 'not-the-secret');
    expect(forged.status).toBe(401);
    expect(shipmentsFor(1009)).toHaveLength(0);
  });
});
