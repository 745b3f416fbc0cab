import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isJsonObject, type JsonObject } from '../../nodes/sdk/index.js';
import { startServerProcess, type ServerProcess } from '../server/server-process.js';
import { startDhlParcelStandin, type DhlParcelStandin } from '../standins/dhl-parcel.js';
import { startSmtpStandin, type ReceivedMail, type SmtpStandin } from '../standins/smtp-server.js';
import { SHOP_SMTP, activateOrderFulfilment } from './example-workflow.js';
import { shopifyHeaders, shopifyOrderBody } from './shopify-orders.js';

/**
 * Reliability (issue 6, item 9): a real crash of the server (kill -9 of `flowwerk start` from dist/) while an
 * order of workflows/order-fulfilment.json is between its DHL label and its customer e-mail; then a restart on the
 * same data directory, whose recovery resumes the run. The DHL and SMTP stand-ins live in this test process, so
 * they outlive the server and see both lives of the run.
 *
 * 1. Killed while the customer e-mail is in flight: the SMTP stand-in holds its answer to the first message (the
 *    whole message was received, the 250 not yet sent). The label node finished and was checkpointed before the
 *    e-mail node started, so after the restart DHL receives no second request, and the e-mail, never acknowledged
 *    before the crash, is delivered exactly once (same Message-ID as the abandoned attempt).
 * 2. Killed while DHL has created the label but its answer has not reached the server: the stand-in holds the
 *    answer. The label node was not checkpointed, so the resumed run sends it again, with the same Idempotency-Key
 *    and the same refNo; the stand-in answers the shipment it already created (its refNo memory), so there is still
 *    one label, and one e-mail carrying exactly that label.
 *
 * Everything is set up as a user would: credentials, workflows and stock through the HTTP API of the child server.
 */

const API_KEY = 'crash-test-api-key-0123456789';
const SECRET = 'shpss_crash_test_secret';

type Json = Record<string, unknown>;

function record(value: unknown): JsonObject {
  if (!isJsonObject(value)) throw new Error('expected a JSON object');
  return value;
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'flowwerk-fulfilment-crash-'));
const processes: ServerProcess[] = [];
let server: ServerProcess;
let dhl: DhlParcelStandin;
let smtp: SmtpStandin;

/** The next e-mail the SMTP stand-in receives is held: `arrived` gets the message, `gate` answers it. */
let nextHold: { readonly arrived: (mail: ReceivedMail) => void; readonly gate: Promise<void> } | undefined;

function holdNextMail(): { arrived: Promise<ReceivedMail>; release: () => void } {
  let release = (): void => {};
  let arrived = (_mail: ReceivedMail): void => {};
  const gate = new Promise<void>((resolve) => { release = resolve; });
  const arrival = new Promise<ReceivedMail>((resolve) => { arrived = resolve; });
  nextHold = { arrived, gate };
  return { arrived: arrival, release };
}

