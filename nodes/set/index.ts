import { z } from 'zod';
import { defineNode } from '../sdk/index.js';
import type { JsonObject } from '../sdk/index.js';
import { assignPath, splitPath } from './path.js';
import { toJsonValue } from './to-json.js';

const params = z.object({
  fields: z
    .record(
      z
        .string()
        .min(1, 'a field name must not be empty')
        .refine((name) => !name.split('.').includes('__proto__'), { message: 'a field name must not use `__proto__`' }),
      z.unknown(),
    )
    .default({})
    .meta({
      title: 'Fields',
      description: 'Name → value; values may be expressions like {{ $json.qty * $json.price }}; `a.b` sets a nested field',
    }),
  keepOnlySet: z
    .boolean()
    .default(false)
    .meta({ title: 'Keep only these fields', description: 'Drop every field of the item that is not set here' }),
  dotNotation: z
    .boolean()
    .default(true)
    .meta({ title: 'Dotted names are paths', description: 'Off: a name like `a.b` is one field with a dot in its name' }),
});

/**
 * Adds or overwrites fields of each item. Values become JSON (`undefined`/NaN → null, dates → ISO strings).
 * Fields are applied in the order written, so a later name may extend an earlier one (`customer`, then
 * `customer.vip`). The input item is never mutated: changed branches are copied, the rest is shared. Binary
 * data stays on the item.
 */
export default defineNode({
  type: 'set',
  version: 1,
  displayName: 'Set fields',
  description: 'Adds or overwrites fields of each item, keeping the rest unless told otherwise',
  group: 'data',
  params,
  translations: {
    de: {
      displayName: 'Felder setzen',
      description: 'Fügt jedem Element Felder hinzu oder überschreibt sie; der Rest bleibt, wenn nicht anders gewählt',
      params: {
        fields: { label: 'Felder', description: 'Name → Wert; Werte dürfen Ausdrücke sein; `a.b` setzt ein verschachteltes Feld' },
        keepOnlySet: { label: 'Nur diese Felder behalten', description: 'Alle hier nicht gesetzten Felder entfernen' },
        dotNotation: { label: 'Punkte als Pfad', description: 'Aus: `a.b` ist ein Feld mit Punkt im Namen' },
      },
    },
  },
  run: (ctx) => {
    const { fields, keepOnlySet, dotNotation } = ctx.params;
    const json: JsonObject = keepOnlySet ? {} : { ...ctx.item.json };
    for (const [name, value] of Object.entries(fields)) {
      const jsonValue = toJsonValue(value);
      if (dotNotation && name.includes('.')) assignPath(json, splitPath(name), jsonValue);
      else json[name] = jsonValue;
    }
    const binary = ctx.item.binary;
    return binary === undefined ? json : ctx.emit(json, { binary });
  },
});
