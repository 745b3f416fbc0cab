import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testNode } from '../../nodes/testing/index.js';
import paypalCapture from '../../nodes/commerce/paypal/capture/index.js';
import paypalRefund from '../../nodes/commerce/paypal/refund/index.js';
import { startPaypalStandin, type PaypalStandin } from '../standins/paypal.js';

let paypal: PaypalStandin;
let clock: number;

beforeEach(async () => {
  clock = Date.parse('2026-11-28T10:00:00Z');
  paypal = await startPaypalStandin({ tokenLifetimeSeconds: 3600, now: () => clock });
});
afterEach(async () => {
  await paypal.close();
});

const credential = (): Record<string, unknown> => ({ sandbox: true, baseUrl: paypal.url, clientId: paypal.clientId, clientSecret: paypal.clientSecret });
const requestsTo = (suffix: string) => paypal.http.requests.filter((request) => request.method === 'POST' && request.path.endsWith(suffix));
const noSleep = { sleep: async () => undefined };

function capture(orderId: string, options: { executionId?: string; retry?: { maxAttempts: number; initialDelayMs: number }; credentials?: Record<string, unknown> } = {}) {
  return testNode(paypalCapture, {
    params: { orderId },
    credentials: { paypal: options.credentials ?? credential() },
    now: () => clock,
    ...noSleep,
    ...(options.executionId !== undefined && { executionId: options.executionId }),
    ...(options.retry !== undefined && { retry: options.retry }),
  });
}

function refund(params: Record<string, unknown>, executionId: string) {
  return testNode(paypalRefund, { params, credentials: { paypal: credential() }, now: () => clock, executionId, ...noSleep });
}

