import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import email from './index.js';
import { testNode } from '../testing/index.js';
import { startSmtpStandin, type SmtpStandin } from '../../test/standins/index.js';

const PDF = Buffer.from('%PDF-1.4\n\u0000\u0001\u00fe\u00ff label bytes\n%%EOF', 'latin1');
const CSV = Buffer.from('sku;qty\nA-1;2\n', 'utf8');

let smtp: SmtpStandin;
let refusedRecipients = new Set<string>();
let messageRefusals: number[] = [];

beforeAll(async () => {
  smtp = await startSmtpStandin({
    user: 'shop',
    password: 'right',
    rejectRecipient: (address) => (refusedRecipients.has(address) ? 550 : undefined),
    rejectMessage: () => messageRefusals.shift(),
  });
});
afterAll(() => smtp.close());
beforeEach(() => {
  refusedRecipients = new Set();
  messageRefusals = [];
});

const credential = (overrides: Record<string, unknown> = {}) => ({
  smtp: { host: smtp.host, port: smtp.port, user: 'shop', password: 'right', from: 'Shop <shop@example.test>', ...overrides },
});

const noSleep = async (): Promise<void> => {};

describe('email: sending', () => {
  it('delivers headers, text, html and attachment bytes', async () => {
    const before = smtp.messages.length;
    const result = await testNode(email, {
      params: {
        to: ['{{ $json.customer.email }}', 'ops@example.test'],
        cc: 'accounting@example.test',
        bcc: 'archive@example.test',
        replyTo: 'support@example.test',
        subject: 'Bestellung {{ $json.orderId }} – Versandbestätigung für Müller',
        text: 'Hallo {{ $json.customer.name }}, Ihre Bestellung ist unterwegs.',
        html: '<p>Hallo <b>{{ $json.customer.name }}</b></p>',
        attachments: ['label', 'lines'],
      },
      items: [{
        json: { orderId: 'o-1001', customer: { email: 'kim@example.test', name: 'Kim Müller' } },
        binary: {
          label: { data: PDF.toString('base64'), mimeType: 'application/pdf', fileName: 'Versandetikett-Müller.pdf' },
          lines: { data: CSV.toString('base64'), mimeType: 'text/csv' },
        },
      }],
      credentials: credential(),
    });

    expect(result.status).toBe('success');
    expect(smtp.messages).toHaveLength(before + 1);
    const received = smtp.messages.at(-1);
    expect(received?.user).toBe('shop');
    expect(received?.from).toBe('shop@example.test');
    expect([...(received?.to ?? [])].sort()).toEqual(
      ['accounting@example.test', 'archive@example.test', 'kim@example.test', 'ops@example.test'],
    );

    const mail = received?.mail;
    expect(mail?.headers.from).toBe('Shop <shop@example.test>');
    expect(mail?.headers.to).toBe('kim@example.test, ops@example.test');
    expect(mail?.headers.cc).toBe('accounting@example.test');
    expect(mail?.headers.bcc).toBeUndefined();
    expect(mail?.headers['reply-to']).toBe('support@example.test');
    expect(mail?.headers.subject).toBe('Bestellung o-1001 – Versandbestätigung für Müller');
    expect(mail?.text?.trim()).toBe('Hallo Kim Müller, Ihre Bestellung ist unterwegs.');
    expect(mail?.html?.trim()).toBe('<p>Hallo <b>Kim Müller</b></p>');

    expect(mail?.attachments.map((part) => [part.fileName, part.contentType])).toEqual([
      ['Versandetikett-Müller.pdf', 'application/pdf'],
      ['lines.csv', 'text/csv'],
    ]);
    expect(mail?.attachments[0]?.content.equals(PDF)).toBe(true);
    expect(mail?.attachments[1]?.content.equals(CSV)).toBe(true);

    const output = result.outputs.main?.[0];
    expect(output?.messageId).toBe(mail?.headers['message-id']);
    expect(output?.rejected).toEqual([]);
    expect(output?.accepted).toHaveLength(4);
  });

  it('uses the from param over the credential sender', async () => {
    await testNode(email, {
      params: { to: 'a@example.test', from: 'Returns <returns@example.test>', subject: 'Retoure', text: 'ok' },
      credentials: credential(),
    });
    expect(smtp.messages.at(-1)?.mail.headers.from).toBe('Returns <returns@example.test>');
    expect(smtp.messages.at(-1)?.from).toBe('returns@example.test');
  });

  it('reports recipients the server refused while delivering to the rest', async () => {
    refusedRecipients = new Set(['gone@example.test']);
    const result = await testNode(email, {
      params: { to: 'kim@example.test, gone@example.test', subject: 'Hi', text: 'x' },
      credentials: credential(),
    });
    expect(result.outputs.main?.[0]).toMatchObject({ accepted: ['kim@example.test'], rejected: ['gone@example.test'] });
    expect(smtp.messages.at(-1)?.to).toEqual(['kim@example.test']);
  });
});

