import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { API_KEY, createHarness, type Harness } from '../server/harness.js';
import { createPgSchema, type PgSchema } from './services.js';

/**
 * Two servers on one PostgreSQL store: a workflow activated, changed or deactivated through one of them reaches
 * the other's webhook routes with `resyncAll` (the safety net when a change announcement was missed).
 */

let db: PgSchema | undefined;
const harnesses: Harness[] = [];
afterAll(async () => {
  for (const harness of harnesses) await harness.close();
  await db?.drop();
});

const hook = (path: string): Record<string, unknown> => ({
  id: 'resync',
  name: 'resync',
  nodes: [
    { id: 'hook', type: 'webhook', params: { path } },
    { id: 'done', type: 'noop', params: {} },
  ],
  connections: [{ from: 'hook', to: 'done' }],
});

describe('trigger resync across processes sharing a store', () => {
  it('picks up activations, new versions and deactivations made elsewhere', { timeout: 60_000 }, async () => {
    db = await createPgSchema('trigger_resync');
    const env = { FLOWWERK_DATABASE_URL: db.urlVia() };
    const a = await createHarness(env);
    harnesses.push(a);
    const b = await createHarness(env);
    harnesses.push(b);
    const api = (method: 'post' | 'put', url: string) => request(a.app)[method](url).set('x-api-key', API_KEY);

    expect((await api('post', '/api/v1/workflows').send(hook('first'))).status).toBe(201);
    expect((await api('post', '/api/v1/workflows/resync/activate')).status).toBe(200);
    expect(a.services.triggers.webhooks.match('POST', 'first').match).toBeDefined();
    expect(b.services.triggers.webhooks.match('POST', 'first').match).toBeUndefined();

    expect(await b.services.triggers.resyncAll()).toEqual({ registered: ['resync'], removed: [] });
    expect(b.services.triggers.webhooks.match('POST', 'first').match?.route.workflowId).toBe('resync');
    expect((await request(b.app).post('/webhook/first').send({})).status).toBe(202);
    // Nothing changed: nothing re-registered.
    expect(await b.services.triggers.resyncAll()).toEqual({ registered: [], removed: [] });

    expect((await api('put', '/api/v1/workflows/resync').send(hook('second'))).status).toBe(200);
    expect(await b.services.triggers.resyncAll()).toEqual({ registered: ['resync'], removed: [] });
    expect(b.services.triggers.webhooks.match('POST', 'first').match).toBeUndefined();
    expect(b.services.triggers.webhooks.match('POST', 'second').match).toBeDefined();

    expect((await api('post', '/api/v1/workflows/resync/deactivate')).status).toBe(200);
    expect(await b.services.triggers.resyncAll()).toEqual({ registered: [], removed: ['resync'] });
    expect((await request(b.app).post('/webhook/second').send({})).status).toBe(404);
  });
});
