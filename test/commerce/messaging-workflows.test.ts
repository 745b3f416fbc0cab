import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createBuiltinRegistry } from '../../nodes/builtin.js';
import { defineNode } from '../../nodes/sdk/index.js';
import { runWorkflow } from '../../server/engine/index.js';
import type { CredentialResolver, WorkflowInput } from '../../server/engine/index.js';
import { workflowSchema } from '../../server/engine/workflow/schema.js';
import { startBrevoStandin, startHubspotStandin, startSmtpStandin, type BrevoStandin, type HubspotStandin, type SmtpStandin } from '../standins/index.js';

/** Emits what dhl.createLabel emits for the e-mail: json `{ shipmentNo }` and binary `label` (PDF, no file name). */
const LABEL = Buffer.concat([Buffer.from('%PDF-1.4\n', 'latin1'), Buffer.from([0x00, 0xff, 0x7f, 0x80]), Buffer.from('\n%%EOF', 'latin1')]);
const fakeLabel = defineNode({
  type: 'test.fakeLabel', version: 1, displayName: 'Fake label', description: 'label stand-in', group: 'action',
  params: z.object({}),
  run: (ctx) => ctx.emit({ shipmentNo: `0034${ctx.itemIndex}` }, { binary: { label: { data: LABEL.toString('base64'), mimeType: 'application/pdf' } } }),
});

const order = {
  orderId: 'SO-77', shop: 'shopify', currency: 'EUR',
  customer: { email: 'kim@example.de', firstName: '<b>Kim</b>', lastName: 'Müller' },
  lines: [{ sku: 'MUG-01', title: 'Tasse & Untersetzer', qty: 2, unitPrice: 9.5 }, { sku: 'TEE-02', title: 'T-Shirt', qty: 1, unitPrice: 19 }],
};

let smtp: SmtpStandin;
let brevo: BrevoStandin;
let hubspot: HubspotStandin;
beforeAll(async () => {
  [smtp, brevo, hubspot] = await Promise.all([startSmtpStandin({ user: 'shop', password: 'pw' }), startBrevoStandin(), startHubspotStandin()]);
});
afterAll(() => Promise.all([smtp.close(), brevo.close(), hubspot.close()]));

const credentials = (): CredentialResolver => {
  const byId: Record<string, Record<string, unknown>> = {
    'shop-smtp': { host: smtp.host, port: smtp.port, user: 'shop', password: 'pw', from: 'Shop <shop@example.de>' },
    'shop-brevo': { apiKey: brevo.apiKey, baseUrl: brevo.baseUrl, sandbox: false, sender: 'Shop <shop@example.de>' },
    'shop-hubspot': { accessToken: hubspot.token, baseUrl: hubspot.url },
  };
  return { resolve: async ({ credentialId }) => byId[credentialId] ?? {} };
};

async function run(input: WorkflowInput, items: readonly Record<string, unknown>[], executionId: string) {
  const registry = createBuiltinRegistry();
  registry.add(fakeLabel);
  const workflow = workflowSchema.parse(input);
  return runWorkflow({
    workflow, registry, executionId, credentials: credentials(),
    triggerItems: items.map((json) => ({ json: JSON.parse(JSON.stringify(json)) })),
  });
}