describe('email: failures', () => {
  it('fails when an attachment key is missing on the item', async () => {
    const before = smtp.messages.length;
    const result = await testNode(email, {
      params: { to: 'a@example.test', subject: 'x', text: 'x', attachments: ['invoice'] },
      items: [{ json: {}, binary: { label: { data: '', mimeType: 'application/pdf' } } }],
      credentials: credential(),
    });
    expect(result.error).toMatchObject({ code: 'EMAIL_ATTACHMENT_MISSING', param: 'attachments', retryable: false });
    expect(result.error?.message).toContain('label');
    expect(smtp.messages).toHaveLength(before);
  });

  it('does not retry a wrong password', async () => {
    const result = await testNode(email, {
      params: { to: 'a@example.test', subject: 'x', text: 'x' },
      credentials: credential({ password: 'wrong' }),
      retry: { maxAttempts: 3, initialDelayMs: 1 },
      sleep: noSleep,
    });
    expect(result.error).toMatchObject({ code: 'SMTP_AUTH', retryable: false });
    expect(result.attempts).toBe(1);
  });

  it('does not retry when every recipient is refused with 5xx', async () => {
    refusedRecipients = new Set(['gone@example.test']);
    const result = await testNode(email, {
      params: { to: 'gone@example.test', subject: 'x', text: 'x' },
      credentials: credential(),
      retry: { maxAttempts: 3, initialDelayMs: 1 },
      sleep: noSleep,
    });
    expect(result.error).toMatchObject({ code: 'SMTP_REJECTED', retryable: false });
    expect(result.attempts).toBe(1);
  });

  it('retries a transient 4xx rejection and then delivers once', async () => {
    messageRefusals = [451];
    const before = smtp.messages.length;
    const result = await testNode(email, {
      params: { to: 'a@example.test', subject: 'Retry', text: 'x' },
      credentials: credential(),
      retry: { maxAttempts: 3, initialDelayMs: 1 },
      sleep: noSleep,
    });
    expect(result.status).toBe('success');
    expect(result.attempts).toBe(2);
    expect(smtp.messages).toHaveLength(before + 1);
  });

  it('retries when the SMTP server cannot be reached', async () => {
    const closed = await startSmtpStandin();
    await closed.close();
    const result = await testNode(email, {
      params: { to: 'a@example.test', subject: 'x', text: 'x' },
      credentials: credential({ port: closed.port }),
      retry: { maxAttempts: 2, initialDelayMs: 1 },
      sleep: noSleep,
    });
    expect(result.error).toMatchObject({ code: 'SMTP_CONNECTION', retryable: true });
    expect(result.attempts).toBe(2);
  });

  it('requires the smtp credential', async () => {
    const result = await testNode(email, { params: { to: 'a@example.test', subject: 'x', text: 'x' } });
    expect(result.status).toBe('failed');
    expect(result.error?.code).toMatch(/CREDENTIAL/);
  });
});
