/** Tiny test-only nodes and helpers for the executor tests. */
import { z } from 'zod';
import { defineNode, FatalError } from '../../nodes/sdk/index.js';
import type { Item, JsonObject, JsonValue, NodeDefinition } from '../../nodes/sdk/index.js';
import { MapNodeRegistry } from '../../server/engine/registry.js';
import { workflowSchema } from '../../server/engine/workflow/schema.js';
import type { Workflow, WorkflowInput } from '../../server/engine/workflow/schema.js';

/** Counts `run` calls per node id (reset with `calls.clear()`). */
export const calls = new Map<string, number>();
function count(nodeId: string): void {
  calls.set(nodeId, (calls.get(nodeId) ?? 0) + 1);
}

export const start = defineNode({
  type: 'test.start', version: 1, displayName: 'Start', description: 'trigger', group: 'trigger', inputs: [],
  params: z.object({}),
  run: (ctx) => { count(ctx.nodeId); return ctx.item.json; },
});

/** Sets `field` to `value` (an expression allowed), counting calls. */
export const put = defineNode({
  type: 'test.put', version: 1, displayName: 'Put', description: 'sets one field', group: 'data',
  params: z.object({ field: z.string().min(1), value: z.unknown() }),
  run: (ctx) => {
    count(ctx.nodeId);
    const value: JsonValue = toJson(ctx.params.value);
    return { ...ctx.item.json, [ctx.params.field]: value };
  },
});

function toJson(value: unknown): JsonValue {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}

/** Routes each item to `true` or `false` by `condition`. */
export const branch = defineNode({
  type: 'test.branch', version: 1, displayName: 'Branch', description: 'if', group: 'flow', outputs: ['true', 'false'],
  params: z.object({ condition: z.boolean() }),
  run: (ctx) => { count(ctx.nodeId); return ctx.emit(ctx.item.json, { output: ctx.params.condition ? 'true' : 'false' }); },
});

/** Appends inputs a then b. */
export const join = defineNode({
  type: 'test.join', version: 1, displayName: 'Join', description: 'merge', group: 'flow', mode: 'allItems', inputs: ['a', 'b'],
  params: z.object({}),
  run: (ctx) => {
    count(ctx.nodeId);
    return [...(ctx.inputs.a ?? []), ...(ctx.inputs.b ?? [])].map((item) => item.json);
  },
});

/** One item `{ items: [json...] }` of all input items. */
export const collect = defineNode({
  type: 'test.collect', version: 1, displayName: 'Collect', description: 'aggregate', group: 'data', mode: 'allItems',
  params: z.object({}),
  run: (ctx) => { count(ctx.nodeId); return { items: ctx.items.map((item) => item.json) }; },
});

/** Fails according to a script shared by the test: `failures` errors are thrown, one per try, before success. */
export const script: { failures: Error[] } = { failures: [] };
export const flaky = defineNode({
  type: 'test.flaky', version: 1, displayName: 'Flaky', description: 'fails as scripted', group: 'action',
  params: z.object({}),
  run: (ctx) => {
    count(ctx.nodeId);
    const next = script.failures.shift();
    if (next !== undefined) throw next;
    return { ...ctx.item.json, attempt: ctx.attempt };
  },
});

/** Fails for items whose json has `bad: true`. */
export const picky = defineNode({
  type: 'test.picky', version: 1, displayName: 'Picky', description: 'rejects bad items', group: 'action',
  params: z.object({}),
  run: (ctx) => {
    count(ctx.nodeId);
    if (ctx.item.json.bad === true) throw new FatalError('bad item', { code: 'BAD_ITEM' });
    return { ...ctx.item.json, ok: true };
  },
});

/** Waits until `until` (epoch ms) through ctx.waitUntil, then passes items on. */
export const pause = defineNode({
  type: 'test.pause', version: 1, displayName: 'Pause', description: 'waitUntil', group: 'flow', mode: 'allItems',
  params: z.object({ until: z.number() }),
  run: async (ctx) => {
    count(ctx.nodeId);
    await ctx.waitUntil(ctx.params.until);
    return ctx.items.map((item) => item.json);
  },
});

/** The signal the last `hang` run saw. */
export const seen: { signal?: AbortSignal } = {};

/** Never settles unless aborted: resolves to nothing when the signal fires. */
export const hang = defineNode({
  type: 'test.hang', version: 1, displayName: 'Hang', description: 'waits for abort', group: 'action',
  params: z.object({}),
  run: (ctx) => {
    count(ctx.nodeId);
    seen.signal = ctx.signal;
    return new Promise<null>((resolve) => ctx.signal.addEventListener('abort', () => resolve(null)));
  },
});

/** Async pass-through. */
export const later = defineNode({
  type: 'test.later', version: 1, displayName: 'Later', description: 'async noop', group: 'flow',
  params: z.object({}),
  run: async (ctx) => { count(ctx.nodeId); await Promise.resolve(); return ctx.item.json; },
});

/** Emits `count` items `{ n }` per input item. */
export const fan = defineNode({
  type: 'test.fan', version: 1, displayName: 'Fan', description: 'splits', group: 'data',
  params: z.object({ count: z.int().min(0).max(100) }),
  run: (ctx) => { count(ctx.nodeId); return Array.from({ length: ctx.params.count }, (_, n) => ({ n })); },
});

export const definitions: readonly NodeDefinition[] = [start, put, branch, join, collect, flaky, picky, pause, hang, later, fan];
export const registry = new MapNodeRegistry(definitions);

/** Parses a workflow written as in a file. */
export function wf(input: WorkflowInput): Workflow {
  return workflowSchema.parse(input);
}

export function jsonOf(items: readonly Item[]): JsonObject[] {
  return items.map((item) => item.json);
}
