import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpClient, parseRetryAfter } from './http.js';
import { FlowError, HttpError } from './errors.js';
import { sendBody, sendJson, startHttpStandin, type HttpStandin } from '../../test/standins/index.js';

let server: HttpStandin;

beforeAll(async () => {
  server = await startHttpStandin();
  server
    .on('*', '/echo', (request, response) => {
      sendJson(response, 200, {
        method: request.method,
        query: request.query,
        contentType: request.headers['content-type'] ?? null,
        body: request.text(),
      });
    })
    .on('GET', '/text', (_request, response) => sendBody(response, 200, 'plain OK', { 'content-type': 'text/plain' }))
    .on('GET', '/empty', (_request, response) => sendBody(response, 204, ''))
    .on('GET', '/bytes', (_request, response) => sendBody(response, 200, new Uint8Array([0, 1, 2, 254, 255])))
    .on('GET', '/status/:code', (request, response) => {
      const code = Number(request.params.code);
      const headers: Record<string, string> = request.query.retryAfter === undefined ? {} : { 'retry-after': request.query.retryAfter };
      sendJson(response, code, { error: `failed with ${code}` }, headers);
    })
    .on('GET', '/hang', () => {
      // Never answers: the client's timeout or abort must end the call.
    });
});

afterAll(() => server.close());
beforeEach(() => server.clear());

function client(key = 'exec-1:http:0', signal = new AbortController().signal) {
  return createHttpClient({ signal, idempotencyKey: key });
}

async function failureOf(promise: Promise<unknown>): Promise<FlowError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FlowError) return error;
    throw new Error(`expected a FlowError, got ${String(error)}`);
  }
  throw new Error('expected the request to fail');
}

