import { createHmac } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, createHarness, orderFlow, sampleOrder, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ FLOWWERK_WEBHOOK_TIMEOUT_MS: '400' });
});
afterAll(async () => {
  await h.close();
});

async function activeWorkflow(workflow: Record<string, unknown>): Promise<void> {
  const created = await request(h.app).post('/api/v1/workflows').set('X-API-Key', API_KEY).send(workflow);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const activated = await request(h.app).post(`/api/v1/workflows/${String(workflow.id)}/activate`).set('X-API-Key', API_KEY);
  expect(activated.status, JSON.stringify(activated.body)).toBe(200);
}

function hookOnly(id: string, params: Record<string, unknown>): Record<string, unknown> {
  return { id, nodes: [{ id: 'hook', type: 'webhook', params: { path: id, ...params } }], connections: [] };
}

async function executionCount(workflowId: string): Promise<number> {
  return (await h.services.store.executions.list({ workflowId, limit: 500 })).data.length;
}

describe('webhook response modes', () => {
  it('onReceived answers 202 with the id of an already stored execution', async () => {
    await activeWorkflow(orderFlow('mode-received', { responseMode: 'onReceived' }));
    const res = await request(h.app).post('/webhook/mode-received').send(sampleOrder);
    expect(res.status).toBe(202);
    expect(Object.keys(res.body)).toEqual(['executionId']);
    const stored = await h.services.store.executions.get(res.body.executionId);
    expect(stored?.workflowId).toBe('mode-received');
    expect(await h.services.executions.whenSettled(res.body.executionId)).toBe('success');
  });

  it('lastNode answers with the output of the end node', async () => {
    await activeWorkflow(orderFlow('mode-last'));
    const res = await request(h.app).post('/webhook/mode-last').send(sampleOrder);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 110, big: true });
    expect(res.headers['x-execution-id']).toBeTruthy();
  });

  it('respondNode answers with the respond node, and with 202 after the timeout while the run goes on', async () => {
    await activeWorkflow({
      id: 'mode-respond',
      nodes: [
        { id: 'hook', type: 'webhook', params: { path: 'mode-respond', responseMode: 'respondNode' } },
        { id: 'answer', type: 'respond', params: { status: 201, body: { ok: '{{ $json.body.n }}' }, headers: { 'X-Custom': 'yes' } } },
      ],
      connections: [{ from: 'hook', to: 'answer' }],
    });
    const res = await request(h.app).post('/webhook/mode-respond').send({ n: 7 });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ ok: 7 });
    expect(res.headers['x-custom']).toBe('yes');

    await activeWorkflow({
      id: 'mode-slow',
      nodes: [
        { id: 'hook', type: 'webhook', params: { path: 'mode-slow', responseMode: 'respondNode' } },
        { id: 'pause', type: 'wait', params: { seconds: 1 } },
        { id: 'answer', type: 'respond', params: { status: 200 } },
      ],
      connections: [{ from: 'hook', to: 'pause' }, { from: 'pause', to: 'answer' }],
    });
    const slow = await request(h.app).post('/webhook/mode-slow').send({ n: 1 });
    expect(slow.status).toBe(202);
    expect(typeof slow.body.executionId).toBe('string');
    expect(await h.services.executions.whenSettled(slow.body.executionId)).toBe('success');
  });
});

describe('webhook routing and bodies', () => {
  it('matches methods and path parameters; unknown paths answer a JSON 404', async () => {
    await activeWorkflow(hookOnly('orders-by-shop', { path: 'orders/:shop', method: 'GET', responseMode: 'lastNode' }));
    const res = await request(h.app).get('/webhook/orders/acme?x=1&x=2');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ params: { shop: 'acme' }, query: { x: ['1', '2'] }, method: 'GET' });
    const wrongMethod = await request(h.app).post('/webhook/orders/acme').send({});
    expect(wrongMethod.status).toBe(405);
    const unknown = await request(h.app).post('/webhook/nothing/here').send({});
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain('no active workflow has the webhook path "nothing/here"');
  });

  it('parses JSON, form and text bodies and keeps the raw body; binary bodies land in binary.data', async () => {
    await activeWorkflow(hookOnly('bodies', { responseMode: 'lastNode' }));
    const json = await request(h.app).post('/webhook/bodies').set('Content-Type', 'application/json').send('{"a":1}');
    expect(json.body.body).toEqual({ a: 1 });
    const form = await request(h.app).post('/webhook/bodies').type('form').send('a=1&b=x&b=y');
    expect(form.body.body).toEqual({ a: '1', b: ['x', 'y'] });
    const text = await request(h.app).post('/webhook/bodies').set('Content-Type', 'text/plain').send('hello');
    expect(text.body.body).toBe('hello');

    const bytes = Buffer.from([0, 1, 2, 250, 251]);
    const binary = await request(h.app).post('/webhook/bodies').set('Content-Type', 'application/octet-stream').send(bytes);
    expect(binary.status).toBe(200);
    const detail = await h.services.store.executions.get(String(binary.headers['x-execution-id']));
    expect(detail?.triggerItems[0]?.binary?.data?.data).toBe(bytes.toString('base64'));
    const jsonDetail = await h.services.store.executions.get(String(json.headers['x-execution-id']));
    expect(Buffer.from(jsonDetail?.triggerItems[0]?.binary?.rawBody?.data ?? '', 'base64').toString()).toBe('{"a":1}');
  });

  it('answers 400 to malformed JSON and 413 above 16 MB, storing nothing', async () => {
    await activeWorkflow(hookOnly('limits', {}));
    const malformed = await request(h.app).post('/webhook/limits').set('Content-Type', 'application/json').send('{"a":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('INVALID_JSON');
    const big = await request(h.app).post('/webhook/limits').set('Content-Type', 'application/octet-stream').send(Buffer.alloc(16 * 1024 * 1024 + 1));
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await executionCount('limits')).toBe(0);
  });
});

