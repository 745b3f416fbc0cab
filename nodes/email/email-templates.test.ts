import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import email from './index.js';
import { testNode } from '../testing/index.js';
import { startSmtpStandin, type SmtpStandin } from '../../test/standins/index.js';

/** A label as the DHL node emits it: binary key `label`, application/pdf, no file name. */
const LABEL = Buffer.concat([Buffer.from('%PDF-1.7\n', 'latin1'), Buffer.from([0, 1, 2, 0xfe, 0xff, 0x80]), Buffer.from('\n%%EOF\n', 'latin1')]);

const order = {
  orderId: 'SO-2044',
  customer: { email: 'kim@example.test', firstName: 'Kim <Mara>', lastName: 'Müller & Söhne' },
  lines: [
    { sku: 'MUG-01', title: 'Tasse "Hamburg"', qty: 2, unitPrice: 9.5 },
    { sku: 'TEE-02', title: '<img src=x onerror=alert(1)>', qty: 1, unitPrice: 19 },
  ],
  totals: { gross: 38, currency: 'EUR' },
  shipmentNo: '00340434161094042557',
};

const ORDER_TEMPLATE = `<html><body>
<h1>Danke, {{ customer.firstName }}!</h1>
<p>Ihre Bestellung {{ orderId }} ist unterwegs (Sendung {{ shipmentNo }}).</p>
<table>
{{# lines }}<tr><td>{{ qty }}×</td><td>{{ title }}</td><td>{{ unitPrice }} €</td></tr>
{{/ lines }}</table>
{{^ lines }}<p>Keine Positionen</p>{{/ lines }}
<p>Summe: {{ totals.gross }} €</p>
</body></html>`;

let smtp: SmtpStandin;
beforeAll(async () => {
  smtp = await startSmtpStandin({ user: 'shop', password: 'right' });
});
afterAll(() => smtp.close());

const credentials = () => ({ smtp: { host: smtp.host, port: smtp.port, user: 'shop', password: 'right', from: 'Shop <shop@example.test>' } });

