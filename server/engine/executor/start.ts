import { FlowError } from '../../../nodes/sdk/index.js';
import type { Item } from '../../../nodes/sdk/index.js';
import type { CompiledNode, CompiledWorkflow } from '../compile/compile-workflow.js';
import type { RunOptions } from '../run-options.js';
import { freezeItems } from './items.js';

const ONE_EMPTY_ITEM: readonly Item[] = freezeItems([{ json: {} }]);

/**
 * The node that starts the run: `triggerNodeId` (or the resumed record's), else the only trigger node, else the
 * one of type `manual`. Throws FlowError `NO_TRIGGER` when none can be chosen.
 */
export function chooseTrigger(compiled: CompiledWorkflow, options: RunOptions): CompiledNode {
  const wanted = options.triggerNodeId ?? options.resumeFrom?.triggerNodeId;
  if (wanted !== undefined) {
    const node = compiled.byId.get(wanted);
    if (node === undefined) throw new FlowError('NO_TRIGGER', `trigger node "${wanted}" is not in the workflow`);
    return node;
  }
  const triggers = compiled.nodes.filter((node) => node.isTrigger);
  const only = triggers.length === 1 ? triggers[0] : undefined;
  if (only !== undefined) return only;
  const manual = triggers.find((node) => node.node.type === 'manual');
  if (manual !== undefined) return manual;
  throw new FlowError('NO_TRIGGER', triggers.length === 0
    ? 'the workflow has no trigger node'
    : `the workflow has several trigger nodes (${triggers.map((node) => node.id).join(', ')}); name one`);
}

/** The trigger's input: the resumed record's items, else `triggerItems`, else one empty item. Frozen. */
export function chooseTriggerItems(options: RunOptions): readonly Item[] {
  const items = options.resumeFrom?.triggerItems ?? options.triggerItems;
  return items === undefined ? ONE_EMPTY_ITEM : freezeItems(items);
}
