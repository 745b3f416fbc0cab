import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import httpRequest from './index.js';
import { fileNameFromDisposition } from './file-name.js';
import { testNode } from '../testing/index.js';
import { sendBody, sendJson, startHttpStandin, type HttpStandin } from '../../test/standins/index.js';

const PDF = Buffer.from('%PDF-1.4\n\u0000\u00ff binary label\n%%EOF', 'latin1');
let server: HttpStandin;
let flakyCalls = 0;

beforeAll(async () => {
  server = await startHttpStandin();
  server
    .on('*', '/echo', (request, response) => {
      sendJson(response, 200, {
        method: request.method,
        query: request.query,
        contentType: request.headers['content-type'] ?? null,
        authorization: request.headers.authorization ?? null,
        apiKey: request.headers['x-api-key'] ?? null,
        body: request.text(),
      });
    })
    .on('GET', '/orders', (_request, response) => sendJson(response, 200, [{ id: 1 }, { id: 2 }]))
    .on('GET', '/text', (_request, response) => sendBody(response, 200, 'pong', { 'content-type': 'text/plain' }))
    .on('GET', '/label', (_request, response) => sendBody(response, 200, PDF, {
      'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="label-4711.pdf"',
    }))
    .on('GET', '/status/:code', (request, response) => {
      sendJson(response, Number(request.params.code), { message: `no luck (${request.params.code})` });
    })
    .on('POST', '/flaky', (_request, response) => {
      flakyCalls++;
      if (flakyCalls === 1) sendJson(response, 429, { message: 'rate limited' }, { 'retry-after': '3' });
      else if (flakyCalls === 2) sendJson(response, 503, { message: 'unavailable' });
      else sendJson(response, 200, { ok: true, call: flakyCalls });
    })
    .on('GET', '/hang', () => {
      // Never answers.
    });
});

afterAll(() => server.close());
beforeEach(() => {
  server.clear();
  flakyCalls = 0;
});

const noSleep = async (): Promise<void> => {};

describe('httpRequest: requests and bodies', () => {
  it('GETs with query params and outputs a JSON object body as the item', async () => {
    const result = await testNode(httpRequest, {
      params: { url: `${server.url}/echo`, query: { sku: '{{ $json.sku }}', page: 2 }, body: '' },
      items: [{ sku: 'A-1' }],
    });
    expect(result.status).toBe('success');
    expect(result.outputs.main).toEqual([
      { method: 'GET', query: { sku: 'A-1', page: '2' }, contentType: null, authorization: null, apiKey: null, body: '' },
    ]);
  });

  it('sends the item as a JSON body from an expression', async () => {
    const result = await testNode(httpRequest, {
      params: { method: 'POST', url: `${server.url}/echo`, body: '{{ $json }}' },
      items: [{ orderId: 'o-1', total: 12.5 }],
    });
    expect(result.outputs.main?.[0]).toMatchObject({ contentType: 'application/json', body: '{"orderId":"o-1","total":12.5}' });
  });

  it('sends form and text bodies', async () => {
    const form = await testNode(httpRequest, {
      params: { method: 'POST', url: `${server.url}/echo`, bodyType: 'form', body: { sku: 'A 1', qty: '{{ $json.qty }}' } },
      items: [{ qty: 3 }],
    });
    expect(form.outputs.main?.[0]).toMatchObject({ contentType: 'application/x-www-form-urlencoded', body: 'sku=A+1&qty=3' });

    const text = await testNode(httpRequest, {
      params: { method: 'PUT', url: `${server.url}/echo`, bodyType: 'text', body: 'stock={{ $json.qty }}' },
      items: [{ qty: 7 }],
    });
    expect(text.outputs.main?.[0]).toMatchObject({ method: 'PUT', contentType: 'text/plain;charset=utf-8', body: 'stock=7' });
  });

  it('makes one request per item with a stable per-item Idempotency-Key', async () => {
    const result = await testNode(httpRequest, {
      params: { method: 'POST', url: `${server.url}/echo`, body: '{{ $json }}' },
      items: [{ n: 1 }, { n: 2 }],
      executionId: 'exec-42',
      nodeId: 'notify',
    });
    expect(result.outputs.main).toHaveLength(2);
    expect(server.requests.map((request) => request.headers['idempotency-key'])).toEqual(['exec-42:notify:0', 'exec-42:notify:1']);
  });

  it('sends no Idempotency-Key when switched off', async () => {
    await testNode(httpRequest, { params: { url: `${server.url}/echo`, sendIdempotencyKey: false } });
    expect(server.requests[0]?.headers['idempotency-key']).toBeUndefined();
  });
});

