/**
 * A logic-less HTML template (a Mustache subset) rendered against one item's data, escaping by default.
 *
 * - `{{ name }}`, `{{ customer.firstName }}`: the value HTML-escaped (`& < > " '`); strings as they are, numbers
 *   and booleans via `String`, objects and arrays as JSON, `null`/missing as ''.
 * - `{{{ name }}}` or `{{& name }}`: the value unescaped (for trusted HTML only).
 * - `{{# lines }}…{{/ lines }}`: an array repeats the block once per element with the element on top of the
 *   lookup stack (`{{ title }}` then means the line's title, `{{ . }}` the element itself); a non-empty object
 *   renders the block once with it on top; any other truthy value renders it once; false, null, missing, `''`,
 *   `0` and `[]` render nothing.
 * - `{{^ name }}…{{/ name }}`: the block only when the value would render nothing above.
 * - `{{! comment }}` renders nothing.
 * Lookup: the first dotted segment is searched from the innermost section outwards; the rest is read from that
 * value. Only own properties count (`constructor`, `__proto__` are never found). No code runs: the data decides
 * everything, so templates from users cannot do more than print it.
 *
 * Names are letters, digits, `_` and `-`, joined by dots. Errors (`TemplateError`, with the offset) for unclosed
 * or mismatched sections, empty tags, and tags that are not names (`{{ $json.x }}`, `{{ a() }}`).
 */

export class TemplateError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} (at character ${offset})`);
    this.name = 'TemplateError';
  }
}

type Token =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'value'; readonly name: string; readonly escape: boolean }
  | { readonly kind: 'section'; readonly name: string; readonly inverted: boolean; readonly children: readonly Token[] };

const MAX_DEPTH = 20;

export function renderTemplate(template: string, data: unknown): string {
  return renderTokens(parse(template), [data]);
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

interface Frame {
  readonly name: string;
  readonly inverted: boolean;
  readonly offset: number;
  readonly tokens: Token[];
}

function parse(template: string): Token[] {
  const root: Token[] = [];
  const stack: Frame[] = [];
  const current = (): Token[] => stack.at(-1)?.tokens ?? root;
  let at = 0;
  while (at < template.length) {
    const open = template.indexOf('{{', at);
    if (open < 0) break;
    if (open > at) current().push({ kind: 'text', text: template.slice(at, open) });
    const triple = template.startsWith('{{{', open);
    const closer = triple ? '}}}' : '}}';
    const close = template.indexOf(closer, open + closer.length);
    if (close < 0) throw new TemplateError(`"${triple ? '{{{' : '{{'}" without "${closer}"`, open);
    const inner = template.slice(open + closer.length, close).trim();
    at = close + closer.length;
    if (triple) {
      current().push({ kind: 'value', name: tagName(inner, open), escape: false });
      continue;
    }
    const sigil = inner.charAt(0);
    const rest = inner.slice(1).trim();
    switch (sigil) {
      case '!':
        break;
      case '&':
        current().push({ kind: 'value', name: tagName(rest, open), escape: false });
        break;
      case '#':
      case '^':
        if (stack.length >= MAX_DEPTH) throw new TemplateError(`sections nested deeper than ${MAX_DEPTH}`, open);
        stack.push({ name: tagName(rest, open), inverted: sigil === '^', offset: open, tokens: [] });
        break;
      case '/': {
        const frame = stack.pop();
        const name = tagName(rest, open);
        if (frame === undefined) throw new TemplateError(`"{{/ ${name} }}" closes no open section`, open);
        if (frame.name !== name) throw new TemplateError(`"{{/ ${name} }}" closes the section "${frame.name}"`, open);
        current().push({ kind: 'section', name, inverted: frame.inverted, children: frame.tokens });
        break;
      }
      default:
        current().push({ kind: 'value', name: tagName(inner, open), escape: true });
    }
  }
  if (at < template.length) current().push({ kind: 'text', text: template.slice(at) });
  const unclosed = stack.at(-1);
  if (unclosed !== undefined) throw new TemplateError(`the section "${unclosed.name}" is not closed with "{{/ ${unclosed.name} }}"`, unclosed.offset);
  return root;
}

function tagName(text: string, offset: number): string {
  if (text === '') throw new TemplateError('empty tag', offset);
  if (text.startsWith('$')) {
    throw new TemplateError(`"${text}": a template reads the data directly, write {{ ${text.replace(/^\$json\.?/, '') || '.'} }} (expressions belong in "Template data")`, offset);
  }
  if (!/^(\.|[\p{L}\p{N}_-]+(\.[\p{L}\p{N}_-]+)*)$/u.test(text)) throw new TemplateError(`"${text}" is not a name (use names like customer.email)`, offset);
  return text;
}

function renderTokens(tokens: readonly Token[], stack: readonly unknown[]): string {
  let out = '';
  for (const token of tokens) {
    switch (token.kind) {
      case 'text':
        out += token.text;
        break;
      case 'value': {
        const text = display(lookup(stack, token.name));
        out += token.escape ? escapeHtml(text) : text;
        break;
      }
      case 'section': {
        const value = lookup(stack, token.name);
        const empty = isEmpty(value);
        if (token.inverted) {
          if (empty) out += renderTokens(token.children, stack);
        } else if (!empty) {
          if (Array.isArray(value)) for (const element of value) out += renderTokens(token.children, [...stack, element]);
          else out += renderTokens(token.children, typeof value === 'object' ? [...stack, value] : stack);
        }
        break;
      }
      default: {
        const unreachable: never = token;
        return unreachable;
      }
    }
  }
  return out;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === false || value === '' || value === 0
    || (Array.isArray(value) && value.length === 0);
}

function lookup(stack: readonly unknown[], name: string): unknown {
  if (name === '.') return stack.at(-1);
  const [head = '', ...path] = name.split('.');
  for (let index = stack.length - 1; index >= 0; index--) {
    const frame = stack[index];
    if (hasOwn(frame, head)) return path.reduce<unknown>((value, key) => (hasOwn(value, key) ? Reflect.get(value, key) : undefined), Reflect.get(frame, head));
  }
  return undefined;
}

function hasOwn(value: unknown, key: string): value is object {
  return typeof value === 'object' && value !== null && Object.prototype.hasOwnProperty.call(value, key);
}

function display(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value) ?? '';
  return String(value);
}