describe('email: templates and attachments over SMTP', () => {
  it('sends an order template with escaped values, a generated text part and the label PDF', async () => {
    const before = smtp.messages.length;
    const result = await testNode(email, {
      params: {
        to: '{{ $json.customer.email }}',
        subject: 'Bestellung {{ $json.orderId }} versandt',
        htmlTemplate: ORDER_TEMPLATE,
        attachments: ['label'],
      },
      items: [{ json: order, binary: { label: { data: LABEL.toString('base64'), mimeType: 'application/pdf' } } }],
      credentials: credentials(),
    });
    expect(result.error).toBeUndefined();
    expect(smtp.messages).toHaveLength(before + 1);
    const mail = smtp.messages.at(-1)?.mail;
    expect(mail?.headers.subject).toBe('Bestellung SO-2044 versandt');

    const html = mail?.html ?? '';
    expect(html).toContain('<h1>Danke, Kim &lt;Mara&gt;!</h1>');
    expect(html).toContain('<tr><td>2×</td><td>Tasse &quot;Hamburg&quot;</td><td>9.5 €</td></tr>');
    expect(html).toContain('<td>&lt;img src=x onerror=alert(1)&gt;</td>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('Keine Positionen');

    const text = mail?.text ?? '';
    expect(text).toContain('Danke, Kim <Mara>!');
    expect(text).toContain('Ihre Bestellung SO-2044 ist unterwegs (Sendung 00340434161094042557).');
    expect(text).toContain('2× | Tasse "Hamburg" | 9.5 €');
    expect(text).toContain('1× | <img src=x onerror=alert(1)> | 19 €');
    expect(text).not.toMatch(/<(h1|td|table|p)\b/);

    expect(mail?.attachments).toHaveLength(1);
    const label = mail?.attachments[0];
    expect([label?.fileName, label?.contentType]).toEqual(['label.pdf', 'application/pdf']);
    expect(label?.content.equals(LABEL)).toBe(true);
  });

  it('renders templateData from expressions and renames an attachment', async () => {
    const result = await testNode(email, {
      params: {
        to: 'kim@example.test',
        subject: 'x',
        htmlTemplate: '<p>{{ name }}: {{# lines }}{{ sku }}={{ total }};{{/ lines }}</p>',
        templateData: {
          name: '{{ $json.customer.lastName }}',
          lines: '{{ $json.lines.map((l) => ({ sku: l.sku, total: (l.qty * l.unitPrice).toFixed(2) })) }}',
        },
        attachments: [{ key: 'label', fileName: 'Versandetikett-{{ $json.orderId }}.pdf' }],
      },
      items: [{ json: order, binary: { label: { data: LABEL.toString('base64'), mimeType: 'application/pdf', fileName: 'x.pdf' } } }],
      credentials: credentials(),
    });
    expect(result.error).toBeUndefined();
    const mail = smtp.messages.at(-1)?.mail;
    expect(mail?.html).toBe('<p>Müller &amp; Söhne: MUG-01=19.00;TEE-02=19.00;</p>');
    expect(mail?.text).toBe('Müller & Söhne: MUG-01=19.00;TEE-02=19.00;');
    expect(mail?.attachments[0]?.fileName).toBe('Versandetikett-SO-2044.pdf');
    expect(mail?.attachments[0]?.content.equals(LABEL)).toBe(true);
  });

  it('keeps multi-line html expressions (lines via map/join) unescaped and derives the text part', async () => {
    const result = await testNode(email, {
      params: {
        to: 'kim@example.test',
        subject: 'x',
        html: '<p>Hallo {{ $json.customer.lastName }}</p>\n<ul>\n{{ $json.lines.map((l) => `<li>${l.qty} × ${l.sku}</li>`).join("\\n") }}\n</ul>',
      },
      items: [order],
      credentials: credentials(),
    });
    expect(result.error).toBeUndefined();
    const mail = smtp.messages.at(-1)?.mail;
    const lf = (value: string | undefined): string | undefined => value?.replace(/\r\n/g, '\n').trim();
    expect(lf(mail?.html)).toBe('<p>Hallo Müller & Söhne</p>\n<ul>\n<li>2 × MUG-01</li>\n<li>1 × TEE-02</li>\n</ul>');
    expect(lf(mail?.text)).toBe('Hallo Müller & Söhne\n\n- 2 × MUG-01\n- 1 × TEE-02');
  });

  it('sends a given text part as it is next to the template', async () => {
    await testNode(email, {
      params: { to: 'kim@example.test', subject: 'x', text: 'Nur Text {{ $json.orderId }}', htmlTemplate: '<b>{{ orderId }}</b>' },
      items: [order],
      credentials: credentials(),
    });
    const mail = smtp.messages.at(-1)?.mail;
    expect(mail?.text?.trim()).toBe('Nur Text SO-2044');
    expect(mail?.html?.trim()).toBe('<b>SO-2044</b>');
  });

  it('derives the Message-ID from execution, node and item: a repeated send repeats it', async () => {
    const send = (executionId: string) => testNode(email, {
      params: { to: 'kim@example.test', subject: 'x', text: 'x' }, items: [{ n: 1 }, { n: 2 }], executionId, credentials: credentials(),
    });
    const first = await send('exec-a');
    const again = await send('exec-a');
    const other = await send('exec-b');
    const ids = (result: Awaited<ReturnType<typeof send>>) => result.outputs.main?.map((item) => item.messageId);
    expect(ids(first)).toEqual(ids(again));
    expect(new Set([...(ids(first) ?? []), ...(ids(other) ?? [])]).size).toBe(4);
    expect(ids(first)?.[0]).toMatch(/^<flowwerk\.[0-9a-f]{32}@example\.test>$/);
    expect(smtp.messages.at(-1)?.mail.headers['message-id']).toBe(ids(other)?.[1]);
  });

  it('fails without sending on a broken template or html together with a template', async () => {
    const before = smtp.messages.length;
    const broken = await testNode(email, {
      params: { to: 'a@example.test', subject: 'x', htmlTemplate: '{{# lines }}<li>{{ sku }}</li>' },
      items: [order],
      credentials: credentials(),
    });
    expect(broken.error).toMatchObject({ code: 'EMAIL_TEMPLATE_INVALID', param: 'htmlTemplate', retryable: false });
    expect(broken.error?.message).toContain('"lines" is not closed');

    const both = await testNode(email, {
      params: { to: 'a@example.test', subject: 'x', html: '<p>x</p>', htmlTemplate: '<p>y</p>' },
      credentials: credentials(),
    });
    expect(both.error).toMatchObject({ code: 'EMAIL_BODY_CONFLICT', param: 'htmlTemplate' });
    expect(smtp.messages).toHaveLength(before);
  });
});
