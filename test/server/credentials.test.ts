import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startHttpStandin } from '../standins/index.js';
import { API_KEY, createHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

const SECRET = 'sk_live_SUPER-SECRET-value-4711';

describe('credentials', () => {
  it('never returns, logs or stores the secret in plaintext, and runs use it', async () => {
    const receiver = await startHttpStandin();
    receiver.on('POST', '/echo', (_req, res) => sendJson(res, 200, { ok: true }));
    try {
      const created = await request(h.app).post('/api/v1/credentials').set('X-API-Key', API_KEY).send({ name: 'Shop API', type: 'httpBearer', data: { token: SECRET } });
      expect(created.status).toBe(201);
      expect(Object.keys(created.body).sort()).toEqual(['createdAt', 'id', 'name', 'type', 'updatedAt']);
      const id = String(created.body.id);

      const responses = [
        await request(h.app).get('/api/v1/credentials').set('X-API-Key', API_KEY),
        await request(h.app).get(`/api/v1/credentials/${id}`).set('X-API-Key', API_KEY),
        await request(h.app).patch(`/api/v1/credentials/${id}`).set('X-API-Key', API_KEY).send({ name: 'Renamed' }),
        await request(h.app).post(`/api/v1/credentials/${id}/test`).set('X-API-Key', API_KEY).send({}),
        await request(h.app).get('/api/v1/credential-types').set('X-API-Key', API_KEY),
      ];
      for (const res of responses) {
        expect(res.status).toBeLessThan(300);
        expect(res.text).not.toContain(SECRET);
      }
      expect(responses[2]?.body.name).toBe('Renamed');
      const types = responses[4]?.body.data.map((t: { type: string }) => t.type);
      expect(types).toEqual(expect.arrayContaining(['httpHeader', 'httpBasic', 'httpBearer', 'smtp']));

      const bad = await request(h.app).post('/api/v1/credentials').set('X-API-Key', API_KEY).send({ name: 'x', type: 'httpBasic', data: { user: 'u' } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details[0].path).toBe('data.password');

      await request(h.app).post('/api/v1/workflows').set('X-API-Key', API_KEY).send({
        id: 'uses-secret',
        nodes: [
          { id: 'start', type: 'manual' },
          { id: 'call', type: 'httpRequest', params: { method: 'POST', url: `${receiver.url}/echo`, body: { hello: 1 } }, credentials: { bearerAuth: id } },
        ],
        connections: [{ from: 'start', to: 'call' }],
      }).expect(201);
      const run = await request(h.app).post('/api/v1/workflows/uses-secret/run').set('X-API-Key', API_KEY).send({ wait: true });
      expect(run.body.status, JSON.stringify(run.body)).toBe('success');
      expect(receiver.requests.some((r) => r.headers.authorization === `Bearer ${SECRET}`)).toBe(true);
      const detail = await request(h.app).get(`/api/v1/executions/${run.body.executionId}`).set('X-API-Key', API_KEY);
      expect(detail.text).not.toContain(SECRET);
    } finally {
      await receiver.close();
    }
    await h.services.store.close().catch(() => undefined);
    expect(h.logs()).not.toContain(SECRET);
    for (const file of readdirSync(h.dataDir)) {
      const bytes = readFileSync(path.join(h.dataDir, file));
      expect(bytes.includes(Buffer.from(SECRET)), file).toBe(false);
    }
  });
});
