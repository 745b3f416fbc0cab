import type { Item } from '../../../nodes/sdk/index.js';
import type { CompiledWorkflow } from '../compile/compile-workflow.js';
import type { NodeRun, RunRecord } from '../run-record.js';
import { freezeItems } from './items.js';

/**
 * What a saved record contributes to a resumed run. `done`: node runs that are kept as they are (success,
 * skipped, and failed ones whose onError let the run go on); `waiting`: parked node runs to continue; `order`:
 * the decided order of the kept runs. Everything else (failed with onError `fail`, `running` at a crash) runs
 * again from its first item.
 */
export interface Restored {
  readonly done: ReadonlyMap<string, NodeRun>;
  readonly waiting: ReadonlyMap<string, NodeRun>;
  readonly order: readonly string[];
}

const NOTHING: Restored = { done: new Map(), waiting: new Map(), order: [] };

export function restoreRecord(compiled: CompiledWorkflow, record: RunRecord | undefined): Restored {
  if (record === undefined) return NOTHING;
  const done = new Map<string, NodeRun>();
  const waiting = new Map<string, NodeRun>();
  for (const [id, nodeRun] of Object.entries(record.nodes)) {
    const node = compiled.byId.get(id);
    if (node === undefined) continue;
    const status = nodeRun.status;
    switch (status) {
      case 'success':
      case 'skipped':
        done.set(id, freezeNodeRun(nodeRun));
        break;
      case 'failed':
        if (node.onError !== 'fail' && nodeRun.error?.code !== 'CANCELLED' && nodeRun.error?.code !== 'EXECUTION_TIMEOUT') {
          done.set(id, freezeNodeRun(nodeRun));
        }
        break;
      case 'waiting':
        if (nodeRun.progress !== undefined && nodeRun.resumeAt !== undefined) waiting.set(id, freezeNodeRun(nodeRun));
        break;
      case 'running':
        break;
      default: {
        const unreachable: never = status;
        throw new Error(`internal: node status ${String(unreachable)}`);
      }
    }
  }
  return { done, waiting, order: record.order.filter((id) => done.has(id)) };
}

function freezeNodeRun(nodeRun: NodeRun): NodeRun {
  const outputs: Record<string, readonly Item[]> = {};
  for (const [name, items] of Object.entries(nodeRun.outputs)) outputs[name] = freezeItems(items);
  return { ...nodeRun, outputs: Object.freeze(outputs) };
}
