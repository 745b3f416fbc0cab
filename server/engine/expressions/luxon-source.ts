import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse } from 'acorn';

/**
 * Luxon's CommonJS build, rewritten to run inside the expression realm without becoming a channel between
 * evaluations: every value luxon caches for reuse (Intl formatters, zones, options) is frozen as it enters a
 * cache, and the module returns, besides its exports, `__internals`: every top-level binding (classes, constant
 * objects) so the lockdown can freeze them too. Evaluates to a function returning that exports object.
 */

function topLevelNames(source: string): string[] {
  const program = parse(source, { ecmaVersion: 'latest', sourceType: 'script' });
  const names: string[] = [];
  const body: unknown = Reflect.get(program, 'body');
  if (!Array.isArray(body)) return names;
  const nameOf = (node: unknown): string | undefined => {
    const name: unknown = typeof node === 'object' && node !== null ? Reflect.get(node, 'name') : undefined;
    return typeof name === 'string' ? name : undefined;
  };
  for (const statement of body) {
    if (typeof statement !== 'object' || statement === null) continue;
    const type: unknown = Reflect.get(statement, 'type');
    if (type === 'ClassDeclaration' || type === 'FunctionDeclaration') {
      const name = nameOf(Reflect.get(statement, 'id'));
      if (name !== undefined) names.push(name);
    } else if (type === 'VariableDeclaration') {
      const declarations: unknown = Reflect.get(statement, 'declarations');
      if (!Array.isArray(declarations)) continue;
      for (const declaration of declarations) {
        const name = nameOf(Reflect.get(declaration, 'id'));
        if (name !== undefined && name !== 'intlLFCache') names.push(name);
      }
    }
  }
  return names;
}

export function luxonRealmSource(): string {
  const require = createRequire(import.meta.url);
  const original = readFileSync(require.resolve('luxon'), 'utf8');
  const rewritten = original
    .replaceAll('new Map()', 'new __FwFrozenValueMap()')
    .replace('intlLFCache[key] = dtf;', 'intlLFCache[key] = dtf = Object.freeze(dtf);');
  const names = topLevelNames(original);
  return `(function () {
  'use strict';
  class __FwFrozenValueMap extends Map {
    set(key, value) { if (typeof value === 'object' && value !== null) Object.freeze(value); return super.set(key, value); }
  }
  const module = { exports: {} };
  (function (exports, module) {
${rewritten}
    exports.__internals = [${names.join(', ')}];
  })(module.exports, module);
  return module.exports;
})`;
}
