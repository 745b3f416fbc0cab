import { parseExpressionAt } from 'acorn';
import { ExpressionSyntaxError, skipTrivia } from './instrument.js';

/**
 * Splits a string param into literal text and `{{ ... }}` expressions. An expression ends at the first `}}`
 * that follows a complete JavaScript expression, so `{{ {a: {b: 1}} }}` and `{{ "}}" }}` work.
 * Throws ExpressionSyntaxError (with the offending source) when a `{{` has no valid expression and `}}`.
 */
export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'expression'; readonly source: string };

export class TemplateSyntaxError extends ExpressionSyntaxError {
  readonly source: string;
  constructor(message: string, source: string) {
    super(message);
    this.source = source;
  }
}

export function hasExpressionText(text: string): boolean {
  return text.includes('{{');
}

export function parseTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf('{{', at);
    if (open < 0) break;
    if (open > at) parts.push({ kind: 'text', text: text.slice(at, open) });
    const start = open + 2;
    let end: number;
    try {
      const node = parseExpressionAt(text, start, { ecmaVersion: 'latest', sourceType: 'script', preserveParens: true });
      end = skipTrivia(text, node.end);
    } catch (error) {
      const close = text.indexOf('}}', start);
      const source = text.slice(start, close < 0 ? undefined : close);
      throw new TemplateSyntaxError(error instanceof Error ? error.message.replace(/ \(\d+:\d+\)$/, '') : String(error), source);
    }
    if (!text.startsWith('}}', end)) {
      throw new TemplateSyntaxError('expected }} after the expression', text.slice(start, end));
    }
    parts.push({ kind: 'expression', source: text.slice(start, end) });
    at = end + 2;
  }
  if (at < text.length) parts.push({ kind: 'text', text: text.slice(at) });
  return parts;
}
