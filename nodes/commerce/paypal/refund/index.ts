import { z } from 'zod';
import { FatalError, defineNode, isJsonObject } from '../../../sdk/index.js';
import { amountParam, currencyParam, formatMinorUnits, toMinorUnits } from '../../klarna/money.js';
import { paypalRequest } from '../client.js';
import { paypalCredential } from '../credentials.js';

const params = z.object({
  captureId: z
    .string()
    .trim()
    .min(1, 'the capture id must not be empty')
    .max(128)
    .meta({ title: 'Capture ID', description: 'The captured payment to refund (paypal.capture outputs it as captureId)' }),
  amount: amountParam
    .optional()
    .meta({ title: 'Amount', description: 'Major units, e.g. 10.00; leave empty to refund what is left of the capture' }),
  currency: currencyParam.optional().meta({ title: 'Currency', description: 'ISO 4217 code of the capture, e.g. EUR; required with an amount' }),
  note: z.string().trim().min(1).max(255).optional().meta({ title: 'Note to payer', description: 'The reason, shown to the buyer' }),
  invoiceId: z.string().trim().min(1).max(127).optional().meta({ title: 'Invoice ID', description: 'Your reference for this refund' }),
});

/**
 * `POST /v2/payments/captures/{captureId}/refund` with `PayPal-Request-Id` = the node's idempotency key. Without
 * an amount the rest of the capture is refunded; with one, exactly that amount (converted without float error,
 * see klarna/money.ts). Output: `{ captureId, refundId, status, amount, replayed, refund }`.
 */
export default defineNode({
  type: 'paypal.refund',
  version: 1,
  displayName: 'PayPal: Refund Capture',
  description: 'Refunds a captured PayPal payment in full or in part',
  group: 'commerce',
  params,
  credentials: { paypal: { type: paypalCredential, required: true } },
  translations: {
    de: {
      displayName: 'PayPal: Zahlung erstatten',
      description: 'Erstattet eine eingezogene PayPal-Zahlung ganz oder teilweise',
      params: {
        captureId: { label: 'Erfassungs-ID', description: 'Die eingezogene Zahlung (von paypal.capture als captureId)' },
        amount: { label: 'Betrag', description: 'In Haupteinheiten, z. B. 10.00; leer: den Rest der Zahlung erstatten' },
        currency: { label: 'Währung', description: 'ISO-4217-Code der Zahlung, z. B. EUR; nötig mit Betrag' },
        note: { label: 'Hinweis an den Käufer', description: 'Der Grund, den der Käufer sieht' },
        invoiceId: { label: 'Rechnungsnummer', description: 'Ihre Referenz für diese Erstattung' },
      },
    },
  },
  async run(ctx) {
    const { captureId, amount, currency, note, invoiceId } = ctx.params;
    if (amount !== undefined && currency === undefined) {
      throw new FatalError('a partial refund needs the currency of the capture (e.g. EUR)', { code: 'CURRENCY_REQUIRED', param: 'currency' });
    }
    const money =
      amount !== undefined && currency !== undefined
        ? { value: formatMinorUnits(toMinorUnits(amount, currency, 'amount'), currency), currency_code: currency }
        : undefined;
    const credential = await ctx.credential('paypal');
    const response = await paypalRequest(ctx, credential, {
      method: 'POST',
      path: `/v2/payments/captures/${encodeURIComponent(captureId)}/refund`,
      body: {
        ...(money !== undefined && { amount: money }),
        ...(note !== undefined && { note_to_payer: note }),
        ...(invoiceId !== undefined && { invoice_id: invoiceId }),
      },
      requestId: ctx.idempotencyKey,
      action: `PayPal refund of capture ${captureId}`,
      resourceParam: 'captureId',
      fieldParams: { amount: 'amount', value: 'amount', currency_code: 'currency', note_to_payer: 'note', invoice_id: 'invoiceId' },
    });
    const refund = isJsonObject(response.body) ? response.body : {};
    return {
      captureId,
      refundId: refund.id ?? null,
      status: refund.status ?? null,
      amount: refund.amount ?? money ?? null,
      replayed: response.status === 200,
      refund,
    };
  },
});
