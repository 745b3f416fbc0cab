import { z } from 'zod';
import { FatalError, defineNode, isJsonObject } from '../sdk/index.js';
import type { JsonObject } from '../sdk/index.js';
import { getPath, splitPath } from '../set/path.js';

const params = z.object({
  field: z
    .string()
    .min(1)
    .max(500)
    .meta({ title: 'Field', description: 'The array field to split, e.g. `lines`; dotted paths like `order.lines` work' }),
});

/**
 * One item per element of the array at `field`: an object element becomes the item's json; any other value
 * becomes `{ value }`. A missing or null field yields no items; a field that is not an array fails with
 * `SPLIT_FIELD_NOT_ARRAY`. Binary data stays with the original item and is not copied to the elements.
 */
export default defineNode({
  type: 'splitOut',
  version: 1,
  displayName: 'Split out',
  description: 'Turns each element of an array field into its own item',
  group: 'data',
  params,
  translations: {
    de: {
      displayName: 'Aufteilen',
      description: 'Macht aus jedem Element eines Array-Felds ein eigenes Element',
      params: { field: { label: 'Feld', description: 'Das aufzuteilende Array-Feld, z. B. `lines`; Pfade wie `order.lines` gehen' } },
    },
  },
  run: (ctx) => {
    const field = ctx.params.field;
    const value = getPath(ctx.item.json, splitPath(field));
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      throw new FatalError(`field "${field}" is ${typeof value}, not an array`, { code: 'SPLIT_FIELD_NOT_ARRAY', param: 'field' });
    }
    return value.map((element): JsonObject => (isJsonObject(element) ? element : { value: element }));
  },
});
