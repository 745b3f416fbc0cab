import type { EmitOptions, Emission, Emitted, Item, JsonObject } from '../sdk/index.js';

/** What per-item pass-through nodes need of their context. */
export interface PassThroughContext {
  readonly item: Item;
  emit(json: JsonObject, options?: EmitOptions): Emitted;
}

/** The item unchanged on `output` (default `main`): same json reference, binary kept. */
export function passThrough(ctx: PassThroughContext, output?: string): Emission {
  const { json, binary } = ctx.item;
  if (binary === undefined && output === undefined) return json;
  return ctx.emit(json, { ...(output !== undefined && { output }), ...(binary !== undefined && { binary }) });
}

/** Every item unchanged, for allItems nodes; `pairedIndex` keeps lineage. */
export function passAllThrough(
  items: readonly Item[],
  emit: (json: JsonObject, options?: EmitOptions) => Emitted,
): Emission[] {
  return items.map((item, index) => emit(item.json, { pairedIndex: index, ...(item.binary !== undefined && { binary: item.binary }) }));
}
