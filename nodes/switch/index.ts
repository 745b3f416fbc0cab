import { z } from 'zod';
import { defineNode } from '../sdk/index.js';
import type { Emission } from '../sdk/index.js';
import { isTruthy } from '../if/truthy.js';
import { passThrough } from '../noop/pass-through.js';
import { outputNameSchema, switchOutputs } from './outputs.js';

const params = z.object({
  rules: z
    .array(
      z.object({
        output: outputNameSchema.meta({ title: 'Output', description: 'Name of the output the matching items go to' }),
        condition: z.unknown().meta({ title: 'Condition', description: 'e.g. {{ $json.country === "DE" }}' }),
      }),
    )
    .max(64)
    .default([])
    .meta({ title: 'Rules', description: 'Checked in order; an item goes to the first rule that matches' }),
  fallback: outputNameSchema
    .default('fallback')
    .meta({ title: 'Fallback output', description: 'Where items go that match no rule' }),
  allMatching: z
    .boolean()
    .default(false)
    .meta({ title: 'Send to every matching rule', description: 'Instead of only the first; the same item may go to several outputs' }),
});

/**
 * Routes each item, unchanged, to the output of the first rule whose condition holds (truthiness as `if`), or
 * to the fallback output. Outputs: the rule outputs in order, then the fallback.
 */
export default defineNode({
  type: 'switch',
  version: 1,
  displayName: 'Switch',
  description: 'Routes each item to the output of the first rule that matches',
  group: 'flow',
  outputs: switchOutputs,
  params,
  translations: {
    de: {
      displayName: 'Verzweigung',
      description: 'Leitet jedes Element zum Ausgang der ersten zutreffenden Regel',
      params: {
        rules: { label: 'Regeln', description: 'Der Reihe nach geprüft; ein Element geht zur ersten zutreffenden Regel' },
        fallback: { label: 'Ausgang ohne Treffer', description: 'Wohin Elemente gehen, auf die keine Regel zutrifft' },
        allMatching: { label: 'An alle zutreffenden Regeln', description: 'Statt nur an die erste' },
      },
    },
  },
  run: (ctx) => {
    const { rules, fallback, allMatching } = ctx.params;
    const outputs: string[] = [];
    for (const rule of rules) {
      if (!isTruthy(rule.condition) || outputs.includes(rule.output)) continue;
      outputs.push(rule.output);
      if (!allMatching) break;
    }
    if (outputs.length === 0) outputs.push(fallback);
    return outputs.map((output): Emission => passThrough(ctx, output));
  },
});