async function api(method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${server.url}${url}`, {
    method,
    headers: { 'x-api-key': API_KEY, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const parsed: unknown = text === '' ? {} : JSON.parse(text);
  return { status: res.status, body: record(parsed) };
}

async function start(): Promise<void> {
  server = await startServerProcess(dataDir, { FLOWWERK_API_KEY: API_KEY });
  processes.push(server);
}

/** kill -9, then a new server process on the same data directory. */
async function crashAndRestart(): Promise<void> {
  server.child.kill('SIGKILL');
  expect(await server.exited).toBe('SIGKILL');
  await start();
}

async function execution(id: string): Promise<Json> {
  const res = await api('GET', `/api/v1/executions/${id}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** Polls the execution until it has finished (success, failed or cancelled). */
async function finished(id: string): Promise<Json> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const detail = await execution(id);
    if (detail.status === 'success' || detail.status === 'failed' || detail.status === 'cancelled') return detail;
    if (Date.now() > deadline) throw new Error(`execution ${id} still ${String(detail.status)} after 30 s:\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function waitFor(what: string, condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const nodeRun = (detail: Json, node: string): Json | undefined => {
  const nodes = detail.nodes;
  return isJsonObject(nodes) && isJsonObject(nodes[node]) ? nodes[node] : undefined;
};

/** Order `number` for 1 × `sku`, as Shopify posts it; answers the accepted execution id. */
async function deliverOrder(number: number, sku: string): Promise<string> {
  const body = shopifyOrderBody({ number, lines: [{ sku, quantity: 1 }] });
  const res = await fetch(`${server.url}/webhook/shopify/orders`, { method: 'POST', headers: shopifyHeaders(SECRET, body, `wh-crash-${number}`), body });
  const answer = record(await res.json());
  expect(res.status, JSON.stringify(answer)).toBe(202);
  return String(answer.executionId);
}

async function stockOf(sku: string): Promise<number> {
  const res = await api('GET', `/api/v1/stock/${sku}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return Number(res.body.quantity);
}

async function setStock(sku: string, quantity: number): Promise<void> {
  const res = await api('PUT', `/api/v1/stock/${sku}`, { quantity, reason: 'Inventur (test)' });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

const CUSTOMER = 'erika.mustermann@example.de';
const customerMails = (number: number): ReceivedMail[] =>
  smtp.messages.filter((message) => message.to.includes(CUSTOMER) && message.mail.headers.subject === `Ihre Bestellung #${number} ist unterwegs`);

beforeAll(async () => {
  [dhl, smtp] = await Promise.all([
    startDhlParcelStandin(),
    startSmtpStandin({
      ...SHOP_SMTP,
      holdMessage: (mail) => {
        const hold = nextHold;
        nextHold = undefined;
        hold?.arrived(mail);
        return hold?.gate;
      },
    }),
    start(),
  ]);
  await activateOrderFulfilment(api, { dhlCredential: dhl.credential, smtp }, SECRET);
}, 60_000);

afterAll(async () => {
  for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await Promise.all(processes.map((p) => p.exited));
  await Promise.all([dhl?.close(), smtp?.close()]);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('order-fulfilment: kill -9 between the DHL label and the customer e-mail', () => {
  it('killed while the e-mail is in flight → after the restart still one label (DHL not called again) and one e-mail', { timeout: 60_000 }, async () => {
    const number = 8001;
    await setStock('CRASH-MAIL', 5);
    const labels = dhl.labelsCreated();
    const requests = dhl.orderRequests().length;
    const held = holdNextMail();

    const executionId = await deliverOrder(number, 'CRASH-MAIL');
    const inFlight = await held.arrived;
    expect(inFlight.to).toEqual([CUSTOMER]);
    expect(inFlight.mail.headers.subject).toBe(`Ihre Bestellung #${number} ist unterwegs`);
    // The crash lands here: the label exists at DHL and is checkpointed, the e-mail is sent but not acknowledged.
    expect(dhl.labelsCreated()).toBe(labels + 1);
    const before = await execution(executionId);
    expect(before.status).toBe('running');
    expect(nodeRun(before, 'label')).toMatchObject({ status: 'success', attempts: 1 });
    expect(before.order).toEqual(['order', 'stock', 'label']);
    expect(nodeRun(before, 'customerMail')).toBeUndefined();

    await crashAndRestart();
    // The dead server's SMTP connection closed before any answer: the stand-in never accepted that message.
    await waitFor('the held e-mail to be abandoned', () => smtp.abandoned.includes(inFlight));
    expect(customerMails(number)).toHaveLength(0);
    held.release();

    const detail = await finished(executionId);
    expect(detail.status, server.output()).toBe('success');
    expect(dhl.labelsCreated()).toBe(labels + 1);
    expect(dhl.orderRequests()).toHaveLength(requests + 1);
    const shipment = dhl.shipments.find((candidate) => candidate.refNo === `Bestellung ${number}`);
    expect(nodeRun(detail, 'label')).toMatchObject({ status: 'success', attempts: 1 });
    expect(nodeRun(detail, 'customerMail')).toMatchObject({ status: 'success' });

    const mails = customerMails(number);
    expect(mails).toHaveLength(1);
    const mail = mails[0]?.mail;
    expect(mail?.headers['message-id']).toBe(inFlight.mail.headers['message-id']);
    expect(mail?.html).toContain(`>${shipment?.shipmentNo ?? 'missing'}</a>`);
    expect(mail?.attachments).toHaveLength(1);
    expect(mail?.attachments[0]?.content.equals(shipment?.pdf ?? Buffer.alloc(0))).toBe(true);
    expect(smtp.messages.filter((message) => message.to.includes('shop@example.com'))).toHaveLength(0);
    expect(await stockOf('CRASH-MAIL')).toBe(4);
  });

  it('killed after DHL created the label but before its answer arrived → the resend with the same Idempotency-Key gets the same label, one e-mail', { timeout: 60_000 }, async () => {
    const number = 8002;
    await setStock('CRASH-LABEL', 5);
    const labels = dhl.labelsCreated();
    const requests = dhl.orderRequests().length;
    const mailsBefore = smtp.messages.length;
    const held = dhl.holdNextAnswer();

    const executionId = await deliverOrder(number, 'CRASH-LABEL');
    await held.arrived;
    // The crash lands here: DHL created the label, its answer has not reached the server, the node is not checkpointed.
    expect(dhl.labelsCreated()).toBe(labels + 1);
    const shipment = dhl.shipments.at(-1);
    expect(shipment?.refNo).toBe(`Bestellung ${number}`);
    const before = await execution(executionId);
    expect(before.status).toBe('running');
    expect(nodeRun(before, 'stock')).toMatchObject({ status: 'success' });
    expect(before.order).toEqual(['order', 'stock']);
    expect(nodeRun(before, 'label')).toBeUndefined();

    await crashAndRestart();
    const detail = await finished(executionId);
    expect(detail.status, server.output()).toBe('success');
    expect(dhl.answersLost()).toBe(1);
    held.release();

    // The resumed run sent the label request again, with the same Idempotency-Key and refNo: still one label.
    const sent = dhl.orderRequests().slice(requests);
    expect(sent).toHaveLength(2);
    const keys = sent.map((request) => request.headers['idempotency-key']);
    expect(keys[0]).toMatch(new RegExp(`^${executionId}:label:0$`));
    expect(keys[1]).toBe(keys[0]);
    const bodies = sent.map((request) => JSON.stringify(record(request.json()).shipments));
    expect(bodies[1]).toBe(bodies[0]);
    expect(bodies[0]).toContain(`"refNo":"Bestellung ${number}"`);
    expect(dhl.labelsCreated()).toBe(labels + 1);
    expect(shipment?.idempotencyKey).toBe(keys[0]);

    const mails = customerMails(number);
    expect(mails).toHaveLength(1);
    expect(smtp.messages).toHaveLength(mailsBefore + 1);
    expect(mails[0]?.mail.html).toContain(`>${shipment?.shipmentNo ?? 'missing'}</a>`);
    expect(mails[0]?.mail.attachments[0]?.content.equals(shipment?.pdf ?? Buffer.alloc(0))).toBe(true);
    expect(await stockOf('CRASH-LABEL')).toBe(4);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });
});
