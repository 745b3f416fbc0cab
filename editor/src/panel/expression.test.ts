import { describe, expect, it } from 'vitest';
import { accessPath, completionsAt, expressionFor, fieldPaths, previewExpression, type PreviewScope } from './expression.js';

const scope: PreviewScope = {
  $json: { total: 150, customer: { email: 'a@b.test', 'first name': 'Ana' }, lines: [{ sku: 'X', qty: 2 }] },
  $input: [{ total: 150 }],
  nodes: { order: [{ id: 7 }] },
  $vars: {},
  $workflow: { id: 'wf', name: 'Orders' },
};

describe('expression preview', () => {
  it('yields the value of a single expression and interpolates templates', () => {
    expect(previewExpression('{{ $json.total > 100 }}', scope)).toEqual({ kind: 'value', value: true });
    expect(previewExpression('{{ $json.lines }}', scope)).toEqual({ kind: 'value', value: [{ sku: 'X', qty: 2 }] });
    expect(previewExpression('Total: {{ $json.total }} EUR', scope)).toEqual({ kind: 'value', value: 'Total: 150 EUR' });
    expect(previewExpression('{{ $node("order").first().id }}', scope)).toEqual({ kind: 'value', value: 7 });
  });
  it('reports errors and cannot change the data', () => {
    expect(previewExpression('{{ $json.missing.deep }}', scope).kind).toBe('error');
    expect(previewExpression('{{ $json.total = 1 }}', scope).kind).toBe('error');
    expect(scope.$json['total']).toBe(150);
    const r = previewExpression('{{ $node("nope").all() }}', scope);
    expect(r.kind === 'error' && r.message).toContain('nope');
  });
});

describe('paths and completion', () => {
  it('builds access paths for odd keys and arrays', () => {
    expect(accessPath('$json', ['customer', 'first name'])).toBe('$json.customer["first name"]');
    expect(expressionFor('$json', ['lines', 0, 'sku'])).toBe('{{ $json.lines[0].sku }}');
    expect(fieldPaths(scope.$json)).toContain('$json.lines[0].qty');
  });
  it('completes $json fields and node ids inside braces only', () => {
    const c = completionsAt('{{ $json.cu', scope.$json, ['order']);
    expect(c?.from).toBe(3);
    expect(c?.options.map((o) => o.label)).toContain('$json.customer.email');
    const n = completionsAt('{{ $node("or', scope.$json, ['order', 'set']);
    expect(n?.options.map((o) => o.label)).toEqual(['order', 'set']);
    expect(completionsAt('plain $json', scope.$json, [])).toBeNull();
  });
});
