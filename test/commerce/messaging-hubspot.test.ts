import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hubspotCredential, hubspotUpsertContacts } from '../../nodes/commerce/hubspot/index.js';
import { createHttpClient } from '../../nodes/sdk/http.js';
import { testNode } from '../../nodes/testing/index.js';
import { startHubspotStandin, type HubspotStandin, type HubspotStandinOptions } from '../standins/hubspot.js';
import { sendJson } from '../standins/http-server.js';

const noSleep = async (): Promise<void> => {};

const PARAMS = {
  email: '{{ $json.customer?.email }}',
  properties: {
    firstname: '{{ $json.customer.firstName }}',
    lastname: '{{ $json.customer.lastName }}',
    lifecyclestage: 'customer',
    total_revenue: '{{ $json.revenue }}',
    favourite_skus: '{{ $json.skus }}',
    phone: '{{ $json.customer.phone }}',
  },
};

const customer = (email: string, firstName: string, extra: Record<string, unknown> = {}) => ({
  customer: { email, firstName, lastName: 'Muster' }, revenue: 120.5, skus: ['MUG-01', 'TEE-02'], ...extra,
});

describe('hubspot.upsertContacts against the HubSpot stand-in', () => {
  let hubspot: HubspotStandin;
  const start = async (options: HubspotStandinOptions = {}): Promise<void> => {
    hubspot = await startHubspotStandin({ properties: ['total_revenue', 'favourite_skus'], ...options });
  };
  beforeEach(() => start());
  afterEach(() => hubspot.close());

  const credentials = (token = hubspot.token) => ({ hubspot: { baseUrl: hubspot.url, accessToken: token } });

  it('upserts by e-mail with mapped properties, one input per distinct address, results per item', async () => {
    const result = await testNode(hubspotUpsertContacts, {
      params: PARAMS,
      items: [customer('Kim@Example.de', 'Kim'), customer('max@example.de', 'Max'), customer('kim@example.de', 'Kimberly')],
      credentials: credentials(),
    });
    expect(result.error).toBeUndefined();
    expect(hubspot.upsertBodies).toHaveLength(1);
    expect(hubspot.upsertBodies[0]?.inputs).toEqual([
      {
        idProperty: 'email', id: 'kim@example.de', objectWriteTraceId: '0',
        properties: { firstname: 'Kimberly', lastname: 'Muster', lifecyclestage: 'customer', total_revenue: '120.5', favourite_skus: 'MUG-01;TEE-02' },
      },
      {
        idProperty: 'email', id: 'max@example.de', objectWriteTraceId: '1',
        properties: { firstname: 'Max', lastname: 'Muster', lifecyclestage: 'customer', total_revenue: '120.5', favourite_skus: 'MUG-01;TEE-02' },
      },
    ]);
    const request = hubspot.http.requests.find((entry) => entry.method === 'POST');
    expect(request?.headers.authorization).toBe(`Bearer ${hubspot.token}`);
    expect(request?.headers['idempotency-key']).toBeUndefined();

    const kim = hubspot.contacts.get('kim@example.de');
    const max = hubspot.contacts.get('max@example.de');
    expect(kim?.properties.firstname).toBe('Kimberly');
    const main = result.outputs.main ?? [];
    expect(main.map((item) => item.hubspot)).toEqual([
      { email: 'kim@example.de', contactId: kim?.id, new: true },
      { email: 'max@example.de', contactId: max?.id, new: true },
      { email: 'kim@example.de', contactId: kim?.id, new: true },
    ]);
    expect(main[1]).toMatchObject({ customer: { firstName: 'Max' }, revenue: 120.5 });
    expect(result.outputs.failed).toEqual([]);
  });

  it('upserting the same contact twice keeps one contact and updates it', async () => {
    await testNode(hubspotUpsertContacts, { params: PARAMS, items: [customer('kim@example.de', 'Kim')], credentials: credentials() });
    const second = await testNode(hubspotUpsertContacts, {
      params: { email: '{{ $json.customer.email }}', properties: { firstname: 'Kimberly', lifecyclestage: 'evangelist' } },
      items: [customer('KIM@example.de', 'ignored')],
      credentials: credentials(),
    });
    expect(hubspot.contacts.size).toBe(1);
    const contact = hubspot.contacts.get('kim@example.de');
    expect(contact?.properties).toMatchObject({ firstname: 'Kimberly', lastname: 'Muster', lifecyclestage: 'evangelist' });
    expect(second.outputs.main?.[0]?.hubspot).toEqual({ email: 'kim@example.de', contactId: contact?.id, new: false });
  });

  it('sends 250 contacts in batches of 100, 100 and 50 (and of batchSize when smaller)', async () => {
    const items = Array.from({ length: 250 }, (_, index) => customer(`c${index}@example.de`, `C${index}`));
    const result = await testNode(hubspotUpsertContacts, { params: PARAMS, items, credentials: credentials() });
    expect(result.error).toBeUndefined();
    expect(hubspot.upsertBodies.map((body) => body.inputs.length)).toEqual([100, 100, 50]);
    expect(hubspot.contacts.size).toBe(250);
    expect(result.outputs.main).toHaveLength(250);
    expect(result.outputs.main?.[249]?.hubspot).toMatchObject({ email: 'c249@example.de', contactId: hubspot.contacts.get('c249@example.de')?.id });

    await testNode(hubspotUpsertContacts, { params: { ...PARAMS, batchSize: 40 }, items: items.slice(0, 90), credentials: credentials() });
    expect(hubspot.upsertBodies.slice(3).map((body) => body.inputs.length)).toEqual([40, 40, 10]);
  });

  it('surfaces 207 per-contact errors on the failed output and upserts the rest', async () => {
    const result = await testNode(hubspotUpsertContacts, {
      params: { email: '{{ $json.customer.email }}', properties: { firstname: '{{ $json.customer.firstName }}', shoe_size: '{{ $json.shoe }}' } },
      items: [customer('kim@example.de', 'Kim'), customer('not-an-email', 'Bad'), customer('max@example.de', 'Max', { shoe: 44 }), { customer: {} }],
      credentials: credentials(),
    });
    expect(result.status).toBe('success');
    expect(result.outputs.main?.map((item) => item.hubspot)).toEqual([
      { email: 'kim@example.de', contactId: hubspot.contacts.get('kim@example.de')?.id, new: true },
    ]);
    const failed = result.outputs.failed ?? [];
    expect(failed.map((item) => item.hubspot)).toEqual([
      {
        email: 'not-an-email',
        error: { code: 'HUBSPOT_INVALID_EMAIL', message: 'Property values were not valid: Email address not-an-email is invalid', category: 'VALIDATION_ERROR' },
      },
      {
        email: 'max@example.de',
        error: { code: 'HUBSPOT_PROPERTY_DOESNT_EXIST', message: 'Property values were not valid: Property "shoe_size" does not exist', category: 'VALIDATION_ERROR' },
      },
      { email: '', error: { code: 'HUBSPOT_EMAIL_MISSING', message: 'item 3 has no e-mail address (param "email")' } },
    ]);
    expect(hubspot.contacts.size).toBe(1);
    expect(hubspot.upsertBodies).toHaveLength(1);
  });

  it('narrows a batch HubSpot rejects with 400 down to the bad contact', async () => {
    await hubspot.close();
    await start({ rejectInvalidBatch: true });
    const items = Array.from({ length: 8 }, (_, index) => customer(index === 5 ? 'broken@@example' : `c${index}@example.de`, `C${index}`));
    const result = await testNode(hubspotUpsertContacts, { params: PARAMS, items, credentials: credentials() });
    expect(result.status).toBe('success');
    expect(result.outputs.main).toHaveLength(7);
    expect(result.outputs.failed?.map((item) => item.hubspot)).toEqual([{
      email: 'broken@@example',
      error: {
        code: 'HUBSPOT_INVALID_EMAIL', message: 'Property values were not valid: Email address broken@@example is invalid',
        category: 'VALIDATION_ERROR', httpStatus: 400,
      },
    }]);
    expect(hubspot.contacts.size).toBe(7);
    // 8 rejected → first 4 stored → last 4 rejected → [4, 5] rejected → [4] stored, [5] rejected → [6, 7] stored
    expect(hubspot.upsertBodies.map((body) => body.inputs.length)).toEqual([8, 4, 4, 2, 1, 1, 2]);
  });

  it('waits a 429 out (Retry-After) and completes; a long wait becomes RetryAfterError', async () => {
    hubspot.rateLimitNext(0);
    const waited = await testNode(hubspotUpsertContacts, { params: PARAMS, items: [customer('kim@example.de', 'Kim')], credentials: credentials() });
    expect(waited.error).toBeUndefined();
    expect(hubspot.upsertBodies).toHaveLength(2);
    expect(hubspot.contacts.size).toBe(1);

    hubspot.rateLimitNext(90);
    const parked = await testNode(hubspotUpsertContacts, { params: PARAMS, items: [customer('max@example.de', 'Max')], credentials: credentials() });
    expect(parked.error).toMatchObject({ code: 'HUBSPOT_RATE_LIMITED', retryable: true, retryAfterMs: 90_000, httpStatus: 429 });
    expect(parked.error?.message).toContain('SECONDLY');
  });

  it('fails the node on a wrong token without retrying', async () => {
    const result = await testNode(hubspotUpsertContacts, {
      params: PARAMS, items: [customer('kim@example.de', 'Kim')], credentials: credentials('pat-wrong'),
      retry: { maxAttempts: 3, initialDelayMs: 0 }, sleep: noSleep,
    });
    expect(result.error).toMatchObject({ code: 'HUBSPOT_INVALID_AUTHENTICATION', httpStatus: 401, retryable: false });
    expect(result.error?.message).toMatch(/correlationId [0-9a-f-]{36}/);
    expect(result.attempts).toBe(1);
  });

  it('retries a 500 that was applied: still one contact per e-mail', async () => {
    hubspot.failNext({ status: 500, apply: true });
    const result = await testNode(hubspotUpsertContacts, {
      params: PARAMS, items: [customer('kim@example.de', 'Kim'), customer('max@example.de', 'Max')], credentials: credentials(),
      retry: { maxAttempts: 3, initialDelayMs: 0 }, sleep: noSleep,
    });
    expect(result.error).toBeUndefined();
    expect(result.attempts).toBe(2);
    expect(hubspot.contacts.size).toBe(2);
    expect(result.outputs.main?.map((item) => item.hubspot)).toEqual([
      { email: 'kim@example.de', contactId: hubspot.contacts.get('kim@example.de')?.id, new: false },
      { email: 'max@example.de', contactId: hubspot.contacts.get('max@example.de')?.id, new: false },
    ]);
  });

  it('matches results without trace id or e-mail by position, and reports inputs HubSpot left out', async () => {
    hubspot.http.on('POST', '/crm/v3/objects/contacts/batch/upsert', (request, response) => {
      const body = request.json();
      const count = typeof body === 'object' && body !== null && 'inputs' in body && Array.isArray(body.inputs) ? body.inputs.length : 0;
      const results = count === 2 ? [{ id: '9', new: true }, { id: '10', new: false }] : [{ id: '11', new: true }];
      sendJson(response, 200, { status: 'COMPLETE', results });
    });
    const paired = await testNode(hubspotUpsertContacts, {
      params: PARAMS, items: [customer('a@example.de', 'A'), customer('b@example.de', 'B')], credentials: credentials(),
    });
    expect(paired.outputs.main?.map((item) => item.hubspot)).toEqual([
      { email: 'a@example.de', contactId: '9', new: true }, { email: 'b@example.de', contactId: '10', new: false },
    ]);
    const short = await testNode(hubspotUpsertContacts, {
      params: PARAMS, items: [customer('a@example.de', 'A'), customer('b@example.de', 'B'), customer('c@example.de', 'C')], credentials: credentials(),
    });
    expect(short.outputs.main).toEqual([]);
    expect(short.outputs.failed?.map((item) => (item.hubspot as { error: { code: string } }).error.code)).toEqual([
      'HUBSPOT_NO_RESULT', 'HUBSPOT_NO_RESULT', 'HUBSPOT_NO_RESULT',
    ]);
  });

  it('runs no request for no items (params are evaluated once with an empty $json, hence ?.)', async () => {
    const params = { email: '{{ $json.customer?.email }}', properties: { firstname: '{{ $json.customer?.firstName }}' } };
    const result = await testNode(hubspotUpsertContacts, { params, items: [], credentials: credentials() });
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('success');
    expect(hubspot.http.requests).toHaveLength(0);
  });

  it('credential test lists a contact with the bearer token', async () => {
    const http = createHttpClient({ signal: new AbortController().signal, idempotencyKey: 'k' });
    const signal = new AbortController().signal;
    await expect(hubspotCredential.test?.({ baseUrl: hubspot.url, sandbox: true, accessToken: hubspot.token }, { http, signal })).resolves.toBeUndefined();
    await expect(hubspotCredential.test?.({ baseUrl: hubspot.url, sandbox: true, accessToken: 'nope' }, { http, signal })).rejects.toThrow(/401/);
  });
});