describe('messaging nodes in workflows', () => {
  it('order → label → e-mail: the template reads the order via $node().item, the label goes along as label.pdf', async () => {
    const before = smtp.messages.length;
    const outcome = await run({
      id: 'mail-with-label', name: 'order mail',
      nodes: [
        { id: 'order', type: 'manual', params: {} },
        { id: 'label', type: 'test.fakeLabel', params: {} },
        {
          id: 'mail', type: 'email', credentials: { smtp: 'shop-smtp' },
          params: {
            to: "{{ $node('order').item.customer.email }}",
            subject: "Ihre Bestellung {{ $node('order').item.orderId }} ist unterwegs",
            htmlTemplate: '<p>Hallo {{ customer.firstName }},</p><p>Sendung {{ shipmentNo }}</p>'
              + '<table>{{# lines }}<tr><td>{{ qty }}×</td><td>{{ title }}</td><td>{{ price }} €</td></tr>{{/ lines }}</table>',
            templateData: {
              customer: "{{ $node('order').item.customer }}",
              shipmentNo: '{{ $json.shipmentNo }}',
              lines: "{{ $node('order').item.lines.map((l) => ({ ...l, price: (l.qty * l.unitPrice).toFixed(2).replace('.', ',') })) }}",
            },
            attachments: ['label'],
          },
        },
      ],
      connections: [{ from: 'order', to: 'label' }, { from: 'label', to: 'mail' }],
    }, [order], 'exec-mail-label');

    expect(outcome.status).toBe('success');
    expect(smtp.messages).toHaveLength(before + 1);
    const received = smtp.messages.at(-1);
    expect(received?.to).toEqual(['kim@example.de']);
    const mail = received?.mail;
    expect(mail?.headers.subject).toBe('Ihre Bestellung SO-77 ist unterwegs');
    expect(mail?.html).toContain('<p>Hallo &lt;b&gt;Kim&lt;/b&gt;,</p><p>Sendung 00340</p>');
    expect(mail?.html).toContain('<tr><td>2×</td><td>Tasse &amp; Untersetzer</td><td>19,00 €</td></tr>');
    expect(mail?.text?.replace(/\r\n/g, '\n')).toContain('Hallo <b>Kim</b>,\n\nSendung 00340\n\n2× | Tasse & Untersetzer | 19,00 €\n1× | T-Shirt | 19,00 €');
    expect(mail?.attachments.map((part) => [part.fileName, part.contentType])).toEqual([['label.pdf', 'application/pdf']]);
    expect(mail?.attachments[0]?.content.equals(LABEL)).toBe(true);
  });

  it('customers → HubSpot upsert → Brevo template e-mail for the upserted ones only', async () => {
    const customers = [
      { customer: { email: 'anna@example.de', firstName: 'Anna' }, lastOrderDays: 120 },
      { customer: { email: 'broken-address', firstName: 'Bad' }, lastOrderDays: 95 },
      { customer: { email: 'ben@example.de', firstName: 'Ben' }, lastOrderDays: 91 },
    ];
    const outcome = await run({
      id: 'win-back-mini', name: 'win-back',
      nodes: [
        { id: 'segment', type: 'manual', params: {} },
        {
          id: 'crm', type: 'hubspot.upsertContacts', credentials: { hubspot: 'shop-hubspot' },
          params: { email: '{{ $json.customer?.email }}', properties: { firstname: '{{ $json.customer?.firstName }}', hs_lead_status: 'OPEN' } },
        },
        {
          id: 'mail', type: 'brevo.sendEmail', credentials: { brevo: 'shop-brevo' },
          params: {
            to: '{{ $json.customer.firstName }} <{{ $json.customer.email }}>',
            templateId: 1,
            templateParams: { firstName: '{{ $json.customer.firstName }}', days: '{{ $json.lastOrderDays }}', contactId: '{{ $json.hubspot.contactId }}' },
          },
        },
      ],
      connections: [{ from: 'segment', to: 'crm' }, { from: 'crm', to: 'mail' }],
    }, customers, 'exec-win-back');

    expect(outcome.status).toBe('success');
    expect([...hubspot.contacts.keys()].sort()).toEqual(['anna@example.de', 'ben@example.de']);
    expect(outcome.record.nodes.crm?.outputs.failed?.map((item) => item.json.hubspot)).toEqual([
      expect.objectContaining({ email: 'broken-address', error: expect.objectContaining({ code: 'HUBSPOT_INVALID_EMAIL' }) }),
    ]);
    expect(brevo.emails.map((email) => [email.to, email.params])).toEqual([
      [[{ email: 'anna@example.de', name: 'Anna' }], { firstName: 'Anna', days: 120, contactId: hubspot.contacts.get('anna@example.de')?.id }],
      [[{ email: 'ben@example.de', name: 'Ben' }], { firstName: 'Ben', days: 91, contactId: hubspot.contacts.get('ben@example.de')?.id }],
    ]);
  });
});
