import { z } from 'zod';
import { defineNode } from '../sdk/index.js';
import { splitPath } from '../set/path.js';
import { append, byPosition, joinByKey } from './combine.js';
import type { Combined } from './combine.js';

const keyPath = z.string().min(1).max(500);

const params = z
  .object({
    mode: z
      .enum(['append', 'byPosition', 'joinByKey'])
      .default('append')
      .meta({
        title: 'Mode',
        description: 'append: all of a, then all of b; byPosition: item i of a with item i of b; joinByKey: items with equal keys',
      }),
    key: keyPath.optional().meta({ title: 'Key', description: 'Field compared in joinByKey; dotted paths like `customer.id` work' }),
    keyB: keyPath.optional().meta({ title: 'Key in b', description: 'When input b names the key differently (default: `key`)' }),
    join: z
      .enum(['inner', 'left'])
      .default('inner')
      .meta({ title: 'Join', description: 'inner: only matched items; left: also items of a without a match' }),
    includeUnpaired: z
      .boolean()
      .default(true)
      .meta({ title: 'Keep unpaired items', description: 'byPosition: pass on the extra items of the longer input alone' }),
  })
  .refine((p) => p.mode !== 'joinByKey' || p.key !== undefined, { message: 'joinByKey needs `key`', path: ['key'] });

/**
 * Combines inputs `a` and `b` once both are decided (a skipped input counts as empty). Combined json is
 * `{ ...a, ...b }`; see `./combine.ts` for each mode's exact order.
 */
export default defineNode({
  type: 'merge',
  version: 1,
  displayName: 'Merge',
  description: 'Combines the items of inputs a and b: appended, by position, or joined by a key',
  group: 'flow',
  mode: 'allItems',
  inputs: ['a', 'b'],
  params,
  translations: {
    de: {
      displayName: 'Zusammenführen',
      description: 'Führt die Elemente der Eingänge a und b zusammen: angehängt, nach Position oder über einen Schlüssel',
      params: {
        mode: { label: 'Modus', description: 'append: erst a, dann b; byPosition: Element i von a mit Element i von b; joinByKey: gleiche Schlüssel' },
        key: { label: 'Schlüssel', description: 'Verglichenes Feld; Pfade wie `customer.id` gehen' },
        keyB: { label: 'Schlüssel in b', description: 'Wenn b den Schlüssel anders nennt' },
        join: { label: 'Verknüpfung', description: 'inner: nur Treffer; left: auch Elemente aus a ohne Treffer' },
        includeUnpaired: { label: 'Unpaarige behalten', description: 'byPosition: überzählige Elemente des längeren Eingangs weitergeben' },
      },
    },
  },
  run: (ctx) => {
    const a = ctx.inputs.a ?? [];
    const b = ctx.inputs.b ?? [];
    const p = ctx.params;
    let combined: Combined[];
    switch (p.mode) {
      case 'append':
        combined = append(a, b);
        break;
      case 'byPosition':
        combined = byPosition(a, b, p.includeUnpaired);
        break;
      case 'joinByKey': {
        const key = splitPath(p.key ?? '');
        combined = joinByKey(a, b, key, p.keyB === undefined ? key : splitPath(p.keyB), p.join);
        break;
      }
      default: {
        const unknownMode: never = p.mode;
        throw new Error(`unknown merge mode ${String(unknownMode)}`);
      }
    }
    return combined.map(({ json, binary, pairedIndex }) =>
      ctx.emit(json, { ...(binary !== undefined && { binary }), ...(pairedIndex !== undefined && { pairedIndex }) }),
    );
  },
});
