import { z } from 'zod';
import { FatalError, defineNode, isJsonObject } from '../sdk/index.js';
import type { CodeResult, Emission, Item, JsonObject, NodeLogger } from '../sdk/index.js';

const params = z.object({
  code: z
    .string()
    .max(200_000)
    .default('return $input;')
    .meta({
      title: 'JavaScript',
      description: 'allItems: `$input` is the array of item json, return an array; perItem: `$json` is the item, return an object or null',
    }),
  mode: z
    .enum(['allItems', 'perItem'])
    .default('allItems')
    .meta({ title: 'Run', description: 'allItems: once for all items; perItem: once per item' }),
});

/**
 * User JavaScript in the host's sandbox (`services.sandbox`; without it: `SERVICE_UNAVAILABLE`). `code` is never
 * evaluated as an expression. allItems: one sandbox call; each returned object becomes an item (null entries are
 * dropped). perItem: one call per item, in order; an object replaces the item's json (binary kept), null drops
 * it. Anything else returned fails with `CODE_RESULT_INVALID`. The sandbox's console lines go to the logger.
 */
export default defineNode({
  type: 'code',
  version: 1,
  displayName: 'Code',
  description: 'Runs JavaScript on the items',
  group: 'data',
  mode: 'allItems',
  params,
  literalParams: ['code'],
  translations: {
    de: {
      displayName: 'Code',
      description: 'Führt JavaScript mit den Elementen aus',
      params: {
        code: {
          label: 'JavaScript',
          description: 'allItems: `$input` ist das Array der Element-JSONs, gib ein Array zurück; perItem: `$json` ist das Element, gib ein Objekt oder null zurück',
        },
        mode: { label: 'Ausführen', description: 'allItems: einmal für alle Elemente; perItem: einmal je Element' },
      },
    },
  },
  run: async (ctx) => {
    const sandbox = ctx.services.sandbox;
    if (sandbox === undefined) {
      throw new FatalError('this host has no code sandbox', { code: 'SERVICE_UNAVAILABLE' });
    }
    const { code, mode } = ctx.params;
    const scope = ctx.codeScope();
    const call = async (items: readonly JsonObject[]): Promise<CodeResult['items']> => {
      const result = await sandbox.run({ code, mode, items, scope }, ctx.signal);
      forwardLogs(result.logs, ctx.logger);
      return result.items;
    };
    if (mode === 'allItems') return allItemsResult(await call(ctx.items.map((item) => item.json)));
    return perItemResults(ctx.items, call, (json, item, index) =>
      ctx.emit(json, { pairedIndex: index, ...(item.binary !== undefined && { binary: item.binary }) }),
    );
  },
});

function allItemsResult(returned: CodeResult['items']): JsonObject[] {
  const items: JsonObject[] = [];
  returned.forEach((value, index) => {
    if (value === null) return;
    if (!isJsonObject(value)) throw invalid(`element ${index} of the returned array is not an object`);
    items.push(value);
  });
  return items;
}

async function perItemResults(
  items: readonly Item[],
  call: (items: readonly JsonObject[]) => Promise<CodeResult['items']>,
  emit: (json: JsonObject, item: Item, index: number) => Emission,
): Promise<Emission[]> {
  const results: Emission[] = [];
  for (const [index, item] of items.entries()) {
    const [value] = await call([item.json]);
    if (value === null || value === undefined) continue;
    if (!isJsonObject(value)) throw invalid(`item ${index}: the code must return an object or null`);
    results.push(emit(value, item, index));
  }
  return results;
}

function invalid(message: string): FatalError {
  return new FatalError(message, { code: 'CODE_RESULT_INVALID' });
}

function forwardLogs(lines: readonly string[], logger: NodeLogger): void {
  for (const line of lines) logger.info(line);
}

