import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, createHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ FLOWWERK_LOGIN_RATE_LIMIT: '5', FLOWWERK_TRUST_PROXY: 'true' });
});
afterAll(async () => {
  await h.close();
});

function sessionOf(res: request.Response): string {
  const cookies = res.headers['set-cookie'];
  const list = Array.isArray(cookies) ? cookies : [String(cookies)];
  const cookie = list.find((c) => c.startsWith('flowwerk_session='));
  if (cookie === undefined) throw new Error('no session cookie');
  return cookie.split(';')[0] ?? '';
}

describe('auth', () => {
  it('answers 401 without a session or key everywhere but the public paths', async () => {
    for (const path of ['/api/v1/workflows', '/api/v1/executions', '/api/v1/credentials', '/api/v1/nodes', '/api/v1/openapi.json', '/api/v1/auth/me', '/metrics']) {
      const res = await request(h.app).get(path);
      expect(res.status, path).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHORIZED');
    }
    expect((await request(h.app).post('/api/v1/workflows').send({})).status).toBe(401);
    expect((await request(h.app).get('/api/v1/workflows').set('X-API-Key', 'wrong-key-wrong-key')).status).toBe(401);
    expect((await request(h.app).get('/healthz')).status).toBe(200);
    expect((await request(h.app).get('/api/v1/auth/status')).status).toBe(200);
    expect((await request(h.app).post('/webhook/none').send({})).status).toBe(404);
  });

  it('creates the owner once, then signs in and out with a session cookie', async () => {
    const status = await request(h.app).get('/api/v1/auth/status');
    expect(status.body).toEqual({ setupRequired: true, authenticated: false, user: null });

    const weak = await request(h.app).post('/api/v1/auth/setup').send({ email: 'owner@shop.test', password: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.details[0].path).toBe('password');
    const remote = await request(h.app).post('/api/v1/auth/setup').set('X-Forwarded-For', '203.0.113.9').send({ email: 'owner@shop.test', password: 'correct horse battery' });
    expect(remote.status).toBe(403);
    const withToken = h.services.auth.setupToken;
    const setup = await request(h.app).post('/api/v1/auth/setup').set('X-Forwarded-For', '203.0.113.9').send({ email: 'Owner@Shop.test', name: 'Olga', password: 'correct horse battery', token: withToken });
    expect(setup.status).toBe(201);
    expect(setup.body).toMatchObject({ email: 'owner@shop.test', name: 'Olga', role: 'owner' });
    const setCookie = String(setup.headers['set-cookie']);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).not.toContain('Secure');

    const again = await request(h.app).post('/api/v1/auth/setup').send({ email: 'x@shop.test', password: 'another password' });
    expect(again.status).toBe(409);

    const wrong = await request(h.app).post('/api/v1/auth/login').send({ email: 'owner@shop.test', password: 'nope nope' });
    expect(wrong.status).toBe(401);
    const login = await request(h.app).post('/api/v1/auth/login').set('X-Forwarded-Proto', 'https').send({ email: 'owner@shop.test', password: 'correct horse battery' });
    expect(login.status).toBe(200);
    expect(String(login.headers['set-cookie'])).toContain('Secure');
    const cookie = sessionOf(login);
    const me = await request(h.app).get('/api/v1/auth/me').set('Cookie', cookie);
    expect(me.body.email).toBe('owner@shop.test');
    expect((await request(h.app).get('/api/v1/workflows').set('Cookie', cookie)).status).toBe(200);
    const statusIn = await request(h.app).get('/api/v1/auth/status').set('Cookie', cookie);
    expect(statusIn.body).toMatchObject({ setupRequired: false, authenticated: true, user: { email: 'owner@shop.test' } });

    expect((await request(h.app).post('/api/v1/auth/logout').set('Cookie', cookie)).status).toBe(204);
    expect((await request(h.app).get('/api/v1/workflows').set('Cookie', cookie)).status).toBe(401);
  });

  it('creates, uses, lists and deletes API keys; stores only their hash', async () => {
    const login = await request(h.app).post('/api/v1/auth/login').send({ email: 'owner@shop.test', password: 'correct horse battery' });
    const cookie = sessionOf(login);
    const created = await request(h.app).post('/api/v1/auth/api-keys').set('Cookie', cookie).send({ name: 'ci' });
    expect(created.status).toBe(201);
    const key = String(created.body.key);
    expect((await request(h.app).get('/api/v1/workflows').set('X-API-Key', key)).status).toBe(200);
    const listed = await request(h.app).get('/api/v1/auth/api-keys').set('X-API-Key', key);
    expect(listed.body.data).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain(key);
    expect(listed.body.data[0].lastUsedAt).not.toBeNull();
    const owner = await h.services.store.auth.getUserByEmail('owner@shop.test');
    const stored = await h.services.store.auth.listApiKeys(owner?.id ?? '');
    expect(stored).toHaveLength(1);
    expect(stored[0]?.keyHash).not.toBe(key);
    expect(stored[0]?.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await request(h.app).delete(`/api/v1/auth/api-keys/${created.body.id}`).set('Cookie', cookie)).status).toBe(204);
    expect((await request(h.app).get('/api/v1/workflows').set('X-API-Key', key)).status).toBe(401);
    // The environment key works and belongs to no user.
    expect((await request(h.app).get('/api/v1/auth/me').set('X-API-Key', API_KEY)).body).toBeNull();
  });

  it('rate-limits login attempts per client', async () => {
    const attempt = () => request(h.app).post('/api/v1/auth/login').set('X-Forwarded-For', '198.51.100.7').send({ email: 'owner@shop.test', password: 'wrong wrong' });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await attempt()).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const limited = await attempt();
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another client is not affected.
    const other = await request(h.app).post('/api/v1/auth/login').set('X-Forwarded-For', '198.51.100.8').send({ email: 'owner@shop.test', password: 'correct horse battery' });
    expect(other.status).toBe(200);
  });
});
