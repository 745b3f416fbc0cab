import { describe, expect, it } from 'vitest';
import { catalogOf, portsOf } from '../lib/catalog.js';
import { checkConnection, edgeKey, move, remove, uniqueId } from './graph.js';
import { extractFragment, parseFragment, pasteFragment } from './fragment.js';
import { testCatalog, testWorkflow } from './test-fixtures.js';

const catalog = catalogOf(testCatalog);
const ports = (node: Parameters<typeof portsOf>[0]) => portsOf(node, catalog);

describe('connection validation', () => {
  it('accepts a new forward connection', () => {
    const w = testWorkflow();
    expect(checkConnection(w, { from: 'hook', output: 'main', to: 'if', input: 'main' }, ports)).toBe('ok');
  });
  it('rejects cycles, self loops, duplicates and missing ports', () => {
    const w = testWorkflow();
    expect(checkConnection(w, { from: 'if', output: 'true', to: 'hook', input: 'main' }, ports)).toBe('missingInput');
    expect(checkConnection(w, { from: 'if', output: 'true', to: 'set', input: 'main' }, ports)).toBe('cycle');
    expect(checkConnection(w, { from: 'set', output: 'main', to: 'set', input: 'main' }, ports)).toBe('self');
    expect(checkConnection(w, { from: 'hook', output: 'main', to: 'set', input: 'main' }, ports)).toBe('duplicate');
    expect(checkConnection(w, { from: 'if', output: 'main', to: 'set', input: 'main' }, ports)).toBe('missingOutput');
    expect(checkConnection(w, { from: 'if', output: 'true', to: 'ghost', input: 'main' }, ports)).toBe('missingNode');
  });
  it('derives switch outputs from its rules and adds the error output', () => {
    expect(portsOf({ type: 'switch', params: { rules: [{ output: 'de' }, { output: 'at' }] }, onError: 'errorOutput' }, catalog).outputs).toEqual([
      'de', 'at', 'fallback', 'error',
    ]);
    expect(portsOf({ type: 'webhook', params: {}, onError: 'fail' }, catalog).inputs).toEqual([]);
  });
});

describe('graph edits', () => {
  it('removes nodes with their connections and pin data', () => {
    const w = { ...testWorkflow(), pinData: { set: [{ a: 1 }] } };
    const next = remove(w, { nodes: ['set'] });
    expect(next.nodes.map((n) => n.id)).toEqual(['hook', 'if']);
    expect(next.connections).toEqual([]);
    expect(next.pinData).toEqual({});
    expect(w.nodes).toHaveLength(3);
  });
  it('removes a connection by key', () => {
    const w = testWorkflow();
    const first = w.connections[0];
    if (!first) throw new Error('fixture');
    expect(remove(w, { edges: [edgeKey(first)] }).connections).toHaveLength(1);
  });
  it('moves nodes without touching others', () => {
    const w = testWorkflow();
    const next = move(w, new Map([['set', { x: 5, y: 6 }]]));
    expect(next.nodes[1]?.position).toEqual({ x: 5, y: 6 });
    expect(next.nodes[0]).toBe(w.nodes[0]);
  });
  it('finds unused ids', () => {
    expect(uniqueId(new Set(['set', 'set2']), 'set')).toBe('set3');
    expect(uniqueId(new Set(), 'set')).toBe('set');
  });
});

describe('copy and paste as workflow JSON', () => {
  it('round-trips a selection with its inner connections, renaming taken ids', () => {
    const w = testWorkflow();
    const text = JSON.stringify(extractFragment(w, ['set', 'if']));
    const parsed = parseFragment(text);
    if (!parsed.ok) throw new Error(parsed.problems.join());
    expect(parsed.fragment.connections).toEqual([{ from: 'set', output: 'main', to: 'if', input: 'main' }]);
    const result = pasteFragment(w, parsed.fragment, { x: 1000, y: 500 });
    expect(result.nodeIds).toEqual(['set2', 'if2']);
    expect(result.workflow.connections.at(-1)).toEqual({ from: 'set2', output: 'main', to: 'if2', input: 'main' });
    expect(result.workflow.nodes.find((n) => n.id === 'set2')?.position).toEqual({ x: 1000, y: 500 });
    expect(result.workflow.nodes.find((n) => n.id === 'if2')?.position).toEqual({ x: 1200, y: 500 });
  });
  it('accepts a bare node array and reports invalid text', () => {
    const parsed = parseFragment('[{"id":"x","type":"set"}]');
    expect(parsed.ok).toBe(true);
    const bad = parseFragment('{"nodes":[{"type":"set"}]}');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems[0]).toContain('nodes.0.id');
    expect(parseFragment('not json').ok).toBe(false);
  });
});
