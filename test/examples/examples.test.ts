import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowwerk, reportOf, repoRoot } from '../cli/cli-process.js';

/** Runs an example from workflows/ with its sample input through the built CLI, as a user would. */
async function runExample(name: string) {
  const workflow = path.join('workflows', `${name}.json`);
  const input = path.join('workflows', `${name}.input.json`);
  const result = await flowwerk(['run', workflow, '--input', input], { cwd: repoRoot });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const report = reportOf(result);
  expect(report.status).toBe('success');
  return report.output;
}

describe('example workflows', () => {
  it('order-totals: both branches of the if meet in the merge, free shipping first (input a)', async () => {
    const output = await runExample('order-totals');
    expect(output).toEqual([
      { orderId: '1002', email: 'ben@example.test', total: 115.7, shipping: 0, tier: 'free shipping', grandTotal: 115.7, summary: 'Order 1002: free shipping' },
      { orderId: '1001', email: 'anna@example.test', total: 33.9, shipping: 4.95, tier: 'standard', grandTotal: 38.85, summary: 'Order 1001: standard' },
      { orderId: '1003', email: 'cem@example.test', total: 13, shipping: 4.95, tier: 'standard', grandTotal: 17.95, summary: 'Order 1003: standard' },
    ]);
  });

  it('order-lines: splits, drops the cancelled line, prices with the order currency, aggregates', async () => {
    const output = await runExample('order-lines');
    expect(output).toEqual([
      {
        lines: [
          { sku: 'MUG-01', title: 'Mug, blue', qty: 2, unitPrice: 12.5, lineTotal: 25, currency: 'EUR' },
          { sku: 'KETTLE-3', title: 'Kettle 1.5 l', qty: 1, unitPrice: 89, lineTotal: 89, currency: 'EUR' },
          { sku: 'SPOON-2', title: 'Tea spoon', qty: 4, unitPrice: 3.25, lineTotal: 13, currency: 'EUR' },
        ],
        orderId: 'SO-2024-0042',
        lineCount: 3,
        units: 7,
        net: 127,
      },
    ]);
  });

  it('invoice-vat: each line goes through the sub-workflow lib/add-vat.json by file', async () => {
    const output = await runExample('invoice-vat');
    expect(output).toEqual([
      {
        lines: [
          { sku: 'MUG-01', qty: 2, unitPrice: 12.5, vatRate: 19, net: 25, vat: 4.75, gross: 29.75 },
          { sku: 'BOOK-11', qty: 1, unitPrice: 24, vatRate: 7, net: 24, vat: 1.68, gross: 25.68 },
        ],
        invoiceFor: 'SO-2024-0043',
        net: 49,
        vat: 6.43,
        gross: 55.43,
      },
    ]);
  });

  it('lib/add-vat: the sub-workflow also runs on its own', async () => {
    const output = await runExample('lib/add-vat');
    expect(output).toEqual([{ sku: 'MUG-01', qty: 2, unitPrice: 12.5, vatRate: 19, net: 25, vat: 4.75, gross: 29.75 }]);
  });

  it('every example validates', async () => {
    for (const name of ['order-totals', 'order-lines', 'invoice-vat', 'lib/add-vat', 'order-fulfilment', 'stock-sync', 'payment-capture-on-shipment', 'win-back-campaign']) {
      const result = await flowwerk(['validate', path.join('workflows', `${name}.json`)], { cwd: repoRoot });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    }
  });
});
