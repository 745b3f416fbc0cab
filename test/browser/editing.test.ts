import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { centerOf, drag, withScreenshot, useEditorSession } from './harness.js';

/** Import/export, undo/redo, copy/paste (within the editor and from text), manual test runs, language switch. */
const session = useEditorSession();

const node = (id: string) => `.react-flow__node[data-id="${id}"]`;
const nodeCount = () => session.browser.page.locator('.react-flow__node').count();
const positionOf = async (id: string) => /translate\([^)]*\)/.exec((await session.browser.page.locator(node(id)).getAttribute('style')) ?? '')?.[0] ?? '';

const imported = {
  id: 'imported-flow',
  name: 'Imported flow',
  nodes: [
    { id: 'start', type: 'manual', params: {}, position: { x: 0, y: 0 } },
    { id: 'set', type: 'set', params: { fields: { greeting: 'hello' } }, position: { x: 300, y: 0 } },
  ],
  connections: [{ from: 'start', to: 'set' }],
};

describe('editing in the browser', () => {
  it('imports a JSON file and exports it again', async () => {
    const { page } = session.browser;
    await withScreenshot(page, 'import-export', async () => {
      await page.getByTestId('import-file').setInputFiles({ name: 'flow.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(imported)) });
      const row = page.locator('tr[data-workflow-id="imported-flow"]');
      await row.waitFor();
      expect(await row.textContent()).toContain('Imported flow');
      const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'Export' }).click()]);
      const path = await download.path();
      const exported: unknown = JSON.parse(readFileSync(path, 'utf8'));
      expect(exported).toMatchObject({ id: 'imported-flow', name: 'Imported flow', connections: [{ from: 'start', to: 'set' }] });
      // a broken file is refused with the problems listed
      await page.getByTestId('import-file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"nodes":[{"type":"set"}]}') });
      await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('nodes.0.id');
    });
  }, 60_000);

  it('undoes and redoes adding, moving and deleting nodes', async () => {
    const { page } = session.browser;
    await withScreenshot(page, 'undo-redo', async () => {
      await page.locator('tr[data-workflow-id="imported-flow"] a').click();
      await page.locator(node('set')).waitFor();
      expect(await nodeCount()).toBe(2);
      await page.getByPlaceholder('Search nodes').fill('no operation');
      await page.locator('[data-node-type="noop"]').click();
      await page.locator(node('noop')).waitFor();
      expect(await nodeCount()).toBe(3);
      await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
      await page.keyboard.press('Control+z');
      await expect.poll(nodeCount).toBe(2);
      await page.keyboard.press('Control+Shift+z');
      await expect.poll(nodeCount).toBe(3);

      const before = await positionOf('set');
      const from = await centerOf(page, `${node('set')} .flow-node-title`);
      await drag(page, from, { x: from.x + 120, y: from.y + 160 });
      await expect.poll(() => positionOf('set')).not.toBe(before);
      await page.keyboard.press('Control+z');
      await expect.poll(() => positionOf('set')).toBe(before);

      await page.locator(node('noop')).click();
      await page.keyboard.press('Delete');
      await expect.poll(nodeCount).toBe(2);
      await page.keyboard.press('Control+z');
      await expect.poll(nodeCount).toBe(3);
    });
  }, 60_000);

  it('copies nodes as workflow JSON and pastes them, also from text written elsewhere', async () => {
    const { page } = session.browser;
    await withScreenshot(page, 'copy-paste', async () => {
      await page.locator(node('set')).click();
      await page.keyboard.press('Control+c');
      const copied = JSON.parse(String(await page.evaluate('navigator.clipboard.readText()')));
      expect(copied).toMatchObject({ nodes: [{ id: 'set', type: 'set', params: { fields: { greeting: 'hello' } } }] });
      await page.mouse.move(700, 600);
      await page.keyboard.press('Control+v');
      await page.locator(node('set2')).waitFor();

      const typed = JSON.stringify({ nodes: [{ id: 'typed', type: 'noop' }, { id: 'after', type: 'noop' }], connections: [{ from: 'typed', to: 'after' }] });
      await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(typed)})`);
      await page.keyboard.press('Control+v');
      await page.locator(node('typed')).waitFor();
      await page.locator('.react-flow__edge[data-id="typed:main->after:main"]').waitFor({ state: 'attached' });
      await page.evaluate(`navigator.clipboard.writeText("not a workflow")`);
      await page.keyboard.press('Control+v');
      await expect.poll(() => page.locator('.notice-error').last().textContent()).toContain('no workflow JSON');
      expect(await nodeCount()).toBe(6);
    });
  }, 60_000);

  it('adds nodes by keyboard, sticky notes, tidies up, shows help and warns about unsaved changes', async () => {
    const { page } = session.browser;
    await withScreenshot(page, 'keyboard-layout', async () => {
      await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
      await page.keyboard.press('/');
      await page.keyboard.type('merge');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.locator(node('merge')).waitFor();
      expect(await page.locator(`${node('merge')} .react-flow__handle.target`).count()).toBe(2);

      await page.getByRole('button', { name: 'Sticky note' }).click();
      await page.locator('.react-flow__node-sticky').waitFor();
      await page.locator('.react-flow__node-sticky textarea').fill('Check stock first');
      await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });

      const before = await positionOf('merge');
      await page.getByRole('button', { name: 'Tidy up' }).click();
      await expect.poll(() => positionOf('merge')).not.toBe(before);
      await page.keyboard.press('Control+z');
      await expect.poll(() => positionOf('merge')).toBe(before);

      await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
      await page.keyboard.press('?');
      await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).getByText('Ctrl+Shift+Z').waitFor();
      await page.keyboard.press('Escape');

      let asked = '';
      page.once('dialog', (dialog) => {
        asked = dialog.message();
        void dialog.dismiss();
      });
      await page.getByRole('button', { name: 'Back to the workflows' }).click();
      await expect.poll(() => asked).toContain('unsaved changes');
      expect(await page.locator(node('merge')).count()).toBe(1);
    });
  }, 60_000);

  it('saves, runs the manual trigger and shows node results, then switches to German', async () => {
    const { page } = session.browser;
    await withScreenshot(page, 'manual-run', async () => {
      await page.getByTestId('test-workflow').click();
      await expect.poll(() => page.locator(node('set')).locator('.flow-node').getAttribute('data-status'), { timeout: 10_000 }).toBe('success');
      expect(await page.getByTestId('save-state').textContent()).toBe('Saved');
      await page.locator(node('set')).dblclick();
      await expect.poll(() => page.getByTestId('output-data-main').textContent()).toContain('hello');
      // pin the output: stored in the workflow's pinData, marked on the node
      await page.getByRole('button', { name: 'Pin output' }).click();
      await page.getByRole('button', { name: 'Close' }).click();
      await page.locator(`${node('set')} .badge.pinned`).waitFor();
      await page.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => page.getByTestId('save-state').textContent()).toBe('Saved');
      const saved = JSON.parse(String(await page.evaluate(`fetch('/api/v1/workflows/imported-flow').then((r) => r.text())`)));
      expect(saved.pinData).toEqual({ set: [{ greeting: 'hello' }] });
      await page.reload();
      await page.locator(node('typed')).waitFor();

      await page.locator('.user-menu > button').click();
      await page.locator('.user-menu select').selectOption('de');
      await page.getByRole('button', { name: 'Workflow testen' }).waitFor();
      await page.getByPlaceholder('Knoten suchen').fill('Felder');
      expect(await page.locator('.palette-item').first().textContent()).toContain('Felder setzen');
    });
  }, 60_000);
});
