import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { brevoCredential, brevoSendEmail } from '../../nodes/commerce/brevo/index.js';
import { uuidFromKey } from '../../nodes/commerce/brevo/send-email.js';
import { parseAddresses } from '../../nodes/commerce/brevo/addresses.js';
import { createHttpClient } from '../../nodes/sdk/http.js';
import { testNode } from '../../nodes/testing/index.js';
import { startBrevoStandin, type BrevoStandin } from '../standins/brevo.js';

const LABEL = Buffer.concat([Buffer.from('%PDF-1.4\n', 'latin1'), Buffer.from([0, 0xff, 0x10, 0x80]), Buffer.from('\n%%EOF', 'latin1')]);
const noSleep = async (): Promise<void> => {};

describe('brevo.sendEmail against the Brevo stand-in', () => {
  let brevo: BrevoStandin;
  beforeEach(async () => {
    brevo = await startBrevoStandin();
  });
  afterEach(() => brevo.close());

  const credential = (overrides: Record<string, unknown> = {}) => ({
    brevo: { baseUrl: brevo.baseUrl, apiKey: brevo.apiKey, sandbox: false, sender: 'Mein Shop <shop@example.de>', ...overrides },
  });

  it('sends html, text and the label PDF as base64 attachment; returns the messageId', async () => {
    const result = await testNode(brevoSendEmail, {
      params: {
        to: '{{ $json.customer.firstName }} {{ $json.customer.lastName }} <{{ $json.customer.email }}>, ops@example.de',
        bcc: ['archiv@example.de'],
        subject: 'Bestellung {{ $json.orderId }} ist unterwegs',
        htmlContent: '<p>Hallo {{ $json.customer.firstName }}</p>',
        textContent: 'Hallo {{ $json.customer.firstName }}',
        attachments: ['label'],
        tags: ['versand'],
      },
      items: [{
        json: { orderId: 'SO-1', customer: { email: 'kim@example.de', firstName: 'Kim', lastName: 'Müller' } },
        binary: { label: { data: LABEL.toString('base64'), mimeType: 'application/pdf' } },
      }],
      credentials: credential(),
    });
    expect(result.error).toBeUndefined();
    expect(brevo.emails).toHaveLength(1);
    const sent = brevo.emails[0];
    expect(sent?.sender).toEqual({ email: 'shop@example.de', name: 'Mein Shop' });
    expect(sent?.to).toEqual([{ email: 'kim@example.de', name: 'Kim Müller' }, { email: 'ops@example.de' }]);
    expect(sent?.bcc).toEqual([{ email: 'archiv@example.de' }]);
    expect(sent?.subject).toBe('Bestellung SO-1 ist unterwegs');
    expect(sent?.htmlContent).toBe('<p>Hallo Kim</p>');
    expect(sent?.textContent).toBe('Hallo Kim');
    expect(sent?.tags).toEqual(['versand']);
    expect(sent?.attachments.map((file) => file.name)).toEqual(['label.pdf']);
    expect(sent?.attachments[0]?.content.equals(LABEL)).toBe(true);
    expect(sent?.headers['X-Sib-Sandbox']).toBeUndefined();
    expect(sent?.headers.idempotencyKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    const request = brevo.sendRequests()[0];
    expect(request?.headers['api-key']).toBe(brevo.apiKey);
    expect(request?.headers['idempotency-key']).toBeUndefined();
    expect(result.outputs.main).toEqual([{
      messageId: sent?.messageId, idempotencyKey: sent?.headers.idempotencyKey, sandbox: false, duplicate: false,
    }]);
  });

  it('sandbox (the default) marks the request X-Sib-Sandbox: drop: accepted, nothing delivered', async () => {
    const result = await testNode(brevoSendEmail, {
      params: { to: 'kim@example.de', subject: 'Test', textContent: 'x' },
      credentials: { brevo: { baseUrl: brevo.baseUrl, apiKey: brevo.apiKey, sender: 'shop@example.de' } },
    });
    expect(result.error).toBeUndefined();
    expect(brevo.emails).toHaveLength(0);
    expect(brevo.dropped).toHaveLength(1);
    expect(brevo.dropped[0]?.headers['X-Sib-Sandbox']).toBe('drop');
    expect(result.outputs.main?.[0]).toMatchObject({ sandbox: true, duplicate: false, messageId: brevo.dropped[0]?.messageId });
  });

  it('sends a Brevo template with params and without subject or sender', async () => {
    const result = await testNode(brevoSendEmail, {
      params: { to: 'kim@example.de', templateId: '{{ $json.template }}', templateParams: { orderId: '{{ $json.orderId }}', total: '{{ $json.total }}' } },
      items: [{ template: 2, orderId: 'SO-7', total: 38.5 }],
      credentials: credential({ sender: undefined }),
    });
    expect(result.error).toBeUndefined();
    expect(brevo.emails[0]).toMatchObject({ templateId: 2, params: { orderId: 'SO-7', total: 38.5 } });
    expect(brevo.emails[0]?.sender).toBeUndefined();
  });

  it('fails without calling Brevo when subject, body or sender are missing, or an address is invalid', async () => {
    const noSubject = await testNode(brevoSendEmail, { params: { to: 'kim@example.de', textContent: 'x' }, credentials: credential() });
    expect(noSubject.error).toMatchObject({ code: 'BREVO_PARAM_MISSING', param: 'subject', retryable: false });
    const noBody = await testNode(brevoSendEmail, { params: { to: 'kim@example.de', subject: 'x' }, credentials: credential() });
    expect(noBody.error).toMatchObject({ code: 'BREVO_PARAM_MISSING', param: 'htmlContent' });
    const noSender = await testNode(brevoSendEmail, {
      params: { to: 'kim@example.de', subject: 'x', textContent: 'x' }, credentials: credential({ sender: undefined }),
    });
    expect(noSender.error).toMatchObject({ code: 'BREVO_PARAM_MISSING', param: 'sender' });
    const badAddress = await testNode(brevoSendEmail, {
      params: { to: 'kim@example.de, not-an-address', subject: 'x', textContent: 'x' }, credentials: credential(),
    });
    expect(badAddress.error).toMatchObject({ code: 'BREVO_ADDRESS_INVALID', param: 'to' });
    expect(brevo.sendRequests()).toHaveLength(0);
  });

  it('maps Brevo 4xx bodies to fatal errors: wrong key, unknown template', async () => {
    const wrongKey = await testNode(brevoSendEmail, {
      params: { to: 'kim@example.de', subject: 'x', textContent: 'x' },
      credentials: credential({ apiKey: 'xkeysib-wrong' }),
      retry: { maxAttempts: 3, initialDelayMs: 0 }, sleep: noSleep,
    });
    expect(wrongKey.error).toMatchObject({ code: 'BREVO_UNAUTHORIZED', httpStatus: 401, retryable: false });
    expect(wrongKey.error?.message).toContain('Key not found');
    expect(wrongKey.attempts).toBe(1);

    const unknownTemplate = await testNode(brevoSendEmail, { params: { to: 'kim@example.de', templateId: 99 }, credentials: credential() });
    expect(unknownTemplate.error).toMatchObject({ code: 'BREVO_INVALID_PARAMETER', httpStatus: 400 });
    expect(unknownTemplate.error?.message).toContain('Template ID 99 does not exist');
  });

  it('waits out a 429 (Retry-After, else x-sib-ratelimit-reset) and sends once', async () => {
    brevo.rateLimitNext(0);
    brevo.rateLimitNext(0, { retryAfter: false });
    const result = await testNode(brevoSendEmail, { params: { to: 'kim@example.de', subject: 'x', textContent: 'x' }, credentials: credential() });
    expect(result.error).toBeUndefined();
    expect(result.attempts).toBe(1);
    expect(brevo.sendRequests()).toHaveLength(3);
    expect(brevo.emails).toHaveLength(1);
  });

  it('hands a long rate-limit wait to the retry policy as RetryAfterError', async () => {
    brevo.rateLimitNext(120);
    const result = await testNode(brevoSendEmail, { params: { to: 'kim@example.de', subject: 'x', textContent: 'x' }, credentials: credential() });
    expect(result.error).toMatchObject({ code: 'BREVO_RATE_LIMITED', retryable: true, retryAfterMs: 120_000, httpStatus: 429 });
    expect(brevo.emails).toHaveLength(0);
  });

  it('retries a 503 and sends once', async () => {
    brevo.failNext({ status: 503, body: { code: 'service_unavailable', message: 'try later' } });
    const result = await testNode(brevoSendEmail, {
      params: { to: 'kim@example.de', subject: 'x', textContent: 'x' },
      credentials: credential(), retry: { maxAttempts: 3, initialDelayMs: 0 }, sleep: noSleep,
    });
    expect(result.error).toBeUndefined();
    expect(result.attempts).toBe(2);
    expect(brevo.emails).toHaveLength(1);
    expect(result.outputs.main?.[0]).toMatchObject({ duplicate: false, messageId: brevo.emails[0]?.messageId });
  });

  it('sends once when the answer is lost after Brevo accepted: the retry hits duplicate_parameter', async () => {
    brevo.failNext({ status: 500, accept: true });
    const lostAnswer = await testNode(brevoSendEmail, {
      params: { to: 'kim@example.de', subject: 'x', textContent: 'x' },
      credentials: credential(), retry: { maxAttempts: 3, initialDelayMs: 0 }, sleep: noSleep,
    });
    expect(lostAnswer.error).toBeUndefined();
    expect(lostAnswer.attempts).toBe(2);
    expect(brevo.sendRequests()).toHaveLength(2);
    expect(brevo.emails).toHaveLength(1);
    expect(lostAnswer.outputs.main?.[0]).toMatchObject({ duplicate: true, messageId: null });

    brevo.dropConnectionNext({ accept: true });
    const dropped = await testNode(brevoSendEmail, {
      params: { to: 'kim@example.de', subject: 'x', textContent: 'x' }, executionId: 'exec-dropped',
      credentials: credential(), retry: { maxAttempts: 3, initialDelayMs: 0 }, sleep: noSleep,
    });
    expect(dropped.error).toBeUndefined();
    expect(dropped.attempts).toBe(2);
    expect(brevo.emails).toHaveLength(2);
    expect(dropped.outputs.main?.[0]).toMatchObject({ duplicate: true });
  });

  it('parses recipient lists with names, quotes, commas and semicolons', () => {
    expect(parseAddresses('"Müller, Kim" <kim@example.de>; ops@example.de, ,Shop Team <team@example.de>', 'to')).toEqual([
      { email: 'kim@example.de', name: 'Müller, Kim' }, { email: 'ops@example.de' }, { email: 'team@example.de', name: 'Shop Team' },
    ]);
    expect(parseAddresses(['a@example.de, b@example.de', { email: ' c@example.de ', name: ' ' }], 'cc')).toEqual([
      { email: 'a@example.de' }, { email: 'b@example.de' }, { email: 'c@example.de' },
    ]);
    expect(() => parseAddresses('Kim <kim at example.de>', 'to')).toThrow(/"kim at example.de" in to/);
  });

  it('derives a stable UUID per node run item', () => {
    expect(uuidFromKey('e1:mail:0')).toBe(uuidFromKey('e1:mail:0'));
    expect(uuidFromKey('e1:mail:0')).not.toBe(uuidFromKey('e1:mail:1'));
  });

  it('credential test reads the account with the api-key header', async () => {
    const http = createHttpClient({ signal: new AbortController().signal, idempotencyKey: 'k' });
    const base = { baseUrl: brevo.baseUrl, sandbox: true };
    await expect(brevoCredential.test?.({ ...base, apiKey: brevo.apiKey }, { http, signal: new AbortController().signal })).resolves.toBeUndefined();
    await expect(brevoCredential.test?.({ ...base, apiKey: 'wrong' }, { http, signal: new AbortController().signal })).rejects.toThrow(/401/);
  });
});
