import type { NodeDefinition } from '../../nodes/sdk/index.js';
import { MapNodeRegistry, type NodeRegistry } from '../engine/registry.js';
import type { AppLogger } from '../http/deps.js';
import type { ServerMetrics } from '../http/metrics.js';

/**
 * A registry whose node definitions time every call of `run` (the node duration histogram, by type and outcome)
 * and log it at debug level with the execution and node ids. Definitions are otherwise unchanged.
 */
export function instrumentRegistry(registry: NodeRegistry, metrics: ServerMetrics, logger: AppLogger): NodeRegistry {
  const wrap = (definition: NodeDefinition): NodeDefinition => {
    const finish = (ctx: { readonly nodeId: string; readonly execution: { readonly id: string } }, started: number, status: string): void => {
      const ms = performance.now() - started;
      metrics.nodeEnded(definition.type, status, ms);
      logger.debug({ executionId: ctx.execution.id, nodeId: ctx.nodeId, nodeType: definition.type, status, ms: Math.round(ms * 1000) / 1000 }, 'node run');
    };
    // Synchronous runs stay synchronous; promises are timed when they settle.
    const timed = <C extends { readonly nodeId: string; readonly execution: { readonly id: string } }, R>(ctx: C, run: (ctx: C) => R): R => {
      const started = performance.now();
      let result: R;
      try {
        result = run(ctx);
      } catch (error) {
        finish(ctx, started, 'error');
        throw error;
      }
      if (result instanceof Promise) {
        result.then(() => finish(ctx, started, 'success'), () => finish(ctx, started, 'error'));
        return result;
      }
      finish(ctx, started, 'success');
      return result;
    };
    switch (definition.mode) {
      case 'allItems': {
        const { run } = definition;
        const copy: NodeDefinition = { ...definition, run: (ctx: Parameters<typeof run>[0]) => timed(ctx, run) };
        return copy;
      }
      case 'perItem':
      case undefined: {
        const { run } = definition;
        const copy: NodeDefinition = { ...definition, run: (ctx: Parameters<typeof run>[0]) => timed(ctx, run) };
        return copy;
      }
      default: {
        const unreachable: never = definition;
        return unreachable;
      }
    }
  };
  return new MapNodeRegistry(registry.list().map(wrap));
}
