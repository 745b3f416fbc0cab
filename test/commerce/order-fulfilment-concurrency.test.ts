import { createServer, type Server } from 'node:http';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropPostgresSchema } from '../../server/store/postgres/open.js';
import { createHarness, type Harness } from '../server/harness.js';
import { PG_URL } from '../store/backends.js';
import { startDhlParcelStandin, type DhlParcelStandin } from '../standins/dhl-parcel.js';
import { startSmtpStandin, type SmtpStandin } from '../standins/smtp-server.js';
import { SHOP_SMTP, activateOrderFulfilment } from './example-workflow.js';
import { shopifyHeaders, shopifyOrderBody } from './shopify-orders.js';

/**
 * Reliability (issue 6, item 9): 100 concurrent Shopify orders for one SKU with stock 30, through
 * workflows/order-fulfilment.json on the real server (in-process, supertest over one listening socket), the DHL
 * stand-in and the real SMTP stand-in. Every order is a distinct signed orders/create webhook for 1 unit of the
 * same SKU, all sent at once; the in-process queue runs up to FLOWWERK_CONCURRENCY executions at the same time.
 * Expected: exactly 30 orders get a label and a customer e-mail, 70 go to the insufficient branch and e-mail the
 * merchant, the stock ends at 0 and no history entry is below zero. Runs on SQLite and on PostgreSQL (own schema).
 */

const SECRET = 'shpss_concurrency_test';
const MERCHANT = 'shop@example.com';
const SKU = 'LAMP-30';
const STOCK = 30;
const ORDERS = 100;
const CONCURRENCY = 16;
const FIRST_NUMBER = 7001;
const customerOf = (number: number): string => `kunde-${number}@example.de`;

/** Order `number` for 1 × SKU, from its own customer. */
const shopifyOrder = (number: number): string =>
  shopifyOrderBody({ number, email: customerOf(number), lines: [{ sku: SKU, quantity: 1, title: 'Stehlampe' }] });

interface Backend {
  readonly name: string;
  env(): Record<string, string>;
  dispose(): Promise<void>;
}

const schema = `fulfil_${process.pid}_${Date.now().toString(36)}`;
const BACKENDS: readonly Backend[] = [
  { name: 'SQLite', env: () => ({}), dispose: async () => {} },
  {
    name: 'PostgreSQL',
    env: () => ({ FLOWWERK_DATABASE_URL: PG_URL, FLOWWERK_DATABASE_SCHEMA: schema }),
    dispose: () => dropPostgresSchema(PG_URL, schema),
  },
];