describe('paypal.capture', () => {
  it('captures an approved order with a bearer token and PayPal-Request-Id = the idempotency key', async () => {
    const orderId = paypal.createOrder({ amount: '100.00', currency: 'EUR', referenceId: 'ORDER-1001' });
    const result = await capture(orderId, { executionId: 'exec-1' });
    expect(result.status, JSON.stringify(result.error)).toBe('success');
    const out = result.outputs.main?.[0];
    expect(out).toMatchObject({ orderId, status: 'COMPLETED', captureStatus: 'COMPLETED', amount: { currency_code: 'EUR', value: '100.00' }, replayed: false });
    expect(out?.captureId).toBe(paypal.orders.get(orderId)?.captureId);
    const [sent] = requestsTo('/capture');
    expect(sent?.headers['paypal-request-id']).toBe('exec-1:node:0');
    expect(sent?.headers.authorization).toMatch(/^Bearer A21AA/);
    expect(sent?.headers.prefer).toBe('return=representation');
    const [tokenCall] = requestsTo('/v1/oauth2/token');
    expect(tokenCall?.headers.authorization).toBe(`Basic ${Buffer.from(`${paypal.clientId}:${paypal.clientSecret}`).toString('base64')}`);
    expect(tokenCall?.text()).toBe('grant_type=client_credentials');
    expect(paypal.stats.captures).toBe(1);
  });

  it('replays with the same key: PayPal answers the first capture again (200) and captures once', async () => {
    const orderId = paypal.createOrder({ amount: '49.90' });
    const first = await capture(orderId, { executionId: 'exec-replay' });
    const second = await capture(orderId, { executionId: 'exec-replay' });
    expect(second.status).toBe('success');
    expect(second.outputs.main?.[0]).toMatchObject({ replayed: true, captureId: first.outputs.main?.[0]?.captureId });
    expect(requestsTo('/capture')).toHaveLength(2);
    expect(paypal.stats.captures).toBe(1);
  });

  it('fails with PAYPAL_ORDER_ALREADY_CAPTURED when another run captured the order', async () => {
    const orderId = paypal.createOrder({ amount: '10.00' });
    await capture(orderId, { executionId: 'exec-a' });
    const again = await capture(orderId, { executionId: 'exec-b' });
    expect(again.status).toBe('failed');
    expect(again.error).toMatchObject({ code: 'PAYPAL_ORDER_ALREADY_CAPTURED', httpStatus: 422, retryable: false });
    expect(again.error?.message).toMatch(/UNPROCESSABLE_ENTITY – ORDER_ALREADY_CAPTURED: Order already captured.*debug_id/);
    expect(paypal.stats.captures).toBe(1);
  });

  it('sends keys longer than PayPal\'s 108 characters as their SHA-256, the same on every try', async () => {
    const nodeId = `capture-${'x'.repeat(120)}`;
    const orderId = paypal.createOrder({ amount: '1.00' });
    const run = () => testNode(paypalCapture, { params: { orderId }, credentials: { paypal: credential() }, nodeId, executionId: 'long', now: () => clock });
    await run();
    const replay = await run();
    const ids = requestsTo('/capture').map((request) => request.headers['paypal-request-id']);
    expect(ids[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(ids[1]).toBe(ids[0]);
    expect(replay.outputs.main?.[0]?.replayed).toBe(true);
    expect(paypal.stats.captures).toBe(1);
  });

  it('names the order param for unknown and unapproved orders', async () => {
    const missing = await capture('NOSUCHORDER12345');
    expect(missing.error).toMatchObject({ code: 'PAYPAL_NOT_FOUND', param: 'orderId', httpStatus: 404 });
    const unapproved = await capture(paypal.createOrder({ amount: '5.00', status: 'CREATED' }));
    expect(unapproved.error).toMatchObject({ code: 'PAYPAL_ORDER_NOT_APPROVED', httpStatus: 422 });
  });
});

describe('paypal access token', () => {
  it('is cached across runs and renewed when it is within the margin of its expiry', async () => {
    await capture(paypal.createOrder({ amount: '1.00' }));
    await capture(paypal.createOrder({ amount: '2.00' }));
    expect(paypal.stats.tokensIssued).toBe(1);
    // expires_in 3600 s; the margin is a tenth of the lifetime (360 s) capped at 5 min: renewed from 55 min on.
    clock += 3600_000 - 300_000 - 1;
    await capture(paypal.createOrder({ amount: '3.00' }));
    expect(paypal.stats.tokensIssued).toBe(1);
    clock += 2;
    const late = await capture(paypal.createOrder({ amount: '4.00' }));
    expect(late.status).toBe('success');
    expect(paypal.stats.tokensIssued).toBe(2);
  });

  it('is requested once when several runs start at the same time', async () => {
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => capture(paypal.createOrder({ amount: `${n}.00` }), { executionId: `parallel-${n}` })));
    expect(results.map((result) => result.status)).toEqual(['success', 'success', 'success', 'success', 'success']);
    expect(paypal.stats.tokensIssued).toBe(1);
    expect(paypal.stats.captures).toBe(5);
  });

  it('renews a token PayPal rejects with 401 once, then succeeds', async () => {
    await capture(paypal.createOrder({ amount: '1.00' }));
    paypal.revokeTokens();
    const result = await capture(paypal.createOrder({ amount: '2.00' }));
    expect(result.status, JSON.stringify(result.error)).toBe('success');
    expect(paypal.stats.tokensIssued).toBe(2);
    expect(requestsTo('/capture')).toHaveLength(3);
  });

  it('fails with PAYPAL_AUTH_FAILED for a wrong secret and for a 401 that persists after renewal', async () => {
    const wrong = await capture(paypal.createOrder({ amount: '1.00' }), { credentials: { ...credential(), clientSecret: 'wrong' } });
    expect(wrong.error).toMatchObject({ code: 'PAYPAL_AUTH_FAILED', httpStatus: 401, retryable: false });
    expect(wrong.error?.message).toContain('invalid_client');
    expect(requestsTo('/capture')).toHaveLength(0);

    paypal.failNext('capture', { status: 401 }, 2);
    const persistent = await capture(paypal.createOrder({ amount: '1.00' }));
    expect(persistent.error).toMatchObject({ code: 'PAYPAL_AUTH_FAILED', httpStatus: 401 });
    expect(paypal.stats.tokensIssued).toBe(2);
    expect(paypal.stats.captures).toBe(0);
  });
});

describe('paypal rate limits and outages', () => {
  it('429 is a RetryAfterError with the Retry-After delay; the retry captures once with the same request id', async () => {
    const orderId = paypal.createOrder({ amount: '20.00' });
    paypal.failNext('capture', { status: 429, headers: { 'Retry-After': '2' } });
    const bare = await capture(orderId, { executionId: 'exec-429' });
    expect(bare.error).toMatchObject({ code: 'PAYPAL_RATE_LIMITED', retryable: true, retryAfterMs: 2000, httpStatus: 429 });
    expect(bare.error?.message).toContain('RATE_LIMIT_REACHED');

    paypal.failNext('capture', { status: 429, headers: { 'Retry-After': '1' } });
    const retried = await capture(orderId, { executionId: 'exec-429b', retry: { maxAttempts: 3, initialDelayMs: 0 } });
    expect(retried.status, JSON.stringify(retried.error)).toBe('success');
    expect(retried.attempts).toBe(2);
    const ids = requestsTo('/capture').slice(1).map((request) => request.headers['paypal-request-id']);
    expect(ids).toEqual(['exec-429b:node:0', 'exec-429b:node:0']);
    expect(paypal.stats.captures).toBe(1);
  });

  it('5xx is retryable PAYPAL_UNAVAILABLE', async () => {
    const orderId = paypal.createOrder({ amount: '20.00' });
    paypal.failNext('capture', { status: 503 }, 2);
    const failed = await capture(orderId);
    expect(failed.error).toMatchObject({ code: 'PAYPAL_UNAVAILABLE', retryable: true, httpStatus: 503 });
    const retried = await capture(orderId, { retry: { maxAttempts: 3, initialDelayMs: 0 } });
    expect(retried.status).toBe('success');
    expect(paypal.stats.captures).toBe(1);
  });
});

