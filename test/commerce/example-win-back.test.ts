import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { JsonObject } from '../../nodes/sdk/index.js';
import { createHarness, type Harness } from '../server/harness.js';
import { startHubspotStandin, type HubspotStandin } from '../standins/hubspot.js';
import { startSmtpStandin, type SmtpStandin } from '../standins/smtp-server.js';
import { createCredential, importAndActivate, loadExample } from './example-workflow.js';
import { shopifyHeaders, shopifyOrderBody } from './shopify-orders.js';

/**
 * workflows/win-back-campaign.json end to end through the in-process server. The order history is filled the
 * real way (signed Shopify orders/create webhooks through an order trigger workflow, `created_at` in the past);
 * the campaign is imported as a user would, with credentials created through the API, and started by the
 * server's own scheduler: the process clock (Date only; timers stay real and the clock keeps running) is set to
 * just before the cron tick, so the tick fires, is claimed and accepted exactly as in production, and the run's
 * clock (the segment's "N days ago") is the tick's.
 *
 * Ticks: Monday 2027-02-01 09:00 Europe/Berlin (08:00 UTC) and the next Monday 2027-02-08. Window of the first
 * tick: last order in [2026-10-27 00:00, 2026-11-03 00:00) Berlin = [2026-10-26T23:00Z, 2026-11-02T23:00Z).
 */

const TICK_1 = Date.parse('2027-02-01T08:00:00.000Z');
const TICK_2 = Date.parse('2027-02-08T08:00:00.000Z');
const WORKFLOW = 'win-back-campaign';
const SECRET = 'shpss_win_back_test';

interface PastOrder {
  readonly id: number;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly createdAt: string;
  readonly gross: string;
}

/** Customers by what the campaign must do with them. */
const ORDERS: readonly PastOrder[] = [
  // Lapsed in tick 1's week: one order 94 calendar days before the Monday.
  { id: 7001, email: 'anna@example.de', firstName: 'Anna', lastName: 'Albers', createdAt: '2026-10-30T16:00:00+01:00', gross: '49.90' },
  // Two orders; the latest 91 calendar days before the Monday, at 23:30 Berlin: the window's last half hour → tick 1.
  { id: 7002, email: 'ben@example.de', firstName: 'Ben', lastName: 'Brandt', createdAt: '2026-05-10T10:00:00+02:00', gross: '20.00' },
  { id: 7003, email: 'ben@example.de', firstName: 'Ben', lastName: 'Brandt', createdAt: '2026-11-02T23:30:00+01:00', gross: '35.50' },
  // An hour later, 90 calendar days before the Monday: more than 90×24 h before tick 1 (the segment lists her),
  // but her 90 order-free days end on the Monday itself → not tick 1's week; tick 2 (97 days, the window's first
  // day) mails her.
  { id: 7004, email: 'carla@example.de', firstName: 'Carla', lastName: 'Conrad', createdAt: '2026-11-03T00:30:00+01:00', gross: '12.00' },
  // Recent customers: never.
  { id: 7005, email: 'dora@example.de', firstName: 'Dora', lastName: 'Dietz', createdAt: '2027-01-20T11:00:00+01:00', gross: '80.00' },
  { id: 7006, email: 'emil@example.de', firstName: 'Emil', lastName: 'Engel', createdAt: '2026-06-01T09:00:00+02:00', gross: '15.00' },
  { id: 7007, email: 'emil@example.de', firstName: 'Emil', lastName: 'Engel', createdAt: '2027-01-10T09:00:00+01:00', gross: '15.00' },
  // Lapsed long before the workflow was switched on (documented: not mailed).
  { id: 7008, email: 'frank@example.de', firstName: 'Frank', lastName: 'Fuchs', createdAt: '2026-07-01T12:00:00+02:00', gross: '60.00' },
];

let h: Harness;
let hubspot: HubspotStandin;
let smtp: SmtpStandin;

/** A Shopify orders/create body for one past order (its own id, customer, date and total). */
function shopifyOrder(order: PastOrder): string {
  return shopifyOrderBody({
    number: order.id,
    email: order.email,
    extra: {
      id: order.id,
      created_at: order.createdAt,
      processed_at: order.createdAt,
      total_price: order.gross,
      customer: { id: order.id * 10, email: order.email, first_name: order.firstName, last_name: order.lastName },
    },
  });
}

async function runsOf(workflowId: string): Promise<readonly { readonly id: string; readonly mode: string }[]> {
  return (await h.services.store.executions.list({ workflowId, limit: 50 })).data;
}

