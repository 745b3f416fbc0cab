import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, useEditorSession, withScreenshot } from './harness.js';

/**
 * Params that are objects (DHL's shipper address) get a sub-form of their own fields, and lists of plain values
 * (parcel weights) one line of comma-separated values — no JSON for a merchant to type. Checked on the
 * order-fulfilment example as imported, with the saved workflow read back through the API.
 */
const session = useEditorSession();

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const cookies = await session.browser.context.cookies(session.server.url);
  const headers: Record<string, string> = { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${session.server.url}/api/v1${path}`, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) });
  return { status: res.status, body: await res.json() };
}

function labelParams(workflow: unknown): Record<string, unknown> {
  if (typeof workflow !== 'object' || workflow === null || !('nodes' in workflow) || !Array.isArray(workflow.nodes)) throw new Error('not a workflow');
  const label: unknown = workflow.nodes.find((node: unknown) => typeof node === 'object' && node !== null && 'id' in node && node.id === 'label');
  if (typeof label !== 'object' || label === null || !('params' in label) || typeof label.params !== 'object' || label.params === null) throw new Error('no label node');
  return { ...label.params };
}

describe('object and value-list params in the node form', () => {
  it('edits the shipper address field by field and parcel weights as one line', async () => {
    const { page } = session.browser;
    const example: unknown = JSON.parse(readFileSync(join(ROOT, 'workflows/order-fulfilment.json'), 'utf8'));
    expect((await api('POST', '/workflows', example)).status).toBe(201);
    await withScreenshot(page, 'nested-params', async () => {
      await page.goto(`${session.server.url}/workflows/order-fulfilment`);
      await page.locator('.react-flow__node[data-id="label"]').dblclick();
      const panel = page.getByTestId('node-panel');
      await panel.waitFor();

      const shipper = panel.locator('.param[data-param="shipper"]');
      await expect.poll(() => shipper.locator('.param[data-param^="shipper."]').evaluateAll((fields) => fields.map((f) => f.getAttribute('data-param')))).toEqual([
        'shipper.name1', 'shipper.name2', 'shipper.addressStreet', 'shipper.addressHouse', 'shipper.postalCode', 'shipper.city', 'shipper.country',
        'shipper.email', 'shipper.contactName',
      ]);
      expect(await shipper.locator('textarea').count()).toBe(0);
      const city = shipper.locator('.param[data-param="shipper.city"] input');
      expect(await city.inputValue()).toBe('Bonn');
      expect(await shipper.locator('.param[data-param="shipper.name1"] .param-label').textContent()).toBe('Name *');
      await city.fill('Köln');
      await shipper.locator('.param[data-param="shipper.postalCode"] input').fill('50667');
      await shipper.locator('.param[data-param="shipper.email"] input').fill('versand@mein-shop.de');

      const weights = panel.locator('.param[data-param="parcelWeightsKg"] input');
      await weights.fill('0,8; x');
      await expect.poll(() => panel.locator('.param[data-param="parcelWeightsKg"] .field-error').textContent()).toBe('"x" is not a number');
      await weights.fill('0,8; 1,2');
      await expect.poll(() => panel.locator('.param[data-param="parcelWeightsKg"] .field-error').count()).toBe(0);

      await page.getByRole('button', { name: 'Save' }).click();
      await expect.poll(async () => labelParams((await api('GET', '/workflows/order-fulfilment')).body).shipper).toEqual({
        name1: 'Mein Shop GmbH', addressStreet: 'Sträßchensweg 10', postalCode: '50667', city: 'Köln', country: 'DE', email: 'versand@mein-shop.de',
      });
      expect(labelParams((await api('GET', '/workflows/order-fulfilment')).body).parcelWeightsKg).toEqual([0.8, 1.2]);

      // Clearing an optional field removes it from the object.
      await shipper.locator('.param[data-param="shipper.email"] input').fill('');
      await page.getByRole('button', { name: 'Save' }).click();
      await expect.poll(async () => Object.keys(labelParams((await api('GET', '/workflows/order-fulfilment')).body).shipper as object)).not.toContain('email');
    });
  });
});
