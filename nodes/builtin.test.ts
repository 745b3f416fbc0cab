import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtinNodes, createBuiltinRegistry } from './builtin.js';
import { inputsOf, outputsOf } from './sdk/index.js';

const CORE_TYPES = [
  'manual', 'webhook', 'schedule', 'errorTrigger', 'set', 'code', 'if', 'switch', 'filter', 'merge', 'splitOut',
  'aggregate', 'wait', 'respond', 'executeWorkflow', 'stopAndError', 'noop', 'httpRequest', 'email',
];
/** Nodes built with this catalog test's conventions (every param titled and translated). */
const STRICT = new Set(CORE_TYPES.filter((type) => type !== 'httpRequest' && type !== 'email'));

describe('builtin node catalog', () => {
  it('holds every core node of the contract once', () => {
    const types = builtinNodes.map((node) => node.type);
    expect(new Set(types).size).toBe(types.length);
    for (const type of CORE_TYPES) expect(types).toContain(type);
    const registry = createBuiltinRegistry();
    expect(registry.get('merge')?.inputs).toEqual(['a', 'b']);
  });

  it.each(builtinNodes.map((node) => [node.type, node] as const))('%s: JSON Schema, German texts, sane shape', (_type, node) => {
    const schema = z.toJSONSchema(node.params, { io: 'input', unrepresentable: 'any' });
    expect(schema.type).toBe('object');
    if (!STRICT.has(node.type)) return;
    const de = node.translations?.de;
    expect(de?.displayName).toBeTruthy();
    expect(de?.description).toBeTruthy();
    const paramNames = Object.keys(node.params.shape);
    expect(Object.keys(de?.params ?? {}).sort()).toEqual([...paramNames].sort());
    for (const name of paramNames) {
      const property = (schema.properties ?? {})[name];
      expect(property, `${node.type}.${name} has a title`).toHaveProperty('title');
    }
  });

  it.each(builtinNodes.map((node) => [node.type, node] as const))('%s: triggers have no inputs, others do', (_type, node) => {
    if (node.group === 'trigger') {
      expect(inputsOf(node)).toEqual([]);
      expect(node.trigger?.kind).toBeDefined();
    } else {
      expect(inputsOf(node).length).toBeGreaterThan(0);
    }
    expect(outputsOf(node, {}).length).toBeGreaterThan(0);
  });
});
