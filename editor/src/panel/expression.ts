/**
 * Expression helpers for the editor: a read-only preview evaluator (browser-side, for the first item only;
 * the server's sandboxed evaluator is the one that counts), autocomplete candidates and field paths.
 */

export interface PreviewScope {
  readonly $json: Record<string, unknown>;
  readonly $input: readonly Record<string, unknown>[];
  /** Output items (json) of other nodes from the last run, by node id. */
  readonly nodes: Readonly<Record<string, readonly Record<string, unknown>[]>>;
  readonly $vars: Record<string, unknown>;
  readonly $workflow: { readonly id: string; readonly name: string };
}

export type PreviewResult = { readonly kind: 'value'; readonly value: unknown } | { readonly kind: 'error'; readonly message: string };

const SEGMENT = /\{\{([\s\S]*?)\}\}/g;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function evaluateCode(code: string, scope: PreviewScope): unknown {
  const nodes = scope.nodes;
  const $node = (id: string) => {
    const items = nodes[id];
    if (items === undefined) throw new Error(`$node("${id}"): no data for that node yet`);
    return { all: () => items, first: () => items[0], item: items[0] };
  };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const fn = new Function('$json', '$input', '$node', '$now', '$vars', '$workflow', '$execution', `"use strict"; return (${code});`);
  return fn(scope.$json, scope.$input, $node, new Date(), scope.$vars, scope.$workflow, { id: 'preview', mode: 'manual' });
}

/** Evaluates a param template the way the engine does: one `{{ }}` alone yields the value, else a string. */
export function previewExpression(template: string, scope: PreviewScope): PreviewResult {
  const frozen: PreviewScope = deepFreeze(structuredClone(scope));
  try {
    const single = /^\s*\{\{([\s\S]*?)\}\}\s*$/.exec(template);
    if (single && single[1] !== undefined) {
      if (single[1].trim() === '') return { kind: 'value', value: undefined };
      return { kind: 'value', value: evaluateCode(single[1], frozen) };
    }
    const text = template.replace(SEGMENT, (_, code: string) => {
      if (code.trim() === '') return '';
      const value = evaluateCode(code, frozen);
      if (value === undefined || value === null) return '';
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
    });
    return { kind: 'value', value: text };
  } catch (error) {
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `$json.customer.email`, `$json["first name"]`, `$json.lines[0].sku` */
export function accessPath(root: string, path: readonly (string | number)[]): string {
  let out = root;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (IDENTIFIER.test(part)) out += `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** The expression a dragged data field inserts. */
export function expressionFor(root: string, path: readonly (string | number)[]): string {
  return `{{ ${accessPath(root, path)} }}`;
}

/** Every field path of a sample (objects, and the first element of arrays), up to `depth` levels. */
export function fieldPaths(sample: unknown, root = '$json', depth = 4): string[] {
  const out: string[] = [];
  const walk = (value: unknown, path: (string | number)[], level: number): void => {
    if (level > depth || out.length > 500) return;
    if (Array.isArray(value)) {
      if (value.length > 0) {
        out.push(accessPath(root, [...path, 0]));
        walk(value[0], [...path, 0], level + 1);
      }
      return;
    }
    if (typeof value === 'object' && value !== null) {
      for (const [key, v] of Object.entries(value)) {
        out.push(accessPath(root, [...path, key]));
        walk(v, [...path, key], level + 1);
      }
    }
  };
  walk(sample, [], 0);
  return out;
}

export interface Completion {
  readonly label: string;
  readonly detail?: string;
}

/**
 * Completions for the text before the cursor inside `{{ }}`: `$json` paths from the sample item,
 * `$node("id")` for every node id, and the scope's globals. `from` is where the replaced word starts.
 */
export function completionsAt(before: string, sample: Record<string, unknown>, nodeIds: readonly string[]): { from: number; options: Completion[] } | null {
  const open = before.lastIndexOf('{{');
  if (open < 0 || before.lastIndexOf('}}') > open) return null;
  const nodeMatch = /\$node\(\s*["']?([^"')]*)$/.exec(before);
  if (nodeMatch) {
    const from = before.length - (nodeMatch[1]?.length ?? 0);
    return { from, options: nodeIds.map((id) => ({ label: id, detail: '$node' })) };
  }
  const word = /\$[\w$.[\]"]*$/.exec(before);
  if (!word) {
    if (/[\s({[,!&|+\-*/]$|\{\{$/.test(before)) return { from: before.length, options: globals() };
    return null;
  }
  const typed = word[0];
  const from = before.length - typed.length;
  const options: Completion[] = [
    ...globals(),
    ...fieldPaths(sample).map((label) => ({ label, detail: 'field' })),
    ...nodeIds.map((id) => ({ label: `$node(${JSON.stringify(id)}).item`, detail: 'node' })),
  ].filter((o) => o.label.startsWith(typed) && o.label !== typed);
  return { from, options };
}

function globals(): Completion[] {
  return ['$json', '$input', '$node', '$now', '$vars', '$workflow', '$execution'].map((label) => ({ label, detail: 'scope' }));
}
