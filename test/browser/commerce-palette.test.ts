import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commerceNodes } from '../../nodes/commerce/index.js';
import type { NodeDefinition } from '../../nodes/sdk/index.js';
import { centerOf, drag, withScreenshot, useEditorSession } from './harness.js';

/**
 * Issue 6, "Done when": each commerce node appears in the editor's palette under Commerce with a form generated
 * from its schema. Against the built editor served by a real server, in English and in German: the Commerce
 * group lists exactly the nodes of `commerceNodes` by their (localized) display names, and every one of them,
 * added to the canvas (two by dragging, the rest by a click in the palette), opens a param form whose fields are
 * the top-level properties of its params schema, in order, with the schema's titles (German labels from the
 * node's translations), and controls of the schema's kind (select with the enum values, checkbox, number).
 */

const session = useEditorSession();

type Schema = Record<string, unknown>;
const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

interface ExpectedField {
  readonly name: string;
  readonly label: { readonly en: string; readonly de: string };
  readonly control: { readonly kind: 'select'; readonly options: readonly string[] } | { readonly kind: 'checkbox' } | { readonly kind: 'number' } | { readonly kind: 'other' };
}

/** What the form of a node must show, read from its definition (zod params → JSON Schema, as the server serves it). */
function expectedFields(definition: NodeDefinition): ExpectedField[] {
  const schema = z.toJSONSchema(definition.params, { io: 'input', unrepresentable: 'any' });
  const properties = isSchema(schema) && isSchema(schema.properties) ? schema.properties : {};
  return Object.entries(properties).filter((entry): entry is [string, Schema] => isSchema(entry[1])).map(([name, property]) => {
    const title = typeof property.title === 'string' ? property.title : name;
    const enumValues = Array.isArray(property.enum) ? property.enum.map(String) : undefined;
    const control: ExpectedField['control'] = enumValues !== undefined
      ? { kind: 'select', options: enumValues }
      : property.type === 'boolean' ? { kind: 'checkbox' }
        : property.type === 'integer' || property.type === 'number' ? { kind: 'number' } : { kind: 'other' };
    return { name, label: { en: title, de: definition.translations?.de?.params?.[name]?.label ?? title }, control };
  });
}

const nameIn = (definition: NodeDefinition, language: 'en' | 'de') =>
  language === 'de' ? (definition.translations?.de?.displayName ?? definition.displayName) : definition.displayName;

/** The palette's Commerce group: heading and the items' [type, shown name], in palette order. */
async function commerceGroup(): Promise<{ heading: string; items: [string, string][] }> {
  const section = session.browser.page.locator('.palette section[aria-labelledby="group-commerce"]');
  await section.waitFor();
  const heading = (await section.locator('h3').textContent()) ?? '';
  const items = await section.locator('button.palette-item').evaluateAll((buttons) =>
    buttons.map((button): [string, string] => [button.getAttribute('data-node-type') ?? '', button.querySelector('.palette-name')?.textContent ?? '']));
  return { heading, items };
}

