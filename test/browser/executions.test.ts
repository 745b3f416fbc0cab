import { describe, expect, it } from 'vitest';
import { withScreenshot, useEditorSession } from './harness.js';

/** A failing run shown with its error, retry from the failed node, the executions list; credentials page. */
const session = useEditorSession();

const node = (id: string) => `.react-flow__node[data-id="${id}"]`;

const failing = {
  id: 'failing-flow',
  name: 'Failing flow',
  nodes: [
    { id: 'start', type: 'manual', params: {}, position: { x: 0, y: 0 } },
    { id: 'prepare', type: 'set', params: { fields: { order: 'A-1' } }, position: { x: 300, y: 0 } },
    { id: 'boom', type: 'stopAndError', params: { message: 'stock service down', code: 'STOCK_DOWN' }, position: { x: 600, y: 0 } },
  ],
  connections: [{ from: 'start', to: 'prepare' }, { from: 'prepare', to: 'boom' }],
};

describe('executions and credentials', () => {
  it('shows a failed run with its error and retries it from the failed node', async () => {
    const { page } = session.browser;
    await withScreenshot(page, 'failed-run', async () => {
      await page.getByTestId('import-file').setInputFiles({ name: 'f.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(failing)) });
      await page.locator('tr[data-workflow-id="failing-flow"] a').click();
      await page.getByTestId('test-workflow').click();
      await expect.poll(() => page.locator(node('boom')).locator('.flow-node').getAttribute('data-status'), { timeout: 10_000 }).toBe('failed');
      expect(await page.locator(node('prepare')).locator('.flow-node').getAttribute('data-status')).toBe('success');
      expect(await page.getByTestId('run-result').textContent()).toContain('stock service down');
      await page.locator(node('boom')).dblclick();
      await expect.poll(() => page.getByTestId('node-panel').getByRole('alert').first().textContent()).toContain('STOCK_DOWN');
      await page.getByRole('button', { name: 'Close' }).click();

      await page.getByTestId('run-result').getByRole('button', { name: 'Retry from failed node' }).click();
      await expect.poll(() => page.locator(node('boom')).locator('.flow-node').getAttribute('data-status'), { timeout: 10_000 }).toBe('failed');

      await page.getByRole('toolbar').getByRole('button', { name: 'Executions' }).click();
      const table = page.getByTestId('executions');
      await table.waitFor();
      await expect.poll(() => table.locator('tr[data-mode="retry"]').count(), { timeout: 10_000 }).toBe(1);
      expect(await table.locator('tr[data-mode="manual"]').count()).toBe(1);
      expect(await table.textContent()).toContain('stock service down');
      await page.getByLabel('Status').selectOption('success');
      await expect.poll(() => table.count()).toBe(0);
    });
  }, 60_000);

  it('creates a credential without ever showing its secret again, and picks it in a node', async () => {
    const { page } = session.browser;
    await withScreenshot(page, 'credentials', async () => {
      await page.getByRole('navigation').getByRole('button', { name: 'Credentials' }).click();
      await page.getByRole('button', { name: 'New credential' }).click();
      const form = page.getByRole('form', { name: 'New credential' });
      await form.getByLabel('Type').selectOption('httpHeader');
      await form.getByLabel('Name', { exact: true }).fill('Shop API token');
      await form.locator('input').nth(1).fill('X-Shop-Token');
      await form.locator('input[type="password"]').fill('super-secret-value');
      await form.getByRole('button', { name: 'Create' }).click();
      await page.getByRole('cell', { name: 'Shop API token' }).waitFor();
      expect(await page.content()).not.toContain('super-secret-value');

      // the node panel's credential picker offers it for the matching slot
      await page.getByRole('navigation').getByRole('button', { name: 'Workflows' }).click();
      await page.locator('tr[data-workflow-id="failing-flow"] a').click();
      await page.getByPlaceholder('Search nodes').fill('http');
      await page.locator('[data-node-type="httpRequest"]').click();
      await page.locator(node('httpRequest')).dblclick();
      const picker = page.getByTestId('node-panel').locator('.credential-picker');
      const select = picker.getByLabel(/headerAuth/);
      await select.selectOption({ label: 'Shop API token' });
      // the server refuses the missing URL; its message shows on the field
      await page.getByRole('button', { name: 'Save' }).click();
      const url = page.getByTestId('node-panel').locator('[data-param="url"]');
      await expect.poll(() => url.locator('.field-error').allTextContents()).toContain('node "httpRequest": param "url": Invalid input: expected string, received undefined');
      await url.locator('input').fill('https://shop.example.test/stock');
      await page.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => page.getByTestId('save-state').textContent()).toBe('Saved');
      const saved = JSON.parse(String(await page.evaluate(`fetch('/api/v1/workflows/failing-flow').then((r) => r.text())`)));
      const http = saved.nodes.find((n: { id: string }) => n.id === 'httpRequest');
      expect(Object.keys(http.credentials)).toEqual(['headerAuth']);
    });
  }, 60_000);
});
