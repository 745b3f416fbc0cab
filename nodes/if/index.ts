import { z } from 'zod';
import { defineNode } from '../sdk/index.js';
import { passThrough } from '../noop/pass-through.js';
import { isTruthy } from './truthy.js';

export const conditionParam = z
  .unknown()
  .meta({
    title: 'Condition',
    description: 'An expression such as {{ $json.total > 100 }}; non-booleans: empty, 0, "false", "no", null count as false',
  });

/** Sends each item unchanged to `true` or `false` by its condition (truthiness rule: `./truthy.ts`). */
export default defineNode({
  type: 'if',
  version: 1,
  displayName: 'If',
  description: 'Routes each item to `true` or `false` by a condition',
  group: 'flow',
  outputs: ['true', 'false'],
  params: z.object({ condition: conditionParam }),
  translations: {
    de: {
      displayName: 'Wenn',
      description: 'Leitet jedes Element nach einer Bedingung zu `true` oder `false`',
      params: {
        condition: {
          label: 'Bedingung',
          description: 'Ein Ausdruck wie {{ $json.total > 100 }}; sonst gelten leer, 0, "false", "no", null als falsch',
        },
      },
    },
  },
  run: (ctx) => passThrough(ctx, isTruthy(ctx.params.condition) ? 'true' : 'false'),
});