describe('paypal.refund', () => {
  async function capturedId(amount: string, currency = 'EUR'): Promise<string> {
    const result = await capture(paypal.createOrder({ amount, currency }), { executionId: `cap-${amount}-${currency}` });
    const id = result.outputs.main?.[0]?.captureId;
    if (typeof id !== 'string') throw new Error(`no capture: ${JSON.stringify(result.error)}`);
    return id;
  }

  it('refunds part, then the rest, then refuses a third refund', async () => {
    const captureId = await capturedId('100.00');
    const part = await refund({ captureId, amount: 30, currency: 'eur', note: 'Defekte Tasse' }, 'r1');
    expect(part.status, JSON.stringify(part.error)).toBe('success');
    expect(part.outputs.main?.[0]).toMatchObject({ captureId, status: 'COMPLETED', amount: { currency_code: 'EUR', value: '30.00' }, replayed: false });
    expect(requestsTo('/refund')[0]?.json()).toEqual({ amount: { value: '30.00', currency_code: 'EUR' }, note_to_payer: 'Defekte Tasse' });
    expect(paypal.captures.get(captureId)?.status).toBe('PARTIALLY_REFUNDED');

    const rest = await refund({ captureId }, 'r2');
    expect(requestsTo('/refund')[1]?.json()).toEqual({});
    expect(rest.outputs.main?.[0]).toMatchObject({ amount: { currency_code: 'EUR', value: '70.00' } });
    expect(paypal.captures.get(captureId)?.status).toBe('REFUNDED');

    const third = await refund({ captureId, amount: '1.00', currency: 'EUR' }, 'r3');
    expect(third.error).toMatchObject({ code: 'PAYPAL_CAPTURE_FULLY_REFUNDED', httpStatus: 422 });
    expect(paypal.stats.refunds).toBe(2);
  });

  it('sends float sums exactly, replays by key, and maps business errors', async () => {
    const captureId = await capturedId('10.00');
    const sum = await refund({ captureId, amount: '{{ 0.1 + 0.2 }}', currency: 'EUR' }, 'float');
    expect(requestsTo('/refund')[0]?.json()).toMatchObject({ amount: { value: '0.30' } });
    const replay = await refund({ captureId, amount: '{{ 0.1 + 0.2 }}', currency: 'EUR' }, 'float');
    expect(replay.outputs.main?.[0]).toMatchObject({ refundId: sum.outputs.main?.[0]?.refundId });
    expect(paypal.stats.refunds).toBe(1);

    const tooMuch = await refund({ captureId, amount: '9.71', currency: 'EUR' }, 'too-much');
    expect(tooMuch.error).toMatchObject({ code: 'PAYPAL_REFUND_AMOUNT_EXCEEDED' });
    const otherCurrency = await refund({ captureId, amount: '1.00', currency: 'USD' }, 'usd');
    expect(otherCurrency.error).toMatchObject({ code: 'PAYPAL_REFUND_CAPTURE_CURRENCY_MISMATCH' });
    const tooPrecise = await refund({ captureId, amount: '1.005', currency: 'EUR' }, 'precise');
    expect(tooPrecise.error).toMatchObject({ code: 'AMOUNT_PRECISION', param: 'amount' });
    const noCurrency = await refund({ captureId, amount: '1.00' }, 'no-currency');
    expect(noCurrency.error).toMatchObject({ code: 'CURRENCY_REQUIRED', param: 'currency' });
    expect(requestsTo('/refund')).toHaveLength(4);
  });

  it('names the param a 400 detail points at', async () => {
    const captureId = await capturedId('10.00');
    paypal.failNext('refund', {
      status: 400,
      body: { name: 'INVALID_REQUEST', message: 'Request is not well-formed, syntactically incorrect, or violates schema.', debug_id: 'abc123', details: [{ field: '/amount/currency_code', location: 'body', issue: 'INVALID_PARAMETER_VALUE', description: 'Currency code is invalid.' }] },
    });
    const result = await refund({ captureId, amount: '1.00', currency: 'EUR' }, 'bad');
    expect(result.error).toMatchObject({ code: 'PAYPAL_INVALID_REQUEST', param: 'currency', httpStatus: 400 });
    expect(result.error?.message).toContain('INVALID_PARAMETER_VALUE: Currency code is invalid. (field /amount/currency_code)');
    expect(result.error?.message).toContain('[debug_id abc123]');
  });
});
