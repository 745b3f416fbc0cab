import { toFlowError } from '../../../nodes/sdk/index.js';
import type { Item } from '../../../nodes/sdk/index.js';
import { parseParams } from '../compile/params-plan.js';
import type { NodeParams } from '../compile/params-plan.js';
import type { NodeRunScope } from './node-scope.js';
import { ItemScope } from './scope.js';

/**
 * The params `run` sees for one item: static params as parsed at compile time (no work per item); dynamic ones
 * evaluated with this item's scope and then validated by the node's schema. Throws a FlowError naming the node
 * (`PARAM_INVALID`, or the evaluator's `EXPRESSION_ERROR`, ...).
 */
export function paramsFor(nodeRun: NodeRunScope, item: Item | undefined, itemIndex: number): NodeParams {
  const node = nodeRun.node;
  const plan = node.params;
  switch (plan.kind) {
    case 'static':
      return plan.value;
    case 'invalid':
      throw plan.error;
    case 'dynamic': {
      const scope = new ItemScope(nodeRun, item, itemIndex);
      const values: Record<string, unknown> = {};
      for (const entry of plan.entries) {
        if (entry.compiled === undefined) {
          values[entry.name] = entry.raw;
          continue;
        }
        try {
          values[entry.name] = entry.compiled.evaluate(scope);
        } catch (error) {
          const flowError = toFlowError(error);
          flowError.node ??= node.id;
          throw flowError;
        }
      }
      const parsed = parseParams(node.id, node.definition, values);
      if (!parsed.ok) throw parsed.error;
      return parsed.value;
    }
    default: {
      const unreachable: never = plan;
      return unreachable;
    }
  }
}