describe.each(BACKENDS)('order-fulfilment: 100 concurrent orders for a SKU with stock 30 ($name)', (backend) => {
  let h: Harness;
  let dhl: DhlParcelStandin;
  let smtp: SmtpStandin;
  let server: Server;

  beforeAll(async () => {
    [h, dhl, smtp] = await Promise.all([
      createHarness({ FLOWWERK_CONCURRENCY: String(CONCURRENCY), FLOWWERK_LOG_LEVEL: 'warn', ...backend.env() }),
      startDhlParcelStandin(),
      startSmtpStandin(SHOP_SMTP),
    ]);
    await activateOrderFulfilment(h, { dhlCredential: dhl.credential, smtp }, SECRET);
    await h.services.store.stock.set(SKU, STOCK, { reason: 'Inventur (test)', executionId: null, idempotencyKey: `setup-${SKU}` });
    // One listening socket for all 100 deliveries (supertest would otherwise open a server per request).
    server = createServer(h.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  }, 30_000);
  afterAll(async () => {
    await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
    await h?.close();
    await Promise.all([dhl?.close(), smtp?.close()]);
    await backend.dispose();
  }, 30_000);

  it('exactly 30 labels and customer e-mails, 70 merchant e-mails, stock 0 and never below zero', { timeout: 60_000 }, async () => {
    const numbers = Array.from({ length: ORDERS }, (_, index) => FIRST_NUMBER + index);
    const deliveries = await Promise.all(numbers.map((number) => {
      const body = shopifyOrder(number);
      return request(server).post('/webhook/shopify/orders').set(shopifyHeaders(SECRET, body, `wh-conc-${number}`)).send(body);
    }));
    for (const res of deliveries) expect(res.status, JSON.stringify(res.body)).toBe(202);
    const executionIds = deliveries.map((res) => String(res.body.executionId));
    expect(new Set(executionIds).size).toBe(ORDERS);

    const statuses = await Promise.all(executionIds.map((id) => h.services.executions.whenSettled(id)));
    expect(statuses.filter((status) => status !== 'success')).toEqual([]);

    // Which orders shipped, as the runs themselves recorded it.
    const shipped = new Set<number>();
    const short = new Set<number>();
    const runs: { startedAt: number; finishedAt: number }[] = [];
    for (const [index, id] of executionIds.entries()) {
      const detail = await h.services.store.executions.get(id);
      if (detail === undefined) throw new Error(`execution ${id} not stored`);
      const number = numbers[index] ?? 0;
      const labels = detail.nodes.label?.outputs.main ?? [];
      const insufficient = detail.nodes.stock?.outputs.insufficient ?? [];
      expect(labels.length + insufficient.length, `order ${number}: exactly one branch`).toBe(1);
      if (labels.length === 1) {
        shipped.add(number);
        expect(detail.nodes.customerMail?.outputs.main, `order ${number}: customer e-mail node`).toHaveLength(1);
        expect(detail.nodes.outOfStockMail?.outputs.main ?? []).toEqual([]);
      } else {
        short.add(number);
        expect(insufficient[0]?.json.stock).toMatchObject({ applied: [], insufficient: [{ sku: SKU, qty: 1, available: 0 }] });
        expect(detail.nodes.label?.outputs.main ?? []).toEqual([]);
        expect(detail.nodes.customerMail?.outputs.main ?? []).toEqual([]);
        expect(detail.nodes.outOfStockMail?.outputs.main, `order ${number}: merchant e-mail node`).toHaveLength(1);
      }
      if (detail.startedAt !== null && detail.finishedAt !== null) runs.push({ startedAt: detail.startedAt, finishedAt: detail.finishedAt });
    }
    expect(shipped.size).toBe(STOCK);
    expect(short.size).toBe(ORDERS - STOCK);

    // DHL: exactly 30 labels, one per shipped order, each with its own Idempotency-Key.
    expect(dhl.labelsCreated()).toBe(STOCK);
    expect(dhl.orderRequests()).toHaveLength(STOCK);
    expect(new Set(dhl.shipments.map((shipment) => shipment.refNo))).toEqual(new Set([...shipped].map((number) => `Bestellung ${number}`)));
    expect(new Set(dhl.shipments.map((shipment) => shipment.idempotencyKey)).size).toBe(STOCK);

    // SMTP: 30 customer e-mails (to the shipped orders' customers, with their label) and 70 merchant e-mails.
    const customerMails = smtp.messages.filter((message) => !message.to.includes(MERCHANT));
    const merchantMails = smtp.messages.filter((message) => message.to.includes(MERCHANT));
    expect(smtp.messages).toHaveLength(ORDERS);
    expect(customerMails.map((message) => message.to.join(',')).sort()).toEqual([...shipped].map(customerOf).sort());
    for (const message of customerMails) {
      const number = Number(/#(\d+)/.exec(message.mail.headers.subject ?? '')?.[1]);
      const shipment = dhl.shipments.find((candidate) => candidate.refNo === `Bestellung ${number}`);
      expect(message.to).toEqual([customerOf(number)]);
      expect(message.mail.attachments).toHaveLength(1);
      expect(message.mail.attachments[0]?.content.equals(shipment?.pdf ?? Buffer.alloc(0))).toBe(true);
    }
    expect(merchantMails.map((message) => message.mail.headers.subject).sort())
      .toEqual([...short].map((number) => `Bestellung #${number}: Bestand fehlt`).sort());
    for (const message of merchantMails) expect(message.mail.text).toContain(`${SKU} (bestellt 1, verfügbar 0)`);

    // Stock: 0 at the end; the history holds the stock-take and 30 decrements, whose levels after the change are
    // 29, 28, …, 0 each exactly once (serialised, nothing lost, nothing below zero), made by the shipped runs.
    expect(await h.services.store.stock.get([SKU])).toMatchObject([{ sku: SKU, quantity: 0 }]);
    const history = await h.services.store.stock.history(SKU, 1000);
    expect(history).toHaveLength(STOCK + 1);
    for (const entry of history) expect(entry.quantityAfter).toBeGreaterThanOrEqual(0);
    const decrements = history.filter((entry) => entry.delta < 0);
    expect(decrements.every((entry) => entry.delta === -1)).toBe(true);
    expect(decrements.map((entry) => entry.quantityAfter).sort((a, b) => a - b)).toEqual(Array.from({ length: STOCK }, (_, index) => index));
    const shippedIds = new Set(executionIds.filter((_, index) => shipped.has(numbers[index] ?? 0)));
    expect(new Set(decrements.map((entry) => entry.executionId))).toEqual(shippedIds);
    expect(history.filter((entry) => entry.delta > 0)).toMatchObject([{ delta: STOCK, quantityAfter: STOCK, executionId: null }]);

    // The runs really overlapped: the largest number of executions running at one instant.
    const events = runs.flatMap((run) => [{ at: run.startedAt, step: 1 }, { at: run.finishedAt, step: -1 }])
      .sort((a, b) => a.at - b.at || a.step - b.step);
    let running = 0;
    let overlap = 0;
    for (const event of events) {
      running += event.step;
      overlap = Math.max(overlap, running);
    }
    expect(runs).toHaveLength(ORDERS);
    expect(overlap).toBeGreaterThan(1);
    console.log(`order-fulfilment concurrency (${backend.name}): ${shipped.size} shipped, ${short.size} short, up to ${overlap} runs at once`);
  });
});