describe('webhook authentication', () => {
  const body = JSON.stringify({ id: 42, total: '9.99' });
  const presets = [
    { preset: 'shopify', header: 'X-Shopify-Hmac-Sha256', sign: (secret: string) => createHmac('sha256', secret).update(body).digest('base64') },
    { preset: 'woocommerce', header: 'X-WC-Webhook-Signature', sign: (secret: string) => createHmac('sha256', secret).update(body).digest('base64') },
    { preset: 'shopware', header: 'shopware-shop-signature', sign: (secret: string) => createHmac('sha256', secret).update(body).digest('hex') },
    { preset: 'generic', header: 'X-Sig', sign: (secret: string) => `sha512=${createHmac('sha512', secret).update(body).digest('hex')}`, extra: { header: 'X-Sig', algorithm: 'sha512', encoding: 'hex' } },
  ] as const;

  for (const entry of presets) {
    it(`checks the ${entry.preset} HMAC over the raw body; a bad one is 401 and stores nothing`, async () => {
      const id = `sig-${entry.preset}`;
      await activeWorkflow(hookOnly(id, { auth: { type: 'hmac', preset: entry.preset, secret: 's3cret', ...('extra' in entry ? entry.extra : {}) } }));
      const good = await request(h.app).post(`/webhook/${id}`).set('Content-Type', 'application/json').set(entry.header, entry.sign('s3cret')).send(body);
      expect(good.status).toBe(202);
      const bad = await request(h.app).post(`/webhook/${id}`).set('Content-Type', 'application/json').set(entry.header, entry.sign('wrong')).send(body);
      expect(bad.status).toBe(401);
      expect(bad.body.error.code).toBe('WEBHOOK_UNAUTHORIZED');
      const missing = await request(h.app).post(`/webhook/${id}`).set('Content-Type', 'application/json').send(body);
      expect(missing.status).toBe(401);
      const tampered = await request(h.app).post(`/webhook/${id}`).set('Content-Type', 'application/json').set(entry.header, entry.sign('s3cret')).send(body.replace('42', '43'));
      expect(tampered.status).toBe(401);
      expect(await executionCount(id)).toBe(1);
    });
  }

  it('checks header tokens and basic auth', async () => {
    await activeWorkflow(hookOnly('auth-header', { auth: { type: 'header', name: 'X-Token', value: 'abc123' } }));
    expect((await request(h.app).post('/webhook/auth-header').set('X-Token', 'abc123').send({})).status).toBe(202);
    expect((await request(h.app).post('/webhook/auth-header').set('X-Token', 'abc124').send({})).status).toBe(401);
    await activeWorkflow(hookOnly('auth-basic', { auth: { type: 'basic', user: 'shop', password: 'pw' } }));
    expect((await request(h.app).post('/webhook/auth-basic').auth('shop', 'pw').send({})).status).toBe(202);
    expect((await request(h.app).post('/webhook/auth-basic').auth('shop', 'nope').send({})).status).toBe(401);
    expect(await executionCount('auth-header')).toBe(1);
    expect(await executionCount('auth-basic')).toBe(1);
  });
});

