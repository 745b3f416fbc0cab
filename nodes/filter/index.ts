import { z } from 'zod';
import { defineNode } from '../sdk/index.js';
import { conditionParam } from '../if/index.js';
import { isTruthy } from '../if/truthy.js';
import { passThrough } from '../noop/pass-through.js';

/** Keeps the items whose condition holds (truthiness rule as `if`), unchanged; drops the rest. */
export default defineNode({
  type: 'filter',
  version: 1,
  displayName: 'Filter',
  description: 'Keeps only the items that match a condition',
  group: 'flow',
  params: z.object({ condition: conditionParam }),
  translations: {
    de: {
      displayName: 'Filter',
      description: 'Behält nur die Elemente, die eine Bedingung erfüllen',
      params: { condition: { label: 'Bedingung', description: 'Ein Ausdruck wie {{ $json.qty > 0 }}' } },
    },
  },
  run: (ctx) => (isTruthy(ctx.params.condition) ? passThrough(ctx) : null),
});
