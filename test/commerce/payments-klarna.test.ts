import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../nodes/sdk/index.js';
import { testNode } from '../../nodes/testing/index.js';
import klarnaCapture from '../../nodes/commerce/klarna/capture/index.js';
import klarnaRefund from '../../nodes/commerce/klarna/refund/index.js';
import { klarnaIdempotencyKey } from '../../nodes/commerce/klarna/client.js';
import { klarnaBaseUrl, klarnaCredential, klarnaCredentialSchema } from '../../nodes/commerce/klarna/credentials.js';
import { formatMinorUnits, toMinorUnits } from '../../nodes/commerce/klarna/money.js';
import { startKlarnaStandin, type KlarnaStandin } from '../standins/klarna.js';

describe('money: major to minor units', () => {
  it('converts strings digit by digit and numbers without float error', () => {
    expect(toMinorUnits('19.99', 'EUR', 'amount')).toBe(1999);
    expect(toMinorUnits(19.99, 'EUR', 'amount')).toBe(1999); // 19.99 * 100 = 1998.9999999999998
    expect(toMinorUnits(0.1 + 0.2, 'EUR', 'amount')).toBe(30); // 0.30000000000000004
    expect(toMinorUnits(1.15, 'EUR', 'amount')).toBe(115); // 1.15 * 100 = 114.99999999999999
    expect(toMinorUnits('19.990', 'EUR', 'amount')).toBe(1999);
    expect(toMinorUnits('0.05', 'EUR', 'amount')).toBe(5);
    expect(toMinorUnits(500, 'JPY', 'amount')).toBe(500);
    expect(toMinorUnits('1.234', 'KWD', 'amount')).toBe(1234);
    let sum = 0;
    for (let i = 0; i < 10; i++) sum += 0.1; // 0.9999999999999999
    expect(toMinorUnits(sum, 'EUR', 'amount')).toBe(100);
  });

  it('is exact for every cent amount up to 1000.00 given as a number', () => {
    const wrong: number[] = [];
    for (let cents = 0; cents <= 100_000; cents++) if (toMinorUnits(cents / 100, 'EUR', 'amount') !== cents) wrong.push(cents);
    expect(wrong).toEqual([]);
  });

  it('refuses more decimals than the currency has, and negative or unsafe amounts', () => {
    expect(() => toMinorUnits('19.999', 'EUR', 'amount')).toThrow(expect.objectContaining({ code: 'AMOUNT_PRECISION', param: 'amount' }));
    expect(() => toMinorUnits(19.999, 'EUR', 'amount')).toThrow(expect.objectContaining({ code: 'AMOUNT_PRECISION' }));
    expect(() => toMinorUnits('500.5', 'JPY', 'amount')).toThrow(expect.objectContaining({ code: 'AMOUNT_PRECISION' }));
    expect(() => toMinorUnits(-1, 'EUR', 'amount')).toThrow(expect.objectContaining({ code: 'AMOUNT_INVALID' }));
    expect(() => toMinorUnits(1e20, 'EUR', 'amount')).toThrow(expect.objectContaining({ code: 'AMOUNT_INVALID' }));
  });

  it('formats minor units with the currency\'s digits', () => {
    expect(formatMinorUnits(1999, 'EUR')).toBe('19.99');
    expect(formatMinorUnits(5, 'EUR')).toBe('0.05');
    expect(formatMinorUnits(500, 'JPY')).toBe('500');
    expect(formatMinorUnits(1234, 'KWD')).toBe('1.234');
  });
});

describe('klarna credential', () => {
  it('picks the region\'s playground or production host, or the override', () => {
    expect(klarnaBaseUrl(klarnaCredentialSchema.parse({ username: 'u', password: 'p' }))).toBe('https://api.playground.klarna.com');
    expect(klarnaBaseUrl(klarnaCredentialSchema.parse({ username: 'u', password: 'p', sandbox: false, region: 'NA' }))).toBe('https://api-na.klarna.com');
    expect(klarnaBaseUrl(klarnaCredentialSchema.parse({ username: 'u', password: 'p', baseUrl: 'http://127.0.0.1:9/' }))).toBe('http://127.0.0.1:9');
  });
});

