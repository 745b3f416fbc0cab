import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventTypeMatches } from '../../nodes/commerce/paypal/webhook/index.js';
import { paypalSignedString, unsignedCrc32, verifyPaypalSignature } from '../../nodes/commerce/paypal/webhook/signature.js';
import { API_KEY, createHarness, type Harness } from '../server/harness.js';
import { createPaypalSigningCertificate, paypalEvent, signPaypalWebhook, type SigningCertificate } from '../standins/paypal-webhook.js';

const WEBHOOK_ID = '1JE4291016473214C';
let signing: SigningCertificate;

beforeAll(() => {
  signing = createPaypalSigningCertificate();
});

describe('PayPal webhook signature', () => {
  const body = Buffer.from(JSON.stringify(paypalEvent('PAYMENT.CAPTURE.COMPLETED', { id: '3C679366HH908993F' })));
  const headersOf = (delivery: { headers: Record<string, string> }) => delivery.headers;

  it('signs transmissionId|transmissionTime|webhookId|crc32 with crc32 as an unsigned decimal', () => {
    expect(unsignedCrc32(Buffer.from('123456789'))).toBe(3421780262); // 0xCBF43926: above 2^31, so unsigned
    expect(paypalSignedString('tid', '2026-11-28T10:00:00Z', 'WH1', Buffer.from('123456789'))).toBe('tid|2026-11-28T10:00:00Z|WH1|3421780262');
  });

  it('accepts a delivery signed with the certificate\'s key and rejects tampering, other ids and other keys', () => {
    const delivery = signPaypalWebhook({ event: body.toString(), webhookId: WEBHOOK_ID, privateKeyPem: signing.privateKeyPem });
    const config = { webhookId: WEBHOOK_ID, certificate: signing.certificatePem };
    expect(verifyPaypalSignature({ headers: headersOf(delivery), rawBody: Buffer.from(delivery.body) }, config)).toEqual({ ok: true });

    const tampered = Buffer.from(delivery.body.replace('3C679366HH908993F', '3C679366HH908993G'));
    expect(verifyPaypalSignature({ headers: headersOf(delivery), rawBody: tampered }, config)).toMatchObject({ ok: false, reason: expect.stringContaining('does not match') });
    expect(verifyPaypalSignature({ headers: headersOf(delivery), rawBody: Buffer.from(delivery.body) }, { ...config, webhookId: 'OTHER123' }).ok).toBe(false);
    const other = createPaypalSigningCertificate();
    expect(verifyPaypalSignature({ headers: headersOf(delivery), rawBody: Buffer.from(delivery.body) }, { ...config, certificate: other.certificatePem }).ok).toBe(false);

    const unsigned: Record<string, string> = { ...delivery.headers };
    delete unsigned['paypal-transmission-sig'];
    expect(verifyPaypalSignature({ headers: unsigned, rawBody: Buffer.from(delivery.body) }, config)).toEqual({ ok: false, reason: 'missing PayPal header PAYPAL-TRANSMISSION-SIG' });
    const wrongAlgo = { ...delivery.headers, 'paypal-auth-algo': 'SHA1withRSA' };
    expect(verifyPaypalSignature({ headers: wrongAlgo, rawBody: Buffer.from(delivery.body) }, config).ok).toBe(false);
  });

  it('accepts a public key PEM and refuses a certificate outside its validity', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const delivery = signPaypalWebhook({ event: '{"event_type":"X"}', webhookId: WEBHOOK_ID, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
    const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(verifyPaypalSignature({ headers: delivery.headers, rawBody: Buffer.from(delivery.body) }, { webhookId: WEBHOOK_ID, certificate: publicPem })).toEqual({ ok: true });

    const signed = signPaypalWebhook({ event: '{"event_type":"X"}', webhookId: WEBHOOK_ID, privateKeyPem: signing.privateKeyPem });
    const validTo = Date.parse(new X509Certificate(signing.certificatePem).validTo);
    const verdict = verifyPaypalSignature({ headers: signed.headers, rawBody: Buffer.from(signed.body) }, { webhookId: WEBHOOK_ID, certificate: signing.certificatePem }, validTo + 1000);
    expect(verdict).toMatchObject({ ok: false, reason: expect.stringContaining('expired') });
  });

  it('matches event types exactly, by prefix or all', () => {
    expect(eventTypeMatches('PAYMENT.CAPTURE.COMPLETED', [])).toBe(true);
    expect(eventTypeMatches('PAYMENT.CAPTURE.COMPLETED', ['PAYMENT.CAPTURE.*'])).toBe(true);
    expect(eventTypeMatches('PAYMENT.CAPTURE.COMPLETED', ['PAYMENT.CAPTURE.REFUNDED'])).toBe(false);
    expect(eventTypeMatches('CHECKOUT.ORDER.APPROVED', ['*'])).toBe(true);
  });
});

describe('paypal.webhook through the server', () => {
  let h: Harness;
  let credentialId: string;

  beforeAll(async () => {
    h = await createHarness();
    const created = await request(h.app).post('/api/v1/credentials').set('X-API-Key', API_KEY)
      .send({ name: 'PayPal webhook', type: 'paypalWebhook', data: { webhookId: WEBHOOK_ID, certificate: signing.certificatePem } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    credentialId = String(created.body.id);
    await activate({
      id: 'paypal-events',
      nodes: [{ id: 'hook', type: 'paypal.webhook', params: { path: 'paypal', eventTypes: ['PAYMENT.CAPTURE.*'] }, credentials: { paypalWebhook: credentialId } }],
      connections: [],
    });
  });
  afterAll(async () => {
    await h.close();
  });

  async function activate(workflow: Record<string, unknown>): Promise<void> {
    const created = await request(h.app).post('/api/v1/workflows').set('X-API-Key', API_KEY).send(workflow);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const activated = await request(h.app).post(`/api/v1/workflows/${String(workflow.id)}/activate`).set('X-API-Key', API_KEY);
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);
  }

  const executions = async (workflowId: string): Promise<number> => (await h.services.store.executions.list({ workflowId, limit: 100 })).data.length;

  function deliver(path: string, delivery: { body: string; headers: Record<string, string> }) {
    return request(h.app).post(`/webhook/${path}`).set(delivery.headers).send(delivery.body);
  }

  it('runs for a correctly signed event and outputs the event', async () => {
    const event = paypalEvent('PAYMENT.CAPTURE.COMPLETED', { id: '3C679366HH908993F', status: 'COMPLETED', amount: { currency_code: 'EUR', value: '100.00' } });
    const res = await deliver('paypal', signPaypalWebhook({ event, webhookId: WEBHOOK_ID, privateKeyPem: signing.privateKeyPem }));
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const executionId = String(res.body.executionId);
    expect(await h.services.executions.whenSettled(executionId)).toBe('success');
    const detail = await h.services.store.executions.get(executionId);
    expect(detail?.nodes.hook?.outputs.main?.map((item) => item.json)).toEqual([event]);
  });

  it('rejects a bad signature with 401 before anything is stored', async () => {
    const before = await executions('paypal-events');
    const good = signPaypalWebhook({ event: paypalEvent('PAYMENT.CAPTURE.COMPLETED', { id: 'A' }), webhookId: WEBHOOK_ID, privateKeyPem: signing.privateKeyPem });
    const tampered = await deliver('paypal', { ...good, body: good.body.replace('"A"', '"B"') });
    expect(tampered.status).toBe(401);
    expect(tampered.body.error.code).toBe('WEBHOOK_UNAUTHORIZED');
    expect(tampered.body.error.message).toContain('PAYPAL-TRANSMISSION-SIG does not match');

    const otherId = await deliver('paypal', signPaypalWebhook({ event: paypalEvent('PAYMENT.CAPTURE.COMPLETED', { id: 'A' }), webhookId: 'SOMEOTHERHOOK', privateKeyPem: signing.privateKeyPem }));
    expect(otherId.status).toBe(401);
    const unsigned = await request(h.app).post('/webhook/paypal').set('Content-Type', 'application/json').send(good.body);
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.error.message).toContain('missing PayPal headers');
    expect(await executions('paypal-events')).toBe(before);
  });

  it('acknowledges filtered event types without output, and a repeated transmission once', async () => {
    const filtered = await deliver('paypal', signPaypalWebhook({ event: paypalEvent('CHECKOUT.ORDER.APPROVED', { id: 'O1' }, 'checkout-order'), webhookId: WEBHOOK_ID, privateKeyPem: signing.privateKeyPem }));
    expect(filtered.status).toBe(202);
    expect(await h.services.executions.whenSettled(String(filtered.body.executionId))).toBe('success');
    const detail = await h.services.store.executions.get(String(filtered.body.executionId));
    expect(detail?.nodes.hook?.outputs.main ?? []).toEqual([]);

    const delivery = signPaypalWebhook({ event: paypalEvent('PAYMENT.CAPTURE.REFUNDED', { id: 'R1' }), webhookId: WEBHOOK_ID, privateKeyPem: signing.privateKeyPem });
    const first = await deliver('paypal', delivery);
    const second = await deliver('paypal', delivery);
    expect(first.status).toBe(202);
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ executionId: first.body.executionId, duplicate: true });
  });

  it('will not switch on without a credential; answers 500 WEBHOOK_VERIFY_ERROR and runs nothing when it was deleted since', async () => {
    const bare = { id: 'paypal-no-credential', nodes: [{ id: 'hook', type: 'paypal.webhook', params: { path: 'paypal-bare' } }], connections: [] };
    expect((await request(h.app).post('/api/v1/workflows').set('X-API-Key', API_KEY).send(bare)).status).toBe(201);
    const refused = await request(h.app).post('/api/v1/workflows/paypal-no-credential/activate').set('X-API-Key', API_KEY);
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([{ path: 'nodes.hook.credentials.paypalWebhook', message: 'node "hook" needs a credential of type paypalWebhook' }]);

    const doomed = await request(h.app).post('/api/v1/credentials').set('X-API-Key', API_KEY)
      .send({ name: 'PayPal webhook (deleted)', type: 'paypalWebhook', data: { webhookId: WEBHOOK_ID, certificate: signing.certificatePem } });
    await activate({ id: 'paypal-deleted-credential', nodes: [{ id: 'hook', type: 'paypal.webhook', params: { path: 'paypal-deleted' }, credentials: { paypalWebhook: String(doomed.body.id) } }], connections: [] });
    expect((await request(h.app).delete(`/api/v1/credentials/${String(doomed.body.id)}`).set('X-API-Key', API_KEY)).status).toBe(204);
    const res = await deliver('paypal-deleted', signPaypalWebhook({ event: paypalEvent('PAYMENT.CAPTURE.COMPLETED', { id: 'A' }), webhookId: WEBHOOK_ID, privateKeyPem: signing.privateKeyPem }));
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('WEBHOOK_VERIFY_ERROR');
    expect(await executions('paypal-deleted-credential')).toBe(0);
  });

  it('refuses to save a credential whose certificate is not a PEM', async () => {
    const bad = await request(h.app).post('/api/v1/credentials').set('X-API-Key', API_KEY)
      .send({ name: 'bad', type: 'paypalWebhook', data: { webhookId: WEBHOOK_ID, certificate: 'not a certificate' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('data.certificate');
  });
});
