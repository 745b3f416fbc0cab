import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, createHarness, type Harness } from './harness.js';

/** Switching a workflow on checks the credentials its nodes name (an imported example names placeholders). */

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.close());

const post = (url: string, body?: object) => request(h.app).post(`/api/v1${url}`).set('X-API-Key', API_KEY).send(body);

function mailFlow(id: string, credentials: Record<string, string> | undefined, disabled = false): object {
  return {
    id,
    nodes: [
      { id: 'hook', type: 'webhook', params: { path: id, method: 'POST' } },
      {
        id: 'mail', name: 'Kunde benachrichtigen', type: 'email', disabled,
        params: { to: 'a@example.test', subject: 'Hallo', text: 'x' },
        ...(credentials !== undefined && { credentials }),
      },
    ],
    connections: [{ from: 'hook', to: 'mail' }],
  };
}

describe('activation checks credentials', () => {
  it('refuses a placeholder, a missing and a wrongly typed credential with 400 naming the node and slot', async () => {
    expect((await post('/workflows', mailFlow('placeholder', { smtp: 'smtp' }))).status).toBe(201);
    const placeholder = await post('/workflows/placeholder/activate');
    expect(placeholder.status).toBe(400);
    expect(placeholder.body.error.code).toBe('CREDENTIALS_MISSING');
    expect(placeholder.body.error.details).toEqual([
      { path: 'nodes.mail.credentials.smtp', message: 'node "Kunde benachrichtigen": credential "smtp" does not exist (pick one of type smtp)' },
    ]);

    expect((await post('/workflows', mailFlow('none', undefined))).status).toBe(201);
    const none = await post('/workflows/none/activate');
    expect(none.status).toBe(400);
    expect(none.body.error.details[0]).toEqual({ path: 'nodes.mail.credentials.smtp', message: 'node "Kunde benachrichtigen" needs a credential of type smtp' });

    const header = await post('/credentials', { name: 'Shop token', type: 'httpHeader', data: { name: 'X-Token', value: 'secret-value-1' } });
    expect(header.status, JSON.stringify(header.body)).toBe(201);
    expect((await post('/workflows', mailFlow('wrong-type', { smtp: header.body.id }))).status).toBe(201);
    const wrong = await post('/workflows/wrong-type/activate');
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0].message).toBe('node "Kunde benachrichtigen": credential "Shop token" is of type httpHeader, the node needs smtp');
    expect((await request(h.app).get('/api/v1/workflows/wrong-type').set('X-API-Key', API_KEY)).body.active).toBe(false);
  });

  it('switches on once the credential exists, and ignores disabled nodes', async () => {
    const smtp = await post('/credentials', { name: 'Shop SMTP', type: 'smtp', data: { host: '127.0.0.1', port: 2525, from: 'shop@example.test' } });
    expect(smtp.status).toBe(201);
    expect((await post('/workflows', mailFlow('ready', { smtp: smtp.body.id }))).status).toBe(201);
    expect((await post('/workflows/ready/activate')).status).toBe(200);
    expect((await post('/workflows', mailFlow('disabled-node', { smtp: 'smtp' }, true))).status).toBe(201);
    expect((await post('/workflows/disabled-node/activate')).status).toBe(200);
  });
});
