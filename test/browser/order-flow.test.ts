import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ROOT, centerOf, drag, launch, setupOwner, startServer, withScreenshot, type Browser, type RunningServer } from './harness.js';

/**
 * The main story, in a real browser against a real server: a new user sets up the owner account,
 * builds webhook → set → if → respond from the palette with the mouse, maps a field with an expression,
 * tests it through the test URL, sees each node's data, activates the workflow, calls the production URL
 * and finds the execution in the list.
 */
let server: RunningServer;
/** `FLOWWERK_SCREENSHOTS=docs/screenshots` also saves the README's screenshots on the way. */
const shots = process.env['FLOWWERK_SCREENSHOTS'];
const shoot = async (name: string) => {
  if (shots) await browser.page.screenshot({ path: join(ROOT, shots, `${name}.png`) });
};
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const node = (id: string) => `.react-flow__node[data-id="${id}"]`;

describe('order flow in the editor', () => {
  it('is built, tested, switched on and found in the executions', async () => {
    const { page } = browser;
    await withScreenshot(page, 'order-flow', async () => {
      await setupOwner(page, server.url);
      await page.getByRole('button', { name: 'New workflow' }).click();
      await page.locator('.react-flow').waitFor();

      // webhook and set: dragged from the palette onto the canvas
      const pane = await page.locator('.react-flow').boundingBox();
      if (!pane) throw new Error('no canvas');
      await drag(page, await centerOf(page, '[data-node-type="webhook"]'), { x: pane.x + 150, y: pane.y + 200 });
      await page.locator(node('webhook')).waitFor();
      await drag(page, await centerOf(page, '[data-node-type="set"]'), { x: pane.x + 450, y: pane.y + 200 });
      await page.locator(node('set')).waitFor();

      // connect webhook → set by dragging from the output handle to the input handle
      await drag(page, await centerOf(page, `${node('webhook')} .react-flow__handle.source`), await centerOf(page, `${node('set')} .react-flow__handle.target`));
      await page.locator('.react-flow__edge[data-id="webhook:main->set:main"]').waitFor({ state: 'attached' });
      expect(await page.locator('.react-flow__edge').count()).toBe(1);

      // if and respond: the "+" on an output handle, then a click in the palette
      await page.locator(node('set')).hover();
      await page.locator(`${node('set')} button.add-after`).click();
      await page.getByPlaceholder('Search nodes').fill('if');
      await page.locator('[data-node-type="if"]').click();
      await page.locator(node('if')).waitFor();
      await page.locator(node('if')).hover();
      await page.locator(`${node('if')} button.add-after[data-output="true"]`).click();
      await page.getByPlaceholder('Search nodes').fill('respond');
      await page.locator('[data-node-type="respond"]').click();
      await page.locator(node('respond')).waitFor();
      expect(await page.locator('.react-flow__edge').count()).toBe(3);

      // webhook params: path and response mode
      const path = `orders-${Date.now()}`;
      await page.locator(node('webhook')).dblclick();
      const panel = page.getByTestId('node-panel');
      await panel.locator('[data-param="path"] input').fill(path);
      await panel.locator('[data-param="responseMode"] select').selectOption('respondNode');
      await page.keyboard.press('Escape');

      // set: a field mapped with an expression
      await page.locator(node('set')).dblclick();
      await panel.getByTestId('kv-add-fields').click();
      await panel.getByLabel('Name', { exact: true }).last().fill('total');
      await panel.getByLabel('Value of total').fill('{{ $json.body.qty * $json.body.price }}');
      await panel.getByRole('button', { name: 'Close' }).click();

      // if: the condition as an expression in the expression editor
      await page.locator(node('if')).dblclick();
      await panel.locator('[data-param="condition"] input').fill('{{ $json.total > 100 }}');
      await expect.poll(() => panel.locator('[data-param="condition"] .cm-content').count()).toBe(1);
      await panel.getByRole('button', { name: 'Close' }).click();

      // save, then test through the test URL
      await page.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => page.getByTestId('save-state').textContent()).toBe('Saved');
      await page.getByTestId('test-workflow').click();
      const urlText = (await page.getByTestId('test-url').first().textContent()) ?? '';
      const testUrl = urlText.replace(/^POST\s+/, '').trim();
      expect(testUrl).toContain(`/webhook-test/${path}`);
      const testAnswer = await fetch(testUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ qty: 3, price: 50 }) });
      expect(testAnswer.status).toBe(200);
      expect(await testAnswer.json()).toMatchObject({ total: 150 });

      // each node shows its status; the set node's output holds the mapped field
      for (const id of ['webhook', 'set', 'if', 'respond']) {
        await expect.poll(() => page.locator(node(id)).locator('.flow-node').getAttribute('data-status'), { timeout: 10_000 }).toBe('success');
      }
      await page.locator(node('set')).dblclick();
      await expect.poll(() => panel.getByTestId('output-data-main').textContent()).toContain('150');
      await expect.poll(() => panel.getByTestId('input-data').textContent()).toContain('qty');
      // drag a field of the input data onto a param: it becomes the expression for that field
      await panel.getByTestId('kv-add-fields').click();
      await panel.getByLabel('Name', { exact: true }).last().fill('quantity');
      await panel.locator('[data-field-path="body.qty"]').dragTo(panel.locator('[data-kv-value="quantity"]'));
      await expect.poll(() => panel.locator('[data-kv-value="quantity"]').inputValue()).toBe('{{ $json.body.qty }}');
      await expect.poll(() => panel.locator('[data-kv-row="1"] [data-testid="expression-preview"]').textContent()).toContain('3');
      await shoot('node-panel');
      await panel.getByTestId('input-data').getByRole('button', { name: 'JSON' }).click();
      expect(await panel.getByTestId('input-data').locator('pre').textContent()).toContain('"price": 50');
      await panel.getByRole('button', { name: 'Close' }).click();

      // the expression editor completes $json fields from the node's last input and previews the first item
      await page.locator(node('if')).dblclick();
      const condition = panel.locator('[data-param="condition"]');
      await expect.poll(() => condition.getByTestId('expression-preview').textContent()).toContain('true');
      await condition.locator('.cm-content').click();
      await page.keyboard.press('End');
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
      await page.keyboard.type(' && $json.bo', { delay: 20 });
      await page.locator('.cm-tooltip-autocomplete').getByText('$json.body.price').waitFor();
      await page.keyboard.type('dy.pr', { delay: 20 });
      await page.locator('.cm-tooltip-autocomplete li[aria-selected="true"]').getByText('$json.body.price').waitFor();
      await page.waitForTimeout(150); // CodeMirror ignores Enter for 75 ms after the list changes
      await page.keyboard.press('Enter');
      await expect.poll(() => condition.locator('.cm-content').textContent()).toBe('{{ $json.total > 100 && $json.body.price }}');
      await expect.poll(() => condition.getByTestId('expression-preview').textContent()).toContain('50');
      await panel.getByRole('button', { name: 'Close' }).click();
      await page.getByTestId('runbar').getByText(/1 item|success/).first().waitFor();
      await shoot('canvas-test-run');

      // switch on, call the production URL
      await page.getByTestId('active-toggle').click();
      await expect.poll(() => page.getByTestId('active-toggle').isChecked()).toBe(true);
      await expect
        .poll(async () => (await fetch(`${server.url}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ qty: 1, price: 20 }) })).status, { timeout: 10_000 })
        .toBe(200);

      // the production run is in the executions list
      await page.getByRole('button', { name: 'Executions' }).first().click();
      await page.getByTestId('executions').waitFor();
      await expect.poll(() => page.locator('[data-testid="executions"] tr[data-mode="webhook"]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      await shoot('executions');
      await page.locator('[data-testid="executions"] tr[data-mode="webhook"]').first().getByRole('button', { name: 'Open' }).click();
      await expect.poll(() => page.locator(node('if')).locator('.flow-node').getAttribute('data-status'), { timeout: 10_000 }).toBe('success');
      await expect.poll(() => page.locator(node('respond')).locator('.flow-node').getAttribute('data-status')).toBe('skipped');
    });
  }, 120_000);
});
