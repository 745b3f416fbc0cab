import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useEditorSession, withScreenshot } from './harness.js';

/**
 * The stock page ("Bestand"): the built-in ledger listed by SKU (search by prefix, load more), a quantity changed
 * and a SKU added through the dialog (checked through the API), the server's validation message on the field,
 * a SKU's history with the run that made a change, and the page in German.
 */
const session = useEditorSession();

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

/** Calls the API from the test with the browser's session cookie. */
async function api(method: string, path: string, body?: unknown): Promise<Answer> {
  const cookies = await session.browser.context.cookies(session.server.url);
  const headers: Record<string, string> = { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${session.server.url}/api/v1${path}`, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) });
  return { status: res.status, body: await res.json() };
}

const stockSchema = z.object({
  quantity: z.number(),
  history: z.array(z.object({ delta: z.number(), reason: z.string(), executionId: z.string().nullable() })),
});

async function stockOf(sku: string): Promise<z.output<typeof stockSchema>> {
  const answer = await api('GET', `/stock/${encodeURIComponent(sku)}`);
  expect(answer.status).toBe(200);
  return stockSchema.parse(answer.body);
}

const orderFlow = {
  id: 'stock-order',
  name: 'Order takes stock',
  nodes: [
    { id: 'start', type: 'manual', params: {}, position: { x: 0, y: 0 } },
    { id: 'take', type: 'stock.adjust', params: { lines: [{ sku: 'MUG-BLUE', qty: 2 }], reason: 'Bestellung 1001' }, position: { x: 300, y: 0 } },
  ],
  connections: [{ from: 'start', to: 'take' }],
};


const rows = () => session.browser.page.locator('tr[data-sku]');
const skus = () => session.browser.page.locator('tr[data-sku] td:first-child').allTextContents();
const quantityIn = (sku: string) => session.browser.page.locator(`tr[data-sku="${sku}"] td.quantity .value`).textContent();

describe('stock page', () => {
  it('explains the empty ledger, then lists, searches and pages the seeded SKUs', async () => {
    const { page } = session.browser;
    await withScreenshot(page, 'stock-list', async () => {
      await page.getByRole('navigation').getByRole('button', { name: 'Stock' }).click();
      await page.getByRole('heading', { name: 'Stock' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/stock');
      expect(await page.getByTestId('stock-empty').textContent()).toContain('stock.adjust');

      for (let i = 0; i < 52; i++) expect((await api('PUT', `/stock/BULK-${String(i).padStart(2, '0')}`, { quantity: i })).status).toBe(200);
      for (const [sku, quantity] of [['TEE-S', 4], ['TEE-M', 7], ['TEE-L', 2], ['CAP-1', 0]] as const) expect((await api('PUT', `/stock/${sku}`, { quantity })).status).toBe(200);
      expect((await api('PUT', '/stock/MUG-BLUE', { quantity: 12, reason: 'Wareneingang' })).status).toBe(200);
      expect((await api('POST', '/workflows', orderFlow)).status).toBeLessThan(300);
      const run = await api('POST', '/workflows/stock-order/run', { wait: true });
      expect(run.body).toMatchObject({ status: 'success' });

      await page.getByRole('button', { name: 'Refresh' }).click();
      await expect.poll(() => rows().count()).toBe(50);
      expect((await skus()).slice(0, 3)).toEqual(['BULK-00', 'BULK-01', 'BULK-02']);
      await page.getByRole('button', { name: 'Load more' }).click();
      await expect.poll(() => rows().count()).toBe(57);
      expect((await skus()).slice(48)).toEqual(['BULK-48', 'BULK-49', 'BULK-50', 'BULK-51', 'CAP-1', 'MUG-BLUE', 'TEE-L', 'TEE-M', 'TEE-S']);
      expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
      expect(await quantityIn('MUG-BLUE')).toBe('10');
      expect(await page.locator('tr[data-sku="CAP-1"] td.quantity').textContent()).toContain('Out of stock');
      // the last change is a formatted date (en-GB: "4 Dec 2026, 14:20:01"), not a timestamp
      expect(await page.locator('tr[data-sku="TEE-M"] td').nth(2).textContent()).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}:\d{2}$/);

      await page.getByRole('searchbox', { name: 'Search by SKU' }).fill('TEE-');
      await expect.poll(skus).toEqual(['TEE-L', 'TEE-M', 'TEE-S']);
      await page.getByRole('searchbox', { name: 'Search by SKU' }).fill('XYZ');
      await expect.poll(() => page.getByTestId('stock-empty').textContent()).toBe('No SKU starts with “XYZ”.');
    });
  }, 60_000);

  it('changes a quantity in the dialog, shows the server refusing a negative one, and lists the history', async () => {
    const { page } = session.browser;
    await withScreenshot(page, 'stock-edit', async () => {
      await page.getByRole('searchbox', { name: 'Search by SKU' }).fill('TEE-');
      await expect.poll(skus).toEqual(['TEE-L', 'TEE-M', 'TEE-S']);

      await page.locator('tr[data-sku="TEE-M"]').getByRole('button', { name: 'Change quantity' }).click();
      const dialog = page.getByRole('dialog', { name: 'Change the quantity of TEE-M' });
      await dialog.getByLabel('Quantity').fill('5');
      await dialog.getByLabel('Reason').fill('Inventur');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.waitFor({ state: 'detached' });
      await expect.poll(() => quantityIn('TEE-M')).toBe('5');
      const saved = await stockOf('TEE-M');
      expect(saved.quantity).toBe(5);
      expect(saved.history[0]).toMatchObject({ delta: -2, reason: 'Inventur', executionId: null });

      // a negative quantity: the API's message next to the field, nothing changed, the page still works
      await page.locator('tr[data-sku="TEE-M"]').getByRole('button', { name: 'Change quantity' }).click();
      await dialog.getByLabel('Quantity').fill('-3');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => dialog.locator('.field-error').textContent()).toBe('quantity must be at least 0');
      await dialog.getByLabel('Quantity').fill('');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => dialog.locator('.field-error').textContent()).toContain('Enter a quantity');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
      expect((await stockOf('TEE-M')).quantity).toBe(5);
      expect(await quantityIn('TEE-M')).toBe('5');

      await page.locator('tr[data-sku="TEE-M"]').getByRole('button', { name: 'TEE-M' }).click();
      const history = page.getByTestId('stock-history');
      await history.getByRole('heading', { name: 'History of TEE-M' }).waitFor();
      const entries = history.locator('tr.history-entry');
      await expect.poll(() => entries.count()).toBe(2);
      expect(await entries.nth(0).locator('td').nth(1).textContent()).toBe('−2');
      expect(await entries.nth(0).locator('td').nth(2).textContent()).toBe('5');
      expect(await entries.nth(0).locator('td.reason').textContent()).toBe('Inventur');
      expect(await entries.nth(1).locator('td').nth(1).textContent()).toBe('+7');
    });
  }, 60_000);

  it('adds a SKU, refuses adding one that exists, and opens the run that took stock', async () => {
    const { page } = session.browser;
    await withScreenshot(page, 'stock-add', async () => {
      await page.getByRole('searchbox', { name: 'Search by SKU' }).fill('SOCK');
      await expect.poll(() => page.getByTestId('stock-empty').textContent()).toBe('No SKU starts with “SOCK”.');
      await page.getByRole('button', { name: 'Add SKU' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add SKU' });
      await dialog.getByLabel('SKU').fill('SOCK-RED');
      await dialog.getByLabel('Quantity').fill('9');
      await dialog.getByLabel('Reason').fill('Wareneingang');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.waitFor({ state: 'detached' });
      await expect.poll(skus).toEqual(['SOCK-RED']);
      expect(await quantityIn('SOCK-RED')).toBe('9');
      const added = await stockOf('SOCK-RED');
      expect(added.quantity).toBe(9);
      expect(added.history).toMatchObject([{ delta: 9, reason: 'Wareneingang' }]);
      await page.getByTestId('stock-history').getByRole('heading', { name: 'History of SOCK-RED' }).waitFor();

      await page.getByRole('button', { name: 'Add SKU' }).click();
      await dialog.getByLabel('SKU').fill('TEE-M');
      await dialog.getByLabel('Quantity').fill('100');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => dialog.locator('.field-error').textContent()).toContain('exists already (quantity 5)');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect((await stockOf('TEE-M')).quantity).toBe(5);

      await page.getByRole('searchbox', { name: 'Search by SKU' }).fill('MUG');
      await expect.poll(skus).toEqual(['MUG-BLUE']);
      await page.locator('tr[data-sku="MUG-BLUE"]').getByRole('button', { name: 'MUG-BLUE' }).click();
      const entries = page.getByTestId('stock-history').locator('tr.history-entry');
      await expect.poll(() => entries.count()).toBe(2);
      expect(await entries.nth(0).locator('td.reason').textContent()).toBe('Bestellung 1001');
      expect(await entries.nth(1).locator('td.reason').textContent()).toBe('Wareneingang');
      expect(await entries.nth(1).getByRole('button', { name: 'Open execution' }).count()).toBe(0);
      const executionId = (await stockOf('MUG-BLUE')).history[0]?.executionId;
      expect(executionId).toEqual(expect.any(String));
      await entries.nth(0).getByRole('button', { name: 'Open execution' }).click();
      await expect.poll(() => new URL(page.url()).pathname).toBe(`/workflows/stock-order/executions/${executionId}`);
      await expect.poll(() => page.locator('.react-flow__node[data-id="take"] .flow-node').getAttribute('data-status'), { timeout: 10_000 }).toBe('success');
    });
  }, 60_000);

  it('shows the page in German', async () => {
    const { page } = session.browser;
    await withScreenshot(page, 'stock-german', async () => {
      await page.getByRole('navigation').getByRole('button', { name: 'Stock' }).click();
      await page.locator('.user-menu > button').click();
      await page.locator('.user-menu select').selectOption('de');
      await page.getByRole('heading', { name: 'Bestand' }).waitFor();
      expect(await page.getByRole('navigation').getByRole('button', { name: 'Bestand' }).count()).toBe(1);
      await page.getByRole('searchbox', { name: 'Nach SKU suchen' }).fill('TEE-');
      await expect.poll(skus).toEqual(['TEE-L', 'TEE-M', 'TEE-S']);
      expect(await page.getByTestId('stock-table').locator('th').allTextContents()).toEqual(['SKU', 'Menge', 'Letzte Änderung', 'Aktionen']);
      expect(await page.locator('tr[data-sku="TEE-M"] td').nth(2).textContent()).toMatch(/^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}:\d{2}$/);
      await page.locator('tr[data-sku="TEE-M"]').getByRole('button', { name: 'Menge ändern' }).click();
      const dialog = page.getByRole('dialog', { name: 'Menge von TEE-M ändern' });
      expect(await dialog.getByLabel('Grund (optional)').getAttribute('placeholder')).toBe('z. B. Inventur');
      await dialog.getByRole('button', { name: 'Abbrechen' }).click();
      await page.getByRole('searchbox', { name: 'Nach SKU suchen' }).fill('NICHTS');
      await expect.poll(() => page.getByTestId('stock-empty').textContent()).toBe('Keine SKU beginnt mit „NICHTS“.');
    });
  }, 60_000);
});