describe('httpRequest: responses', () => {
  it('wraps a non-object JSON body as { body }', async () => {
    const result = await testNode(httpRequest, { params: { url: `${server.url}/orders` } });
    expect(result.outputs.main).toEqual([{ body: [{ id: 1 }, { id: 2 }] }]);
  });

  it('outputs text as { body }', async () => {
    const result = await testNode(httpRequest, { params: { url: `${server.url}/text`, responseType: 'text' } });
    expect(result.outputs.main).toEqual([{ body: 'pong' }]);
  });

  it('outputs { status, headers, body } with fullResponse', async () => {
    const result = await testNode(httpRequest, { params: { url: `${server.url}/orders`, fullResponse: true } });
    const json = result.outputs.main?.[0];
    expect(json).toMatchObject({ status: 200, body: [{ id: 1 }, { id: 2 }] });
    expect(json?.headers).toMatchObject({ 'content-type': 'application/json' });
  });

  it('stores a binary answer as binary `data` with mime type and file name', async () => {
    const result = await testNode(httpRequest, { params: { url: `${server.url}/label`, responseType: 'binary' } });
    const item = result.items.main?.[0];
    expect(item?.json).toEqual({ fileName: 'label-4711.pdf', mimeType: 'application/pdf', fileSize: PDF.byteLength });
    expect(item?.binary?.data).toMatchObject({ mimeType: 'application/pdf', fileName: 'label-4711.pdf', fileSize: PDF.byteLength });
    expect(Buffer.from(item?.binary?.data?.data ?? '', 'base64').equals(PDF)).toBe(true);
  });
});

describe('httpRequest: credentials', () => {
  it('applies basic, bearer and header credentials', async () => {
    const basic = await testNode(httpRequest, {
      params: { url: `${server.url}/echo` }, credentials: { basicAuth: { user: 'shop', password: 's3cret' } },
    });
    expect(basic.outputs.main?.[0]?.authorization).toBe(`Basic ${Buffer.from('shop:s3cret').toString('base64')}`);

    const bearer = await testNode(httpRequest, { params: { url: `${server.url}/echo` }, credentials: { bearerAuth: { token: 'tok-1' } } });
    expect(bearer.outputs.main?.[0]?.authorization).toBe('Bearer tok-1');

    const header = await testNode(httpRequest, {
      params: { url: `${server.url}/echo`, headers: { 'x-api-key': 'from-params' } },
      credentials: { headerAuth: { name: 'X-API-Key', value: 'from-credential' } },
    });
    expect(header.outputs.main?.[0]?.apiKey).toBe('from-credential');
  });

  it('rejects credential data that does not fit the type', async () => {
    const result = await testNode(httpRequest, { params: { url: `${server.url}/echo` }, credentials: { bearerAuth: { token: '' } } });
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'CREDENTIAL_INVALID', retryable: false });
    expect(server.requests).toHaveLength(0);
  });
});

describe('httpRequest: failures', () => {
  it('fails a 4xx with status and body excerpt, without retrying', async () => {
    const result = await testNode(httpRequest, {
      params: { url: `${server.url}/status/404` }, retry: { maxAttempts: 3 }, sleep: noSleep,
    });
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'HTTP_ERROR', httpStatus: 404, retryable: false });
    expect(result.error?.message).toContain('no luck (404)');
    expect(result.attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
  });

  it('retries 429 (honouring Retry-After) and 5xx with the same Idempotency-Key until success', async () => {
    const slept: number[] = [];
    const result = await testNode(httpRequest, {
      params: { method: 'POST', url: `${server.url}/flaky`, body: { amount: 5 } },
      retry: { maxAttempts: 4, initialDelayMs: 10, jitter: 0 },
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    expect(result.status).toBe('success');
    expect(result.outputs.main).toEqual([{ ok: true, call: 3 }]);
    expect(result.attempts).toBe(3);
    expect(slept[0]).toBe(3000);
    const keys = server.requests.map((request) => request.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
  });

  it('gives up on a persistent 5xx after maxAttempts', async () => {
    const result = await testNode(httpRequest, {
      params: { url: `${server.url}/status/502` }, retry: { maxAttempts: 2, initialDelayMs: 1 }, sleep: noSleep,
    });
    expect(result.error).toMatchObject({ httpStatus: 502, retryable: true });
    expect(server.requests).toHaveLength(2);
  });

  it('fails with TIMEOUT when the server does not answer in time', async () => {
    const result = await testNode(httpRequest, { params: { url: `${server.url}/hang`, timeoutMs: 50 } });
    expect(result.error).toMatchObject({ code: 'TIMEOUT', retryable: true });
  });

  it('passes the error on with onError continue', async () => {
    const result = await testNode(httpRequest, { params: { url: `${server.url}/status/500` }, onError: 'continue' });
    expect(result.status).toBe('success');
    expect(result.outputs.main?.[0]?.error).toMatchObject({ code: 'HTTP_ERROR' });
  });
});

describe('fileNameFromDisposition', () => {
  it('reads plain, quoted and RFC 5987 names and strips paths', () => {
    expect(fileNameFromDisposition('attachment; filename=a.pdf')).toBe('a.pdf');
    expect(fileNameFromDisposition('attachment; filename="my \\"label\\".pdf"')).toBe('my "label".pdf');
    expect(fileNameFromDisposition("attachment; filename=\"x.pdf\"; filename*=UTF-8''Lieferschein%20M%C3%BCller.pdf")).toBe('Lieferschein Müller.pdf');
    expect(fileNameFromDisposition('attachment; filename="../../etc/passwd"')).toBe('passwd');
    expect(fileNameFromDisposition('inline')).toBeUndefined();
    expect(fileNameFromDisposition(undefined)).toBeUndefined();
  });
});