/** Waits (real time) for the scheduler to start run number `count` of the campaign; returns that run's id. */
async function scheduledRun(count: number): Promise<string> {
  const deadline = performance.now() + 15_000;
  for (;;) {
    const runs = await runsOf(WORKFLOW);
    if (runs.length >= count) {
      expect(runs).toHaveLength(count);
      const newest = runs[0];
      if (newest === undefined) throw new Error('no run');
      expect(newest.mode).toBe('schedule');
      return newest.id;
    }
    if (performance.now() > deadline) throw new Error(`the schedule did not fire run ${count} (runs: ${runs.length})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Node id → json of its `main` output items, of a finished run (which must have succeeded). */
async function outputs(executionId: string): Promise<Record<string, JsonObject[]>> {
  expect(await h.services.executions.whenSettled(executionId)).toBe('success');
  const detail = await h.services.store.executions.get(executionId);
  return Object.fromEntries(Object.entries(detail?.nodes ?? {}).map(([id, run]) => [id, (run.outputs.main ?? []).map((item) => item.json)]));
}

const mailsTo = (address: string) => smtp.messages.filter((message) => message.to.includes(address));

beforeAll(async () => {
  // Date only: timers, sockets and SQLite run on real time; the faked clock keeps advancing with it.
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(TICK_1 - 60_000);
  [hubspot, smtp] = await Promise.all([
    // The portal has the two custom date properties the workflow description asks for.
    startHubspotStandin({ properties: ['last_order_date', 'winback_sent_at'] }),
    startSmtpStandin({ user: 'shop', password: 'smtp-secret' }),
  ]);
  h = await createHarness();
});

afterAll(async () => {
  await h?.close();
  await Promise.all([hubspot?.close(), smtp?.close()]);
  vi.useRealTimers();
});

describe('example workflow win-back-campaign', () => {
  it('order history from signed Shopify webhooks; Monday 09:00 → newly lapsed customers to HubSpot and one e-mail each; the next Monday only the next lapsed', async () => {
    // 1. Order history through the real path: an order trigger workflow, signed deliveries.
    await importAndActivate(h, {
      id: 'shop-orders', name: 'Shopify orders (history)',
      nodes: [{ id: 'order', type: 'shopify.orderCreated', params: { path: 'shopify/orders', secret: SECRET } }],
      connections: [],
    });
    for (const order of ORDERS) {
      const body = shopifyOrder(order);
      const res = await request(h.app).post('/webhook/shopify/orders').set(shopifyHeaders(SECRET, body, `wh-${order.id}`)).send(body);
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      expect(await h.services.executions.whenSettled(String(res.body.executionId))).toBe('success');
    }
    expect(await h.services.store.orders.get('shopify', '7003')).toMatchObject({ createdAt: '2026-11-02T22:30:00.000Z' });

    // Anna is already a HubSpot contact (from elsewhere): the upsert must update her, not add a second one.
    const existing = await fetch(`${hubspot.url}/crm/v3/objects/contacts/batch/upsert`, {
      method: 'POST',
      headers: { authorization: `Bearer ${hubspot.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: [{ idProperty: 'email', id: 'anna@example.de', properties: { phone: '+49 30 1234567', lifecyclestage: 'lead' } }] }),
    });
    expect(existing.status).toBe(200);
    const annaId = hubspot.contacts.get('anna@example.de')?.id;
    const upsertsBefore = hubspot.upsertBodies.length;

    // 2. The example as a user imports it, with credentials made through the API.
    const hubspotCredential = await createCredential(h, 'HubSpot test portal', 'hubspot', { accessToken: hubspot.token, baseUrl: hubspot.url, sandbox: true });
    const smtpCredential = await createCredential(h, 'Shop SMTP', 'smtp', {
      host: smtp.host, port: smtp.port, user: 'shop', password: 'smtp-secret', from: 'Mein Shop <shop@example.com>',
    });
    const workflow = loadExample(WORKFLOW, { credentials: { hubspot: hubspotCredential, smtp: smtpCredential } });

    // 3. Switched on shortly before Monday 09:00; the server's scheduler fires the tick.
    vi.setSystemTime(TICK_1 - 1_500);
    await importAndActivate(h, workflow);
    const first = await scheduledRun(1);
    const run1 = await outputs(first);
    const stored1 = await h.services.store.executions.get(first);
    expect(stored1?.triggerItems[0]?.json).toEqual({ firedAt: '2027-02-01T08:00:00.000Z' });

    // The segment: everyone whose last order is more than 90×24 h old, from the history (Ben's two orders count).
    expect(run1.lapsed?.map((customer) => [customer.email, customer.orderCount, customer.lastOrderAt])).toEqual([
      ['anna@example.de', 1, '2026-10-30T15:00:00.000Z'],
      ['ben@example.de', 2, '2026-11-02T22:30:00.000Z'],
      ['carla@example.de', 1, '2026-11-02T23:30:00.000Z'],
      ['frank@example.de', 1, '2026-07-01T10:00:00.000Z'],
    ]);
    expect(run1.lapsed?.find((customer) => customer.email === 'ben@example.de')?.totalSpent).toBe(55.5);
    // The filter: those whose 90th day fell in the past week.
    expect(run1.newlyLapsed?.map((customer) => customer.email)).toEqual(['anna@example.de', 'ben@example.de']);

    // HubSpot: one batch with exactly those two, with the properties; Anna updated in place.
    expect(hubspot.upsertBodies.length - upsertsBefore).toBe(1);
    expect(hubspot.upsertBodies.at(-1)?.inputs).toEqual([
      { idProperty: 'email', objectWriteTraceId: '0', id: 'anna@example.de', properties: { firstname: 'Anna', lastname: 'Albers', lifecyclestage: 'customer', last_order_date: '2026-10-30', winback_sent_at: '2027-02-01' } },
      { idProperty: 'email', objectWriteTraceId: '1', id: 'ben@example.de', properties: { firstname: 'Ben', lastname: 'Brandt', lifecyclestage: 'customer', last_order_date: '2026-11-02', winback_sent_at: '2027-02-01' } },
    ]);
    expect(hubspot.contacts.get('anna@example.de')).toMatchObject({
      id: annaId,
      properties: { phone: '+49 30 1234567', lifecyclestage: 'customer', firstname: 'Anna', winback_sent_at: '2027-02-01' },
    });
    expect(run1.hubspot?.map((item) => item.hubspot)).toEqual([
      { email: 'anna@example.de', contactId: annaId, new: false },
      { email: 'ben@example.de', contactId: hubspot.contacts.get('ben@example.de')?.id, new: true },
    ]);

    // E-mail: exactly one to each of them, received by the SMTP server, with the voucher.
    expect(smtp.messages.map((message) => message.to)).toEqual([['anna@example.de'], ['ben@example.de']]);
    const toAnna = mailsTo('anna@example.de')[0]?.mail;
    expect(toAnna?.headers.subject).toBe('Wir vermissen Sie – 10 % Rabatt mit dem Code WIEDERDA10');
    expect(toAnna?.headers.from).toBe('Mein Shop <shop@example.com>');
    expect(toAnna?.html).toContain('<p>Hallo Anna,</p><p>Ihre letzte Bestellung bei uns war am 30.10.2026.');
    expect(toAnna?.html).toContain('<strong>WIEDERDA10</strong> erhalten Sie 10 % Rabatt auf Ihre nächste Bestellung, gültig bis 03.03.2027.');
    expect(toAnna?.html).toContain('<a href="https://shop.example.com">Zum Shop</a>');
    expect(toAnna?.text).toContain('WIEDERDA10');
    expect(mailsTo('ben@example.de')[0]?.mail.html).toContain('<p>Hallo Ben,</p><p>Ihre letzte Bestellung bei uns war am 02.11.2026.');

    // 4. The next Monday, same history: Anna and Ben are still lapsed but not mailed again; Carla's 90th day fell
    // in this week. (The scheduler re-checks a far tick at least once a minute; `sync` — what saving or a
    // restart does — re-arms it at once after the clock jump.)
    vi.setSystemTime(TICK_2 - 1_500);
    await h.services.triggers.sync(WORKFLOW);
    const second = await scheduledRun(2);
    const run2 = await outputs(second);
    expect((await h.services.store.executions.get(second))?.triggerItems[0]?.json).toEqual({ firedAt: '2027-02-08T08:00:00.000Z' });
    expect(run2.lapsed?.map((customer) => customer.email)).toEqual(['anna@example.de', 'ben@example.de', 'carla@example.de', 'frank@example.de']);
    expect(run2.newlyLapsed?.map((customer) => customer.email)).toEqual(['carla@example.de']);
    expect(hubspot.upsertBodies.length - upsertsBefore).toBe(2);
    expect(hubspot.upsertBodies.at(-1)?.inputs).toEqual([
      { idProperty: 'email', objectWriteTraceId: '0', id: 'carla@example.de', properties: { firstname: 'Carla', lastname: 'Conrad', lifecyclestage: 'customer', last_order_date: '2026-11-03', winback_sent_at: '2027-02-08' } },
    ]);
    expect([...hubspot.contacts.keys()].sort()).toEqual(['anna@example.de', 'ben@example.de', 'carla@example.de']);
    expect(hubspot.contacts.get('anna@example.de')?.properties.winback_sent_at).toBe('2027-02-01');

    expect(smtp.messages.map((message) => message.to)).toEqual([['anna@example.de'], ['ben@example.de'], ['carla@example.de']]);
    expect(mailsTo('carla@example.de')[0]?.mail.html).toContain('<p>Hallo Carla,</p><p>Ihre letzte Bestellung bei uns war am 03.11.2026.');
    expect(mailsTo('carla@example.de')[0]?.mail.html).toContain('gültig bis 10.03.2027.');
    // Never: recent customers, and the one who had lapsed long before the campaign started.
    for (const address of ['dora@example.de', 'emil@example.de', 'frank@example.de']) {
      expect(mailsTo(address)).toEqual([]);
      expect(hubspot.contacts.has(address)).toBe(false);
    }
  });
});
