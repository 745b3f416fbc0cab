import { describe, expect, it } from 'vitest';
import { fieldsOf, formatValues, fromExpression, humanize, isExpression, parseValues, problemsFor, toExpression } from './schema-form.js';

const webhookSchema = {
  type: 'object',
  properties: {
    path: { type: 'string', maxLength: 200, title: 'Path', description: 'Called as /webhook/<path>' },
    method: { default: 'POST', title: 'HTTP method', type: 'string', enum: ['GET', 'POST'] },
    auth: {
      default: { type: 'none' },
      oneOf: [
        { type: 'object', properties: { type: { type: 'string', const: 'none' } }, required: ['type'] },
        { type: 'object', properties: { type: { type: 'string', const: 'header' }, name: { type: 'string', title: 'Header name' }, value: { type: 'string' } }, required: ['type', 'name', 'value'] },
      ],
    },
    fields: { default: {}, type: 'object', propertyNames: { type: 'string' }, additionalProperties: {} },
    headers: { type: 'object', additionalProperties: { type: 'string' } },
    keepOnlySet: { default: false, type: 'boolean' },
    status: { type: 'integer', minimum: 100, maximum: 599 },
    condition: { title: 'Condition' },
    rules: { type: 'array', items: { type: 'object', properties: { output: { type: 'string' }, condition: {} }, required: ['output', 'condition'] } },
    code: { type: 'string' },
    tags: { type: 'array', items: { type: 'string' } },
    weights: { type: 'array', items: { type: 'number', exclusiveMinimum: 0 }, maxItems: 30 },
    channels: { type: 'array', items: { type: 'string', enum: ['web', 'pos'] } },
    shipper: {
      type: 'object',
      properties: { name1: { type: 'string', title: 'Name' }, city: { type: 'string', title: 'City' }, country: { type: 'string', default: 'DEU' } },
      required: ['name1', 'city', 'country'],
      additionalProperties: false,
    },
    meta: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: { type: 'string' } },
  },
  required: ['condition'],
};

describe('fields from JSON Schema', () => {
  const fields = fieldsOf(webhookSchema);
  const byName = (name: string) => fields.find((f) => f.name === name);

  it('maps each shape to a field kind', () => {
    expect(byName('path')?.field).toEqual({ kind: 'text', multiline: false });
    expect(byName('method')?.field).toEqual({ kind: 'enum', options: ['GET', 'POST'] });
    expect(byName('fields')?.field).toEqual({ kind: 'keyValue', valueKind: 'any' });
    expect(byName('headers')?.field).toEqual({ kind: 'keyValue', valueKind: 'text' });
    expect(byName('keepOnlySet')?.field).toEqual({ kind: 'boolean' });
    expect(byName('status')?.field).toEqual({ kind: 'number', integer: true, minimum: 100, maximum: 599 });
    expect(byName('condition')?.field).toEqual({ kind: 'any' });
    expect(byName('code')?.field).toEqual({ kind: 'code' });
    expect(byName('tags')?.field).toEqual({ kind: 'values', item: 'text' });
    expect(byName('weights')?.field).toEqual({ kind: 'values', item: 'number' });
    expect(byName('channels')?.field).toEqual({ kind: 'json' });
    expect(byName('meta')?.field).toEqual({ kind: 'json' });
  });
  it('gives an object with declared properties a sub-form with dotted paths', () => {
    const shipper = byName('shipper')?.field;
    if (shipper?.kind !== 'object') throw new Error('object');
    expect(shipper.fields.map((f) => [f.path, f.label, f.field.kind, f.required])).toEqual([
      ['shipper.name1', 'Name', 'text', true],
      ['shipper.city', 'City', 'text', true],
      ['shipper.country', 'Country', 'text', false],
    ]);
  });
  it('reads and shows lists of plain values as one line', () => {
    expect(parseValues('0.8, 1.2 ,', 'number')).toEqual({ ok: true, values: [0.8, 1.2] });
    expect(parseValues('0,8; 1,2', 'number')).toEqual({ ok: true, values: [0.8, 1.2] });
    expect(parseValues('1, x', 'number')).toEqual({ ok: false, bad: 'x' });
    expect(parseValues('2, 2.5', 'integer')).toEqual({ ok: false, bad: '2.5' });
    expect(parseValues(' A1PA6795UKMFR9 , APJ6JRA9NG5V4', 'text')).toEqual({ ok: true, values: ['A1PA6795UKMFR9', 'APJ6JRA9NG5V4'] });
    expect(parseValues('', 'text')).toEqual({ ok: true, values: [] });
    expect(formatValues([0.8, 1.2])).toBe('0.8, 1.2');
    expect(formatValues(undefined)).toBe('');
  });
  it('reads tagged unions and lists of objects', () => {
    const auth = byName('auth')?.field;
    expect(auth?.kind).toBe('union');
    if (auth?.kind !== 'union') throw new Error('union');
    expect(auth.tagField).toBe('type');
    expect(auth.variants.map((v) => v.tag)).toEqual(['none', 'header']);
    expect(auth.variants[1]?.fields.map((f) => f.path)).toEqual(['auth.name', 'auth.value']);
    const rules = byName('rules')?.field;
    if (rules?.kind !== 'list') throw new Error('list');
    expect(rules.itemFields.map((f) => [f.path, f.field.kind, f.required])).toEqual([
      ['rules.output', 'text', true],
      ['rules.condition', 'any', true],
    ]);
  });
  it('labels from title, else from the name; required only without default', () => {
    expect(byName('path')?.label).toBe('Path');
    expect(byName('keepOnlySet')?.label).toBe('Keep only set');
    expect(byName('condition')?.required).toBe(true);
    expect(byName('method')?.required).toBe(false);
    expect(humanize('responseMode')).toBe('Response mode');
  });
});

describe('expression mode', () => {
  it('wraps fixed values and unwraps single literals', () => {
    expect(toExpression(5)).toBe('{{ 5 }}');
    expect(toExpression('')).toBe('{{  }}');
    expect(toExpression('{{ $json.a }}')).toBe('{{ $json.a }}');
    expect(fromExpression('{{ 5 }}', { kind: 'number', integer: true })).toBe(5);
    expect(fromExpression('Hi {{ $json.name }}', { kind: 'text', multiline: false })).toBe('Hi');
    expect(isExpression('a {{ b }}')).toBe(true);
    expect(isExpression(3)).toBe(false);
  });
  it('finds the server problems of a field', () => {
    const problems = [
      { path: 'nodes.2.params.status', message: 'Too big' },
      { path: 'nodes.1.params.status', message: 'other node' },
      { path: 'params.rules.0.output', message: 'Required' },
      { path: 'nodes[2].params.url', message: 'expected string' },
    ];
    expect(problemsFor(problems, 2, 'url')).toEqual(['expected string']);
    expect(problemsFor(problems, 2, 'status')).toEqual(['Too big']);
    expect(problemsFor(problems, 2, 'rules')).toEqual(['Required']);
  });
});
