import { z } from 'zod';
import { defineNode } from '../sdk/index.js';
import type { JsonObject } from '../sdk/index.js';
import { setPath, splitPath } from '../set/path.js';

const params = z.object({
  field: z
    .string()
    .min(1)
    .max(500)
    .refine((name) => !name.split('.').includes('__proto__'), { message: 'must not use `__proto__`' })
    .default('items')
    .meta({ title: 'Field', description: 'Name of the array field of the single output item; `a.b` nests it' }),
});

/** One item `{ [field]: [json of every input item, in order] }`, also when there are no input items (`[]`). */
export default defineNode({
  type: 'aggregate',
  version: 1,
  displayName: 'Aggregate',
  description: 'Collects all items into one item with an array field',
  group: 'data',
  mode: 'allItems',
  params,
  translations: {
    de: {
      displayName: 'Sammeln',
      description: 'Fasst alle Elemente zu einem Element mit einem Array-Feld zusammen',
      params: { field: { label: 'Feld', description: 'Name des Array-Felds im Ergebnis; `a.b` verschachtelt es' } },
    },
  },
  run: (ctx) => {
    const collected = ctx.items.map((item) => item.json);
    const json: JsonObject = setPath({}, splitPath(ctx.params.field), collected);
    return json;
  },
});