/** Adds the node (drag onto the canvas or click), opens its panel, checks the form, closes and deletes it. */
async function checkForm(definition: NodeDefinition, language: 'en' | 'de', byDrag: boolean): Promise<void> {
  const { page } = session.browser;
  const before = new Set(await page.locator('.react-flow__node').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-id') ?? '')));
  const item = `.palette section[aria-labelledby="group-commerce"] [data-node-type="${definition.type}"]`;
  if (byDrag) {
    const pane = await page.locator('.react-flow').boundingBox();
    if (!pane) throw new Error('no canvas');
    await drag(page, await centerOf(page, item), { x: pane.x + pane.width / 2, y: pane.y + pane.height / 2 });
  } else {
    await page.locator(item).click();
  }
  await expect.poll(() => page.locator('.react-flow__node').count()).toBe(before.size + 1);
  const added = (await page.locator('.react-flow__node').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-id') ?? ''))).filter((id) => !before.has(id));
  expect(added, definition.type).toHaveLength(1);
  const node = page.locator(`.react-flow__node[data-id="${added[0] ?? ''}"]`);
  await node.dblclick();

  const panel = page.getByTestId('node-panel');
  await panel.waitFor();
  expect(await panel.locator('#panel-title').textContent(), definition.type).toBe(nameIn(definition, language));
  const fields = expectedFields(definition);
  expect(fields.length, `${definition.type} has params`).toBeGreaterThan(0);
  const shown = await panel.locator('.params > .param[data-param]').evaluateAll((params) => params.map((param) => {
    const options = param.querySelectorAll(':scope > select > option');
    const select: string[] = [];
    for (let index = 0; index < options.length; index++) select.push(options[index]?.getAttribute('value') ?? '');
    return {
      name: param.getAttribute('data-param') ?? '',
      label: (param.querySelector('.param-label')?.textContent ?? '').replace(/\s*\*$/, ''),
      select,
      checkbox: param.querySelector(':scope > label.check > input[type="checkbox"]') !== null,
      number: param.querySelector(':scope > input[type="number"]') !== null,
    };
  }));
  expect(shown.map((field) => [field.name, field.label]), definition.type).toEqual(fields.map((field) => [field.name, field.label[language]]));
  fields.forEach((field, index) => {
    const control = shown[index];
    const where = `${definition.type}.${field.name}`;
    switch (field.control.kind) {
      case 'select':
        // enum params: a select offering the schema's values (an optional one also "none")
        expect(control?.select.filter((value) => value !== ''), where).toEqual(field.control.options);
        break;
      case 'checkbox':
        expect(control?.checkbox, where).toBe(true);
        break;
      case 'number':
        expect(control?.number, where).toBe(true);
        break;
      case 'other':
        break;
    }
  });
  if (Object.keys(definition.credentials ?? {}).length > 0) await panel.locator('.credential-picker select').first().waitFor();

  await panel.getByRole('button', { name: language === 'de' ? 'Schließen' : 'Close' }).click();
  await panel.waitFor({ state: 'detached' });
  await node.click();
  await page.keyboard.press('Delete');
  await expect.poll(() => page.locator('.react-flow__node').count()).toBe(before.size);
}

describe('commerce nodes in the editor palette', () => {
  it('lists every commerce node under Commerce / Handel and opens a form generated from its schema', async () => {
    const { page } = session.browser;
    await withScreenshot(page, 'commerce-palette', async () => {
      await page.getByRole('button', { name: 'New workflow' }).click();
      await page.locator('.react-flow').waitFor();

      const english = await commerceGroup();
      expect(english.heading).toBe('Commerce');
      expect(english.items).toEqual(commerceNodes.map((definition) => [definition.type, nameIn(definition, 'en')]));
      for (const [index, definition] of commerceNodes.entries()) {
        await checkForm(definition, 'en', definition.type === 'dhl.createLabel' || definition.type === 'stock.adjust' || index === 0);
      }

      await page.locator('.user-menu > button').click();
      await page.locator('.user-menu select').selectOption('de');
      await page.getByPlaceholder('Knoten suchen').waitFor();
      const german = await commerceGroup();
      expect(german.heading).toBe('Handel');
      expect(german.items).toEqual(commerceNodes.map((definition) => [definition.type, nameIn(definition, 'de')]));
      for (const definition of commerceNodes) await checkForm(definition, 'de', definition.type === 'hubspot.upsertContacts');

      // Spelled out for two of them, so a schema read wrongly above cannot pass unnoticed.
      const fieldsOf = (type: string) => {
        const definition = commerceNodes.find((candidate) => candidate.type === type);
        if (definition === undefined) throw new Error(`${type} is not a commerce node`);
        return expectedFields(definition);
      };
      expect(fieldsOf('dhl.createLabel').slice(0, 2).map((field) => [field.name, field.label.en, field.label.de])).toEqual([
        ['product', 'Product', 'Produkt'], ['billingNumber', 'Billing number', 'Abrechnungsnummer'],
      ]);
      expect(fieldsOf('stock.adjust')[0]).toEqual({
        name: 'direction', label: { en: 'Direction', de: 'Richtung' }, control: { kind: 'select', options: ['decrement', 'increment'] },
      });
    });
  }, 90_000);
});
