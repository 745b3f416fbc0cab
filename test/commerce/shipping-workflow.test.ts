import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBuiltinRegistry } from '../../nodes/builtin.js';
import { runWorkflow } from '../../server/engine/index.js';
import { workflowSchema } from '../../server/engine/workflow/schema.js';
import { startDhlParcelStandin, type DhlParcelStandin } from '../standins/dhl-parcel.js';
import { startSmtpStandin, type SmtpStandin } from '../standins/smtp-server.js';
import { order, orderWith, shipper } from '../fixtures/dhl/orders.js';

/** order → dhl.createLabel → email with the label attached; refused orders go to the merchant. */
function workflow() {
  return workflowSchema.parse({
    id: 'ship-and-mail',
    name: 'Order -> DHL label -> e-mail',
    nodes: [
      { id: 'order', type: 'manual' },
      {
        id: 'label', type: 'dhl.createLabel', credentials: { dhlParcel: 'dhl' }, onError: 'errorOutput',
        params: { product: 'V01PAK', billingNumber: '33333333330102', weightKg: 0.8, shipper },
        retry: { maxAttempts: 4, initialDelayMs: 1, backoff: 1 },
      },
      {
        id: 'mail', type: 'email', credentials: { smtp: 'smtp' },
        params: {
          to: "{{ $node('order').item.customer.email }}",
          subject: 'Ihre Bestellung {{ $json.reference }} ist unterwegs',
          text: 'Sendungsnummer {{ $json.shipmentNo }}: {{ $json.trackingUrl }}',
          attachments: ['label'],
        },
      },
      {
        id: 'merchant', type: 'email', credentials: { smtp: 'smtp' },
        params: { to: 'shop@example.test', subject: 'Kein Label: {{ $json.error.code }}', text: '{{ $json.error.message }}' },
      },
    ],
    connections: [
      { from: 'order', to: 'label' },
      { from: 'label', to: 'mail' },
      { from: 'label', output: 'error', to: 'merchant' },
    ],
  });
}

describe('a label workflow: order → dhl.createLabel → email with the PDF', () => {
  let dhl: DhlParcelStandin;
  let smtp: SmtpStandin;
  beforeAll(async () => {
    dhl = await startDhlParcelStandin();
    smtp = await startSmtpStandin({ user: 'shop', password: 'secret' });
  });
  afterAll(async () => {
    await smtp.close();
    await dhl.close();
  });

  const credentials = () => ({
    resolve: async ({ credentialId }: { credentialId: string }): Promise<Record<string, unknown>> =>
      credentialId === 'dhl' ? dhl.credential : { host: smtp.host, port: smtp.port, user: 'shop', password: 'secret', from: 'Shop <shop@example.test>' },
  });

  it('mails each customer its own label after DHL answered 503 twice; a refused order reaches the merchant', async () => {
    dhl.failNext(503, 2);
    const outcome = await runWorkflow({
      workflow: workflow(),
      registry: createBuiltinRegistry(),
      executionId: 'exec-ship-1',
      triggerItems: [{ json: order }, { json: orderWith('1002', { postalCode: '5311' }) }],
      credentials: credentials(),
      sleep: async () => {},
    });
    expect(outcome.status).toBe('success');
    expect(dhl.labelsCreated()).toBe(1);
    expect(outcome.record.nodes.label?.attempts).toBe(3);

    const toCustomer = smtp.messages.filter((message) => message.mail.headers.to === 'maria@example.com');
    expect(toCustomer).toHaveLength(1);
    const mail = toCustomer[0]?.mail;
    const shipmentNo = dhl.shipments[0]?.shipmentNo ?? '';
    expect(mail?.headers.subject).toBe('Ihre Bestellung Bestellung 1001 ist unterwegs');
    expect(mail?.text).toContain(`Sendungsnummer ${shipmentNo}`);
    expect(mail?.attachments).toHaveLength(1);
    expect(mail?.attachments[0]?.contentType).toBe('application/pdf');
    expect(mail?.attachments[0]?.content.equals(dhl.shipments[0]?.pdf ?? Buffer.alloc(0))).toBe(true);

    const toMerchant = smtp.messages.filter((message) => message.mail.headers.to === 'shop@example.test');
    expect(toMerchant).toHaveLength(1);
    expect(toMerchant[0]?.mail.headers.subject).toBe('Kein Label: DHL_SHIPMENT_REJECTED');
    expect(toMerchant[0]?.mail.text).toContain('consignee.postalCode: The postal code entered is not valid.');
  });
});
