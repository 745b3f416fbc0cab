/**
 * Turns a node's params JSON Schema (zod's `toJSONSchema`, io "input") into form field descriptions. Pure; the
 * form components render them. Unknown shapes fall back to a JSON field, so every param stays editable.
 */

export type FieldKind =
  | { readonly kind: 'text'; readonly multiline: boolean }
  | { readonly kind: 'code' }
  | { readonly kind: 'number'; readonly integer: boolean; readonly minimum?: number; readonly maximum?: number }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'enum'; readonly options: readonly string[] }
  | { readonly kind: 'keyValue'; readonly valueKind: 'text' | 'any' }
  | { readonly kind: 'list'; readonly itemFields: readonly FieldSpec[] }
  /** An object with declared properties (an address): one sub-form. */
  | { readonly kind: 'object'; readonly fields: readonly FieldSpec[] }
  /** A list of plain values (weights, ids): typed as one line, separated by commas. */
  | { readonly kind: 'values'; readonly item: 'number' | 'integer' | 'text' }
  | { readonly kind: 'union'; readonly tagField: string; readonly variants: readonly { readonly tag: string; readonly fields: readonly FieldSpec[] }[] }
  /** No type constraint: text that may be an expression, or any JSON. */
  | { readonly kind: 'any' }
  | { readonly kind: 'json' };

export interface FieldSpec {
  readonly name: string;
  /** Dotted path from the params root, for labels and error messages (`rules.output`). */
  readonly path: string;
  readonly label: string;
  readonly description?: string;
  readonly required: boolean;
  readonly default?: unknown;
  readonly examples?: readonly unknown[];
  readonly field: FieldKind;
}

type Schema = Record<string, unknown>;

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  const out: string[] = [];
  for (const v of value) {
    if (typeof v !== 'string') return null;
    out.push(v);
  }
  return out;
}

