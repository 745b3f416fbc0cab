import { parseExpressionAt, type Node } from 'acorn';
import { fullAncestor } from 'acorn-walk';

/**
 * Compile-time pass over one expression's source: rejects constructs that could run code outside an evaluation
 * or touch module loading, finds which scope variables it uses, and injects a budget tick (`__fw_t()`) at every
 * loop iteration and function entry, so time and heap limits hold without a watchdog per call.
 */

export const SCOPE_NAMES = ['$json', '$input', '$itemIndex', '$node', '$now', '$today', '$execution', '$workflow', '$vars'] as const;
export type ScopeName = (typeof SCOPE_NAMES)[number];

export interface Instrumented {
  /** The expression with ticks injected (still one expression). */
  readonly code: string;
  /** Scope variables referenced, in SCOPE_NAMES order. */
  readonly uses: readonly ScopeName[];
  /** True when the expression contains a loop or a function (and so needs the time budget). */
  readonly budgeted: boolean;
  /** Every identifier name that appears (references, bindings, labels); a superset of the free references. */
  readonly identifiers: ReadonlySet<string>;
  /**
   * When every `$json` appears only as `$json.NAME` / `$json["NAME"]` (NAME not an Object.prototype member),
   * the top-level keys read; the evaluator then copies only those into the realm. Otherwise null (copy all).
   */
  readonly jsonKeys: readonly string[] | null;
}

const OBJECT_PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/** The static key of `$json.NAME` / `$json['NAME']` when `node` is that member expression's object, else null. */
function staticJsonKey(node: Node, parent: Node | undefined): string | null {
  if (parent === undefined || parent.type !== 'MemberExpression' || Reflect.get(parent, 'object') !== node) return null;
  const property = fieldNode(parent, 'property');
  if (property === undefined) return null;
  const computed = flag(parent, 'computed');
  const key: unknown = computed
    ? (property.type === 'Literal' ? Reflect.get(property, 'value') : undefined)
    : Reflect.get(property, 'name');
  return typeof key === 'string' && !OBJECT_PROTOTYPE_NAMES.has(key) ? key : null;
}

export class ExpressionSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionSyntaxError';
  }
}

const TICK = '__fw_t()';
const RESERVED_PREFIX = '__fw';

interface Edit {
  readonly at: number;
  readonly text: string;
  /** Among edits at the same offset, closing text sorts before opening text. */
  readonly closing: boolean;
}

function isScopeName(name: string): name is ScopeName {
  return (SCOPE_NAMES as readonly string[]).includes(name);
}

/** Offset just past trailing whitespace and comments starting at `from`. */
export function skipTrivia(source: string, from: number): number {
  let at = from;
  for (;;) {
    const rest = source.slice(at);
    const match = /^(?:\s+|\/\*[\s\S]*?\*\/|\/\/[^\n]*(?:\n|$))/.exec(rest);
    if (match === null || match[0].length === 0) return at;
    at += match[0].length;
  }
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && 'type' in value && 'start' in value && 'end' in value;
}

function fieldNode(node: Node, key: string): Node | undefined {
  const value: unknown = Reflect.get(node, key);
  return isNode(value) ? value : undefined;
}

function flag(node: Node, key: string): boolean {
  return Reflect.get(node, key) === true;
}

export function instrument(source: string): Instrumented {
  let root: Node;
  try {
    root = parseExpressionAt(source, 0, { ecmaVersion: 'latest', sourceType: 'script', preserveParens: true });
  } catch (error) {
    throw new ExpressionSyntaxError(error instanceof Error ? error.message : String(error));
  }
  const end = skipTrivia(source, root.end);
  if (end !== source.length) throw new ExpressionSyntaxError(`unexpected "${source.slice(root.end, root.end + 20).trim()}" after the expression`);

  const edits: Edit[] = [];
  const uses = new Set<ScopeName>();
  const identifiers = new Set<string>();
  const jsonKeys = new Set<string>();
  let jsonWhole = false;
  let budgeted = false;
  const reject = (what: string): never => {
    throw new ExpressionSyntaxError(`${what} is not allowed in expressions`);
  };

  fullAncestor(root, (node, _state, ancestors) => {
    switch (node.type) {
      case 'Identifier': {
        const name: unknown = Reflect.get(node, 'name');
        if (typeof name !== 'string') break;
        if (name.startsWith(RESERVED_PREFIX) || name === 'globalThis') reject(`the name ${name}`);
        identifiers.add(name);
        if (isScopeName(name)) uses.add(name);
        if (name === '$json') {
          const key = staticJsonKey(node, ancestors[ancestors.length - 2]);
          if (key === null) jsonWhole = true;
          else jsonKeys.add(key);
        }
        break;
      }
      case 'ImportExpression': reject('import()'); break;
      case 'MetaProperty': reject('import.meta / new.target'); break;
      case 'AwaitExpression': reject('await'); break;
      case 'DebuggerStatement': reject('debugger'); break;
      case 'ForStatement': case 'ForInStatement': case 'ForOfStatement': case 'WhileStatement': case 'DoWhileStatement': {
        if (flag(node, 'await')) reject('for await');
        const body = fieldNode(node, 'body');
        if (body === undefined) break;
        budgeted = true;
        edits.push({ at: body.start, text: `{${TICK};`, closing: false }, { at: body.end, text: '}', closing: true });
        break;
      }
      case 'FunctionExpression': case 'FunctionDeclaration': case 'ArrowFunctionExpression': {
        if (flag(node, 'async')) reject('an async function');
        const body = fieldNode(node, 'body');
        if (body === undefined) break;
        budgeted = true;
        if (body.type === 'BlockStatement') edits.push({ at: body.start + 1, text: `${TICK};`, closing: false });
        else edits.push({ at: body.start, text: `(${TICK}, `, closing: false }, { at: body.end, text: ')', closing: true });
        break;
      }
      default: break;
    }
  });

  edits.sort((a, b) => b.at - a.at || (a.closing === b.closing ? 0 : a.closing ? 1 : -1));
  let code = source;
  for (const edit of edits) code = code.slice(0, edit.at) + edit.text + code.slice(edit.at);
  return { code, uses: SCOPE_NAMES.filter((name) => uses.has(name)), budgeted, identifiers, jsonKeys: jsonWhole ? null : [...jsonKeys] };
}