describe('klarna nodes against the stand-in', () => {
  let klarna: KlarnaStandin;
  beforeEach(async () => {
    klarna = await startKlarnaStandin();
  });
  afterEach(async () => {
    await klarna.close();
  });

  const credential = (): Record<string, unknown> => ({ sandbox: true, baseUrl: klarna.url, username: klarna.username, password: klarna.password });
  const posts = (suffix: string) => klarna.http.requests.filter((request) => request.method === 'POST' && request.path.endsWith(suffix));
  const run = (node: typeof klarnaCapture, params: Record<string, unknown>, executionId: string, extra: { retry?: { maxAttempts: number; initialDelayMs: number }; credentials?: Record<string, unknown> } = {}) =>
    testNode(node, {
      params, executionId, sleep: async () => undefined,
      credentials: { klarna: extra.credentials ?? credential() },
      ...(extra.retry !== undefined && { retry: extra.retry }),
    });

  it('captures 19.99 as 1999 minor units with Basic auth and a UUID idempotency key', async () => {
    const orderId = klarna.createOrder({ amount: 10_000 });
    const result = await run(klarnaCapture, { orderId, amount: 19.99, description: 'Versand 1', shippingCompany: 'DHL', trackingNumber: '00340434161094042557' }, 'exec-k1');
    expect(result.status, JSON.stringify(result.error)).toBe('success');
    const [sent] = posts('/captures');
    expect(sent?.json()).toEqual({
      captured_amount: 1999,
      description: 'Versand 1',
      shipping_info: [{ tracking_number: '00340434161094042557', shipping_company: 'DHL' }],
    });
    expect(sent?.headers.authorization).toBe(`Basic ${Buffer.from(`${klarna.username}:${klarna.password}`).toString('base64')}`);
    const key = sent?.headers['klarna-idempotency-key'];
    expect(key).toBe(klarnaIdempotencyKey('exec-k1:node:0'));
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const order = klarna.orders.get(orderId);
    expect(result.outputs.main?.[0]).toEqual({
      orderId, captureId: order?.captures[0]?.capture_id, capturedAmount: 1999, amount: '19.99', currency: 'EUR',
      location: `${klarna.url}/ordermanagement/v1/orders/${orderId}/captures/${order?.captures[0]?.capture_id}`,
    });
    expect(order).toMatchObject({ status: 'PART_CAPTURED', captured_amount: 1999 });
  });

  it('sends expression sums like 0.1 + 0.2 as exact minor units', async () => {
    const orderId = klarna.createOrder({ amount: 100 });
    const result = await run(klarnaCapture, { orderId, amount: '{{ 0.1 + 0.2 }}' }, 'exec-sum');
    expect(result.status).toBe('success');
    expect(posts('/captures')[0]?.json()).toEqual({ captured_amount: 30 });
  });

  it('captures once for the same idempotency key, and refuses to capture beyond the authorization', async () => {
    const orderId = klarna.createOrder({ amount: 10_000 });
    const first = await run(klarnaCapture, { orderId, amount: '50.00' }, 'exec-same');
    const replay = await run(klarnaCapture, { orderId, amount: '50.00' }, 'exec-same');
    expect(replay.outputs.main?.[0]?.captureId).toBe(first.outputs.main?.[0]?.captureId);
    expect(klarna.stats.captures).toBe(1);
    expect(posts('/captures')).toHaveLength(2);

    await run(klarnaCapture, { orderId, amount: '50.00' }, 'exec-second-half');
    expect(klarna.orders.get(orderId)).toMatchObject({ status: 'CAPTURED', captured_amount: 10_000 });
    const beyond = await run(klarnaCapture, { orderId, amount: '0.01' }, 'exec-beyond');
    expect(beyond.error).toMatchObject({ code: 'KLARNA_CAPTURE_NOT_ALLOWED', httpStatus: 403, retryable: false });
    expect(beyond.error?.message).toMatch(/remaining authorized amount \(0\).*correlation_id/);
  });

  it('refunds in minor units, once per key, never more than captured', async () => {
    const orderId = klarna.createOrder({ amount: 5000 });
    await run(klarnaCapture, { orderId, amount: 50 }, 'cap');
    const part = await run(klarnaRefund, { orderId, amount: '19.99', reference: 'RMA-7' }, 'ref-1');
    expect(part.status, JSON.stringify(part.error)).toBe('success');
    expect(posts('/refunds')[0]?.json()).toEqual({ refunded_amount: 1999, reference: 'RMA-7' });
    expect(part.outputs.main?.[0]).toMatchObject({ refundId: klarna.orders.get(orderId)?.refunds[0]?.refund_id, refundedAmount: 1999, amount: '19.99' });
    await run(klarnaRefund, { orderId, amount: '19.99', reference: 'RMA-7' }, 'ref-1');
    expect(klarna.stats.refunds).toBe(1);
    const tooMuch = await run(klarnaRefund, { orderId, amount: '30.02' }, 'ref-2');
    expect(tooMuch.error).toMatchObject({ code: 'KLARNA_REFUND_NOT_ALLOWED', httpStatus: 403 });
    const rest = await run(klarnaRefund, { orderId, amount: '30.01' }, 'ref-3');
    expect(rest.status).toBe('success');
    expect(klarna.orders.get(orderId)?.refunded_amount).toBe(5000);
  });

  it('maps 401, 404 and 400 to coded errors naming the param, and checks precision before sending', async () => {
    const orderId = klarna.createOrder({ amount: 1000 });
    const auth = await run(klarnaCapture, { orderId, amount: 1 }, 'e1', { credentials: { ...credential(), password: 'wrong' } });
    expect(auth.error).toMatchObject({ code: 'KLARNA_AUTH_FAILED', httpStatus: 401 });
    const missing = await run(klarnaCapture, { orderId: 'no-such-order', amount: 1 }, 'e2');
    expect(missing.error).toMatchObject({ code: 'KLARNA_NOT_FOUND', param: 'orderId', httpStatus: 404 });
    const zero = await run(klarnaCapture, { orderId, amount: '0.00' }, 'e3');
    expect(zero.error).toMatchObject({ code: 'KLARNA_BAD_VALUE', param: 'amount', httpStatus: 400 });
    expect(zero.error?.message).toContain('Bad value: captured_amount');
    const sent = posts('/captures').length;
    const precise = await run(klarnaCapture, { orderId, amount: '9.999' }, 'e4');
    expect(precise.error).toMatchObject({ code: 'AMOUNT_PRECISION', param: 'amount' });
    expect(posts('/captures')).toHaveLength(sent);
  });

  it('429 waits Retry-After and 5xx retries; the retry reuses the key and captures once', async () => {
    const orderId = klarna.createOrder({ amount: 1000 });
    klarna.failNext('capture', { status: 429, headers: { 'Retry-After': '3' } });
    const limited = await run(klarnaCapture, { orderId, amount: 1 }, 'rl');
    expect(limited.error).toMatchObject({ code: 'KLARNA_RATE_LIMITED', retryable: true, retryAfterMs: 3000 });

    klarna.failNext('capture', { status: 429, headers: { 'Retry-After': '1' } });
    klarna.failNext('capture', { status: 503 });
    const retried = await run(klarnaCapture, { orderId, amount: 1 }, 'rl-2', { retry: { maxAttempts: 4, initialDelayMs: 0 } });
    expect(retried.status, JSON.stringify(retried.error)).toBe('success');
    expect(retried.attempts).toBe(3);
    const keys = new Set(posts('/captures').slice(1).map((request) => request.headers['klarna-idempotency-key']));
    expect(keys).toEqual(new Set([klarnaIdempotencyKey('rl-2:node:0')]));
    expect(klarna.stats.captures).toBe(1);
  });

  it('credential test: accepted credentials pass, wrong ones fail with KLARNA_AUTH_FAILED', async () => {
    const tools = { http: createHttpClient({ signal: new AbortController().signal, idempotencyKey: 'test' }), signal: new AbortController().signal };
    const good = klarnaCredentialSchema.parse(credential());
    await expect(klarnaCredential.test?.(good, tools)).resolves.toBeUndefined();
    await expect(klarnaCredential.test?.({ ...good, password: 'nope' }, tools)).rejects.toMatchObject({ code: 'KLARNA_AUTH_FAILED' });
  });
});