/** "keepOnlySet" → "Keep only set" for params without a title. */
export function humanize(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function kindOf(name: string, schema: Schema, path: string, codeParams: ReadonlySet<string>): FieldKind {
  const type = schema['type'];
  const enumValues = strings(schema['enum']);
  if (enumValues) return { kind: 'enum', options: enumValues };
  if (typeof schema['const'] === 'string') return { kind: 'enum', options: [schema['const']] };
  const oneOf = schema['oneOf'] ?? schema['anyOf'];
  if (Array.isArray(oneOf)) {
    const union = unionOf(oneOf, path, codeParams);
    if (union) return union;
    const literals = oneOf.map((o) => (isSchema(o) && typeof o['const'] === 'string' ? o['const'] : null));
    if (literals.every((l): l is string => l !== null)) return { kind: 'enum', options: literals };
    return { kind: 'json' };
  }
  switch (type) {
    case 'string':
      if (codeParams.has(path) || name === 'code') return { kind: 'code' };
      return { kind: 'text', multiline: (typeof schema['maxLength'] === 'number' && schema['maxLength'] > 1000) || /^(html|text|body|message)$/.test(name) };
    case 'integer':
    case 'number': {
      const spec: { kind: 'number'; integer: boolean; minimum?: number; maximum?: number } = { kind: 'number', integer: type === 'integer' };
      if (typeof schema['minimum'] === 'number') spec.minimum = schema['minimum'];
      if (typeof schema['maximum'] === 'number') spec.maximum = schema['maximum'];
      return spec;
    }
    case 'boolean':
      return { kind: 'boolean' };
    case 'object': {
      const additional = schema['additionalProperties'];
      const properties = schema['properties'];
      if (!isSchema(properties) && additional !== undefined && additional !== false) {
        return { kind: 'keyValue', valueKind: isSchema(additional) && additional['type'] === 'string' ? 'text' : 'any' };
      }
      if (isSchema(properties) && Object.keys(properties).length > 0 && (additional === undefined || additional === false)) {
        return { kind: 'object', fields: fieldsOf(schema, path, codeParams) };
      }
      return { kind: 'json' };
    }
    case 'array': {
      const items = schema['items'];
      if (isSchema(items) && items['type'] === 'object' && isSchema(items['properties'])) {
        return { kind: 'list', itemFields: fieldsOf(items, path, codeParams) };
      }
      if (isSchema(items) && strings(items['enum']) === null) {
        if (items['type'] === 'number') return { kind: 'values', item: 'number' };
        if (items['type'] === 'integer') return { kind: 'values', item: 'integer' };
        if (items['type'] === 'string') return { kind: 'values', item: 'text' };
      }
      return { kind: 'json' };
    }
    case undefined:
      return { kind: 'any' };
    default:
      return { kind: 'json' };
  }
}

/** A oneOf of objects that all carry a string `const` in the same property (a tagged union). */
function unionOf(options: readonly unknown[], path: string, codeParams: ReadonlySet<string>): FieldKind | null {
  let tagField: string | null = null;
  const variants: { tag: string; fields: FieldSpec[] }[] = [];
  for (const option of options) {
    if (!isSchema(option) || option['type'] !== 'object' || !isSchema(option['properties'])) return null;
    const properties = option['properties'];
    const tagEntry = Object.entries(properties).find(([, s]) => isSchema(s) && typeof s['const'] === 'string');
    if (!tagEntry) return null;
    const [field, tagSchema] = tagEntry;
    if (tagField !== null && tagField !== field) return null;
    tagField = field;
    const tag = isSchema(tagSchema) ? tagSchema['const'] : undefined;
    if (typeof tag !== 'string') return null;
    variants.push({ tag, fields: fieldsOf(option, path, codeParams).filter((f) => f.name !== field) });
  }
  return tagField === null ? null : { kind: 'union', tagField, variants };
}

/** Fields of an object schema in declaration order. `codeParams` are paths edited as code (literal params). */
export function fieldsOf(schema: Schema, prefix = '', codeParams: ReadonlySet<string> = new Set()): FieldSpec[] {
  const properties = schema['properties'];
  if (!isSchema(properties)) return [];
  const required = new Set(strings(schema['required']) ?? []);
  const fields: FieldSpec[] = [];
  for (const [name, raw] of Object.entries(properties)) {
    if (!isSchema(raw)) continue;
    const path = prefix ? `${prefix}.${name}` : name;
    const field: { -readonly [K in keyof FieldSpec]: FieldSpec[K] } = {
      name,
      path,
      label: typeof raw['title'] === 'string' ? raw['title'] : humanize(name),
      required: required.has(name) && !('default' in raw),
      field: kindOf(name, raw, path, codeParams),
    };
    if (typeof raw['description'] === 'string') field.description = raw['description'];
    if ('default' in raw) field.default = raw['default'];
    if (Array.isArray(raw['examples'])) field.examples = raw['examples'];
    fields.push(field);
  }
  return fields;
}

/**
 * A comma-separated line as a list of values: numbers for a number list (with a decimal comma accepted when the
 * line uses semicolons), trimmed strings otherwise. An entry that is not a number is reported, not dropped.
 */
export function parseValues(text: string, item: 'number' | 'integer' | 'text'): { readonly ok: true; readonly values: (string | number)[] } | { readonly ok: false; readonly bad: string } {
  const separator = item !== 'text' && text.includes(';') ? ';' : ',';
  const parts = text.split(separator).map((part) => part.trim()).filter((part) => part !== '');
  if (item === 'text') return { ok: true, values: parts };
  const values: number[] = [];
  for (const part of parts) {
    const value = Number(separator === ';' ? part.replace(',', '.') : part);
    if (!Number.isFinite(value) || (item === 'integer' && !Number.isInteger(value))) return { ok: false, bad: part };
    values.push(value);
  }
  return { ok: true, values };
}

/** The line a list of values is shown as. */
export function formatValues(value: unknown): string {
  return Array.isArray(value) ? value.map((entry) => (typeof entry === 'string' || typeof entry === 'number' ? String(entry) : JSON.stringify(entry))).join(', ') : '';
}

/** True when a param value is (or contains) an expression. */
export function isExpression(value: unknown): value is string {
  return typeof value === 'string' && value.includes('{{');
}

/** The value a field switched to expression mode starts with. */
export function toExpression(value: unknown): string {
  if (isExpression(value)) return value;
  if (value === undefined || value === null || value === '') return '{{  }}';
  if (typeof value === 'string') return value;
  return `{{ ${JSON.stringify(value)} }}`;
}

/** The value a field switched back to fixed mode gets: a single `{{ literal }}` is unwrapped. */
export function fromExpression(value: string, field: FieldKind): unknown {
  const single = /^\{\{\s*([\s\S]*?)\s*\}\}$/.exec(value);
  if (single && single[1] !== undefined) {
    try {
      return JSON.parse(single[1]);
    } catch {
      /* not a literal: drop */
    }
  }
  switch (field.kind) {
    case 'text':
    case 'code':
    case 'any':
      return value.replace(/\{\{[\s\S]*?\}\}/g, '').trim();
    default:
      return undefined;
  }
}

/** Zod/server problems for one field: `details[].path` may be `params.fields.total` or `nodes.3.params.x`. */
export function problemsFor(problems: readonly { path: string; message: string }[], nodeIndex: number, path: string): string[] {
  const wanted = [`params.${path}`, `nodes.${nodeIndex}.params.${path}`, path];
  const dotted = (raw: string) => raw.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
  return problems.filter((p) => wanted.some((w) => dotted(p.path) === w || dotted(p.path).startsWith(`${w}.`))).map((p) => p.message);
}

/** Problems found without the server: missing required params and numbers out of range (keys: param paths). */
export function localProblems(fields: readonly FieldSpec[], params: Record<string, unknown>): Map<string, 'required' | 'range'> {
  const out = new Map<string, 'required' | 'range'>();
  for (const f of fields) {
    const value = params[f.name];
    if (f.required && (value === undefined || value === '')) out.set(f.path, 'required');
    if (f.field.kind === 'number' && typeof value === 'number') {
      if ((f.field.minimum !== undefined && value < f.field.minimum) || (f.field.maximum !== undefined && value > f.field.maximum)) out.set(f.path, 'range');
    }
  }
  return out;
}
