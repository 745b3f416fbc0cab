import { compileExpression, type Evaluator } from './compile-expression.js';
import { expressionError } from './errors.js';
import { hasExpressionText, parseTemplate, TemplateSyntaxError } from './template.js';
import type { CompiledValue, ExpressionLocation, ExpressionScope } from './types.js';

/**
 * Compiles every `{{ ... }}` inside a JSON value (strings, arrays, objects, any depth) once.
 * - A string that is exactly one `{{ }}` (surrounding whitespace allowed) yields the expression's value with its
 *   type: number, boolean, object, array, null, or `undefined` when the expression gives undefined (a function
 *   or symbol result also counts as undefined; a bigint becomes its decimal string).
 * - Any other string with expressions interpolates: strings as they are, numbers/booleans via String, objects
 *   and arrays as JSON, null and undefined as ''.
 * - A value with no `{{` anywhere is `dynamic: false` and `evaluate` returns the very same value.
 * - Dynamic arrays/objects evaluate to new containers; static members are shared by reference.
 * Syntax errors throw FlowError EXPRESSION_SYNTAX here (at compile time), naming node, param and expression.
 */
type Evaluate = (scope: ExpressionScope) => unknown;

function staticValue(value: unknown): CompiledValue {
  return { dynamic: false, evaluate: () => value };
}

function interpolated(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value) ?? '';
  return String(value);
}

function compileString(text: string, location: ExpressionLocation): CompiledValue {
  if (!hasExpressionText(text)) return staticValue(text);
  let parts;
  try {
    parts = parseTemplate(text);
  } catch (error) {
    if (error instanceof TemplateSyntaxError) throw expressionError('EXPRESSION_SYNTAX', `syntax error: ${error.message}`, location, error.source);
    throw error;
  }
  const compiled: (string | Evaluator)[] = parts
    .map((part) => (part.kind === 'text' ? part.text : compileExpression(part.source, location)));
  const evaluators = compiled.filter((part): part is Evaluator => typeof part === 'function');
  const first = evaluators[0];
  if (first === undefined) return staticValue(text);
  const nonBlank = compiled.filter((part) => typeof part === 'function' || part.trim() !== '');
  if (nonBlank.length === 1) return { dynamic: true, evaluate: first };
  return {
    dynamic: true,
    evaluate: (scope) => {
      let out = '';
      for (const part of compiled) out += typeof part === 'string' ? part : interpolated(part(scope));
      return out;
    },
  };
}

function compileArray(values: readonly unknown[], location: ExpressionLocation): CompiledValue {
  const members = values.map((value) => compileValue(value, location));
  if (!members.some((member) => member.dynamic)) return staticValue(values);
  const evaluators: Evaluate[] = members.map((member) => (scope) => member.evaluate(scope));
  return { dynamic: true, evaluate: (scope) => evaluators.map((evaluate) => evaluate(scope)) };
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function compileObject(value: object, location: ExpressionLocation): CompiledValue {
  const entries = Object.entries(value).map(([key, member]) => [key, compileValue(member, location)] as const);
  if (!entries.some(([, member]) => member.dynamic)) return staticValue(value);
  return {
    dynamic: true,
    evaluate: (scope) => {
      const out: Record<string, unknown> = {};
      for (const [key, member] of entries) setOwn(out, key, member.evaluate(scope));
      return out;
    },
  };
}

export function compileValue(value: unknown, location: ExpressionLocation): CompiledValue {
  if (typeof value === 'string') return compileString(value, location);
  if (Array.isArray(value)) return compileArray(value, location);
  if (typeof value === 'object' && value !== null) return compileObject(value, location);
  return staticValue(value);
}

/** True when `value` (any JSON) contains a `{{` somewhere. */
export function hasExpression(value: unknown): boolean {
  if (typeof value === 'string') return hasExpressionText(value);
  if (Array.isArray(value)) return value.some(hasExpression);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(hasExpression);
  return false;
}
