import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createBuiltinRegistry } from '../builtin.js';
import { inputsOf, outputsOf } from '../sdk/index.js';
import { commerceNodes } from './index.js';

/** The contract's commerce node types; each area adds its own as it lands. */
const CONTRACT_TYPES = [
  'shopify.orderCreated', 'woocommerce.orderCreated', 'shopware.orderPlaced', 'shop.order',
  'stock.adjust', 'stock.get', 'stock.set', 'billbee.updateStock', 'plentymarkets.correctStock',
  'ebay.updateQuantity', 'amazon.updateQuantity', 'dhl.createLabel', 'dhl.cancelLabel', 'dhl.track',
  'hermes.createLabel', 'paypal.capture', 'paypal.refund', 'paypal.webhook', 'klarna.capture', 'klarna.refund',
  'brevo.sendEmail', 'hubspot.upsertContacts', 'customers.segment',
];

describe('commerce node catalog', () => {
  it('registers every commerce node once, beside the core nodes', () => {
    const types = commerceNodes.map((node) => node.type);
    expect(new Set(types).size).toBe(types.length);
    const registry = createBuiltinRegistry();
    for (const type of types) expect(registry.get(type)?.type).toBe(type);
    expect(registry.get('set')?.type).toBe('set');
  });

  it('holds every commerce type the contract names', () => {
    const types = new Set(commerceNodes.map((node) => node.type));
    expect(CONTRACT_TYPES.filter((type) => !types.has(type))).toEqual([]);
  });

  it.each(commerceNodes.map((node) => [node.type, node] as const))('%s: Commerce group, German texts, titled params', (_type, node) => {
    expect(node.group).toBe('commerce');
    const schema = z.toJSONSchema(node.params, { io: 'input', unrepresentable: 'any' });
    expect(schema.type).toBe('object');
    const de = node.translations?.de;
    expect(de?.displayName).toBeTruthy();
    expect(de?.description).toBeTruthy();
    for (const name of Object.keys(node.params.shape)) {
      expect((schema.properties ?? {})[name], `${node.type}.${name} has a title`).toHaveProperty('title');
      expect(de?.params?.[name]?.label, `${node.type}.${name} has a German label`).toBeTruthy();
    }
    if (node.trigger !== undefined) expect(inputsOf(node)).toEqual([]);
    else expect(inputsOf(node).length).toBeGreaterThan(0);
    expect(outputsOf(node, {}).length).toBeGreaterThan(0);
  });
});
