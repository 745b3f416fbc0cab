import { FatalError, isJsonObject } from '../../../nodes/sdk/index.js';
import type { BinaryMap, Emitted, Item, ItemRef, JsonObject } from '../../../nodes/sdk/index.js';

/**
 * Items are immutable: the item object is frozen, and so is every object inside its json the first time the
 * executor sees it. Objects already frozen (items passed through from upstream) are not walked again.
 */
export function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (const element of value) deepFreeze(element);
    return;
  }
  for (const key in value) deepFreeze(Reflect.get(value, key));
}

export function makeItem(json: JsonObject, binary: BinaryMap | undefined, paired: ItemRef | undefined): Item {
  deepFreeze(json);
  if (binary !== undefined) deepFreeze(binary);
  const item: Item = binary === undefined
    ? (paired === undefined ? { json } : { json, paired })
    : (paired === undefined ? { json, binary } : { json, binary, paired });
  return Object.freeze(item);
}

/** Freezes items that come from outside (trigger input, a resumed record) and returns them. */
export function freezeItems(items: readonly Item[]): readonly Item[] {
  for (const item of items) {
    deepFreeze(item.json);
    if (item.binary !== undefined) deepFreeze(item.binary);
    Object.freeze(item);
  }
  return Object.isFrozen(items) ? items : Object.freeze(items);
}

/** The runtime form of `Emitted` (the SDK type carries only a type-level brand). */
export class EmittedItem {
  constructor(
    readonly output: string,
    readonly json: JsonObject,
    readonly binary: BinaryMap | undefined,
    readonly pairedIndex: number | undefined,
  ) {}
}

export function emitted(output: string, json: JsonObject, binary: BinaryMap | undefined, pairedIndex: number | undefined): Emitted {
  // The brand of `Emitted` exists only for the type checker; EmittedItem is its runtime representation.
  return new EmittedItem(output, json, binary, pairedIndex) as unknown as Emitted;
}

/**
 * Appends what `run` returned to `outputs`. Plain objects go to `main`; EmittedItems to their output (created
 * on first use). `pairOf(k, pairedIndex)` gives the lineage of the k-th emission. Anything that is not an
 * object is FatalError `INVALID_OUTPUT`.
 */
export function collectResult(
  result: unknown,
  outputs: Record<string, Item[]>,
  pairOf: (emissionIndex: number, pairedIndex: number | undefined) => ItemRef | undefined,
): void {
  if (result === null || result === undefined) return;
  if (Array.isArray(result)) {
    for (let index = 0; index < result.length; index++) collectOne(result[index], index, outputs, pairOf);
    return;
  }
  collectOne(result, 0, outputs, pairOf);
}

function collectOne(
  emission: unknown,
  index: number,
  outputs: Record<string, Item[]>,
  pairOf: (emissionIndex: number, pairedIndex: number | undefined) => ItemRef | undefined,
): void {
  if (emission instanceof EmittedItem) {
    const list = outputs[emission.output] ?? (outputs[emission.output] = []);
    list.push(makeItem(emission.json, emission.binary, pairOf(index, emission.pairedIndex)));
    return;
  }
  if (!isJsonObject(emission)) {
    const kind = emission === null ? 'null' : Array.isArray(emission) ? 'a nested array' : typeof emission;
    throw new FatalError(`run returned ${kind} where an object was expected`, { code: 'INVALID_OUTPUT' });
  }
  const list = outputs.main ?? (outputs.main = []);
  list.push(makeItem(emission, undefined, pairOf(index, undefined)));
}