describe('createHttpClient: requests', () => {
  it('sends method, query and headers, and parses a JSON answer', async () => {
    const response = await client().request({
      method: 'DELETE', url: `${server.url}/echo?x=1`, query: { page: 2, flag: true, skip: undefined }, headers: { 'X-Shop': 'a' },
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.body).toEqual({ method: 'DELETE', query: { x: '1', page: '2', flag: 'true' }, contentType: null, body: '' });
    expect(server.requests[0]?.headers['x-shop']).toBe('a');
  });

  it('serialises json, form and text bodies with matching content types', async () => {
    const http = client();
    const json = await http.request({ method: 'POST', url: `${server.url}/echo`, body: { a: 1, b: [1, 2] } });
    expect(json.body).toMatchObject({ contentType: 'application/json', body: '{"a":1,"b":[1,2]}' });

    const form = await http.request({ method: 'PUT', url: `${server.url}/echo`, bodyType: 'form', body: { a: 'x y', tag: ['p', 'q'], n: 3, o: { k: 1 } } });
    expect(form.body).toMatchObject({ contentType: 'application/x-www-form-urlencoded', body: 'a=x+y&tag=p&tag=q&n=3&o=%7B%22k%22%3A1%7D' });

    const text = await http.request({ method: 'PATCH', url: `${server.url}/echo`, bodyType: 'text', body: 42 });
    expect(text.body).toMatchObject({ contentType: 'text/plain;charset=utf-8', body: '42' });
  });

  it('sends strings and bytes as they are, keeping a caller content type', async () => {
    const http = client();
    const raw = await http.request({ method: 'POST', url: `${server.url}/echo`, body: '<x/>', headers: { 'Content-Type': 'application/xml' } });
    expect(raw.body).toMatchObject({ contentType: 'application/xml', body: '<x/>' });

    const jsonString = await http.request({ method: 'POST', url: `${server.url}/echo`, body: '{"pre":"made"}', bodyType: 'json' });
    expect(jsonString.body).toMatchObject({ contentType: 'application/json', body: '{"pre":"made"}' });

    await http.request({ method: 'POST', url: `${server.url}/echo`, body: new Uint8Array([104, 105]) });
    expect(server.requests.at(-1)?.headers['content-type']).toBe('application/octet-stream');
    expect([...(server.requests.at(-1)?.body ?? [])]).toEqual([104, 105]);
  });

  it('rejects a body on GET and a URL that is not http(s)', async () => {
    expect((await failureOf(client().request({ url: `${server.url}/echo`, body: { a: 1 } }))).code).toBe('HTTP_INVALID_REQUEST');
    expect((await failureOf(client().request({ url: 'ftp://127.0.0.1/x' }))).code).toBe('HTTP_INVALID_URL');
    expect((await failureOf(client().request({ url: 'not a url' }))).code).toBe('HTTP_INVALID_URL');
    expect(server.requests).toHaveLength(0);
  });
});

describe('createHttpClient: response types', () => {
  it('falls back to text when a json answer is not JSON, and gives null for an empty body', async () => {
    expect((await client().request({ url: `${server.url}/text` })).body).toBe('plain OK');
    expect((await client().request({ url: `${server.url}/empty` })).body).toBeNull();
  });

  it('returns text and binary bodies', async () => {
    expect((await client().request({ url: `${server.url}/echo`, responseType: 'text' })).body).toContain('"method":"GET"');
    const binary = await client().request({ url: `${server.url}/bytes`, responseType: 'binary' });
    expect(binary.body).toBeInstanceOf(Uint8Array);
    expect([...(binary.body instanceof Uint8Array ? binary.body : [])]).toEqual([0, 1, 2, 254, 255]);
  });
});

describe('createHttpClient: errors', () => {
  it('throws a non-retryable HttpError with a body excerpt on 4xx', async () => {
    const error = await failureOf(client().request({ url: `${server.url}/status/404` }));
    expect(error).toBeInstanceOf(HttpError);
    expect(error.httpStatus).toBe(404);
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('failed with 404');
  });

  it('makes 5xx and 429 retryable and carries Retry-After', async () => {
    const fiveHundred = await failureOf(client().request({ url: `${server.url}/status/503` }));
    expect(fiveHundred).toMatchObject({ httpStatus: 503, retryable: true, retryAfterMs: undefined });
    const tooMany = await failureOf(client().request({ url: `${server.url}/status/429?retryAfter=7` }));
    expect(tooMany).toMatchObject({ code: 'HTTP_ERROR', httpStatus: 429, retryable: true, retryAfterMs: 7000 });
  });

  it('returns a non-2xx answer when throwOnError is false', async () => {
    const response = await client().request({ url: `${server.url}/status/418`, throwOnError: false });
    expect(response.status).toBe(418);
    expect(response.body).toEqual({ error: 'failed with 418' });
  });

  it('turns a timeout into a retryable TIMEOUT', async () => {
    const error = await failureOf(client().request({ url: `${server.url}/hang`, timeoutMs: 50 }));
    expect(error).toMatchObject({ code: 'TIMEOUT', retryable: true });
  });

  it('turns the run being aborted into a non-retryable CANCELLED', async () => {
    const controller = new AbortController();
    const pending = client('k', controller.signal).request({ url: `${server.url}/hang`, retries: 3 });
    for (let poll = 0; poll < 400 && server.requests.length === 0; poll++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(server.requests).toHaveLength(1);
    controller.abort();
    expect(await failureOf(pending)).toMatchObject({ code: 'CANCELLED', retryable: false });
  });

  it('turns a refused connection into a retryable NETWORK_ERROR', async () => {
    const closed = await startHttpStandin();
    await closed.close();
    const error = await failureOf(client().request({ url: `${closed.url}/x` }));
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', retryable: true });
    expect(error.message).toContain('ECONNREFUSED');
  });
});

describe('createHttpClient: idempotency and in-call retries', () => {
  it('sends the run key as Idempotency-Key, a named header, an override, or none', async () => {
    await client('exec-9:n:3').request({ url: `${server.url}/echo` });
    await client('exec-9:n:3').request({ url: `${server.url}/echo`, idempotencyHeader: 'X-Request-Id' });
    await client('exec-9:n:3').request({ url: `${server.url}/echo`, idempotencyKey: 'custom' });
    await client('exec-9:n:3').request({ url: `${server.url}/echo`, idempotencyHeader: false });
    await client('exec-9:n:3').request({ url: `${server.url}/echo`, headers: { 'idempotency-key': 'mine' } });
    const [plain, named, overridden, none, callerSet] = server.requests;
    expect(plain?.headers['idempotency-key']).toBe('exec-9:n:3');
    expect(named?.headers['x-request-id']).toBe('exec-9:n:3');
    expect(named?.headers['idempotency-key']).toBeUndefined();
    expect(overridden?.headers['idempotency-key']).toBe('custom');
    expect(none?.headers['idempotency-key']).toBeUndefined();
    expect(callerSet?.headers['idempotency-key']).toBe('mine');
  });

  it('retries 429/5xx inside the call with the same key and returns the first success', async () => {
    const flaky = await startHttpStandin();
    let calls = 0;
    flaky.on('POST', '/charge', (_request, response) => {
      calls++;
      if (calls === 1) sendJson(response, 429, { error: 'slow down' }, { 'retry-after': '0' });
      else if (calls === 2) sendJson(response, 502, { error: 'bad gateway' }, { 'retry-after': '0' });
      else sendJson(response, 201, { charged: true });
    });
    try {
      const response = await client('exec-2:charge:0').request({ method: 'POST', url: `${flaky.url}/charge`, body: { amount: 5 }, retries: 3 });
      expect(response).toMatchObject({ status: 201, body: { charged: true } });
      expect(flaky.requests.map((request) => request.headers['idempotency-key'])).toEqual(Array(3).fill('exec-2:charge:0'));
      expect(flaky.requests.map((request) => request.text())).toEqual(Array(3).fill('{"amount":5}'));
    } finally {
      await flaky.close();
    }
  });

  it('stops after the allowed retries and never retries a 4xx', async () => {
    await failureOf(client().request({ url: `${server.url}/status/500?retryAfter=0`, retries: 2 }));
    expect(server.requests).toHaveLength(3);
    server.clear();
    await failureOf(client().request({ url: `${server.url}/status/400`, retries: 2 }));
    expect(server.requests).toHaveLength(1);
  });

  it('leaves a long Retry-After to the node retry policy instead of sleeping', async () => {
    const error = await failureOf(client().request({ url: `${server.url}/status/429?retryAfter=3600`, retries: 5 }));
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(server.requests).toHaveLength(1);
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates, and ignores junk', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