describe('duplicate suppression and load', () => {
  it('runs a repeated Shopify event id once and answers 200 with the first execution id, also when concurrent', async () => {
    const secret = 'dedupe-secret';
    await activeWorkflow(hookOnly('dedupe', { auth: { type: 'hmac', preset: 'shopify', secret } }));
    const body = '{"order":1}';
    const sig = createHmac('sha256', secret).update(body).digest('base64');
    const send = (eventId: string) =>
      request(h.app).post('/webhook/dedupe').set('Content-Type', 'application/json').set('X-Shopify-Hmac-Sha256', sig).set('X-Shopify-Event-Id', eventId).send(body);
    const first = await send('evt-1');
    expect(first.status).toBe(202);
    const second = await send('evt-1');
    expect(second.status).toBe(200);
    expect(second.body.executionId).toBe(first.body.executionId);

    const burst = await Promise.all(Array.from({ length: 20 }, () => send('evt-2')));
    const ids = new Set(burst.map((res) => res.body.executionId));
    expect(ids.size).toBe(1);
    expect(burst.filter((res) => res.status === 202)).toHaveLength(1);
    expect(burst.filter((res) => res.status === 200)).toHaveLength(19);
    expect(await executionCount('dedupe')).toBe(2);
  });

  it('accepts 200 concurrent webhooks and completes every one', async () => {
    await activeWorkflow(orderFlow('load', { responseMode: 'onReceived' }));
    const responses = await Promise.all(Array.from({ length: 200 }, (_, i) => request(h.app).post('/webhook/load').send({ items: [{ qty: i, price: 1 }] })));
    expect(responses.every((res) => res.status === 202)).toBe(true);
    const ids = responses.map((res) => String(res.body.executionId));
    expect(new Set(ids).size).toBe(200);
    const statuses = await Promise.all(ids.map((id) => h.services.executions.whenSettled(id)));
    expect(statuses.every((status) => status === 'success')).toBe(true);
  });
});

describe('test webhooks', () => {
  it('runs one call in test mode while the editor listens', async () => {
    const created = await request(h.app).post('/api/v1/workflows').set('X-API-Key', API_KEY).send(hookOnly('editor-test', { responseMode: 'lastNode' }));
    expect(created.status).toBe(201);
    expect((await request(h.app).post('/webhook-test/editor-test').send({})).status).toBe(404);
    const listen = await request(h.app).post('/api/v1/workflows/editor-test/test-webhook').set('X-API-Key', API_KEY).send({ seconds: 30 });
    expect(listen.status).toBe(200);
    expect(listen.body.status).toBe('listening');
    expect(listen.body.urls[0].url).toMatch(/\/webhook-test\/editor-test$/);
    const call = await request(h.app).post('/webhook-test/editor-test').send({ hello: 'editor' });
    expect(call.status).toBe(200);
    expect(call.body.body).toEqual({ hello: 'editor' });
    const state = await request(h.app).get('/api/v1/workflows/editor-test/test-webhook').set('X-API-Key', API_KEY);
    expect(state.body.status).toBe('received');
    const execution = await request(h.app).get(`/api/v1/executions/${state.body.executionId}`).set('X-API-Key', API_KEY);
    expect(execution.body.mode).toBe('test');
    expect((await request(h.app).post('/webhook-test/editor-test').send({})).status).toBe(404);
    expect((await request(h.app).post('/webhook/editor-test').send({})).status).toBe(404);
  });
});

describe('activation', () => {
  it('refuses a second active workflow on the same path and frees the path on deactivate', async () => {
    await activeWorkflow(hookOnly('shared-path', {}));
    const other = { ...hookOnly('shared-path', {}), id: 'shared-path-2' };
    await request(h.app).post('/api/v1/workflows').set('X-API-Key', API_KEY).send(other);
    const clash = await request(h.app).post('/api/v1/workflows/shared-path-2/activate').set('X-API-Key', API_KEY);
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('TRIGGER_CONFLICT');
    await request(h.app).post('/api/v1/workflows/shared-path/deactivate').set('X-API-Key', API_KEY).expect(200);
    expect((await request(h.app).post('/webhook/shared-path').send({})).status).toBe(404);
    await request(h.app).post('/api/v1/workflows/shared-path-2/activate').set('X-API-Key', API_KEY).expect(200);
    const res = await request(h.app).post('/webhook/shared-path').send({});
    expect(res.status).toBe(202);
    expect((await h.services.store.executions.get(res.body.executionId))?.workflowId).toBe('shared-path-2');
  });
});

describe('backpressure', () => {
  it('answers 429 with Retry-After when the queue is full', async () => {
    const small = await createHarness({ FLOWWERK_CONCURRENCY: '1', FLOWWERK_QUEUE_LIMIT: '1' });
    try {
      await request(small.app).post('/api/v1/workflows').set('X-API-Key', API_KEY).send({
        id: 'slow',
        nodes: [{ id: 'hook', type: 'webhook', params: { path: 'slow' } }, { id: 'pause', type: 'wait', params: { seconds: 1 } }],
        connections: [{ from: 'hook', to: 'pause' }],
      }).expect(201);
      await request(small.app).post('/api/v1/workflows/slow/activate').set('X-API-Key', API_KEY).expect(200);
      const responses = [];
      for (let i = 0; i < 4; i++) responses.push(await request(small.app).post('/webhook/slow').send({}));
      const full = responses.filter((res) => res.status === 429);
      expect(full.length).toBeGreaterThan(0);
      expect(Number(full[0]?.headers['retry-after'])).toBeGreaterThan(0);
      expect(full[0]?.body.error.code).toBe('QUEUE_FULL');
      const accepted = responses.filter((res) => res.status === 202);
      expect(accepted.length).toBeGreaterThan(0);
      expect((await small.services.store.executions.list({ workflowId: 'slow' })).data.length).toBe(accepted.length);
    } finally {
      await small.close();
    }
  });
});
