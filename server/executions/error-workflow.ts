import type { Item, SerializedError } from '../../nodes/sdk/index.js';
import type { NodeRegistry } from '../engine/registry.js';
import type { RunRecord } from '../engine/run-record.js';
import type { Workflow } from '../engine/workflow/schema.js';

/** The `errorTrigger` item for a failed run: json `{ execution, workflow, error }`. */
export function errorTriggerItem(record: RunRecord, workflow: Workflow, error: SerializedError & { readonly node?: string }): Item {
  return {
    json: {
      execution: {
        id: record.executionId,
        mode: record.mode,
        status: 'failed',
        startedAt: record.startedAt,
        finishedAt: record.finishedAt ?? null,
        lastNodeExecuted: error.node ?? record.order[record.order.length - 1] ?? null,
      },
      workflow: { id: workflow.id ?? record.workflowId, name: workflow.name },
      error: JSON.parse(JSON.stringify(error)),
    },
  };
}

/** The trigger node a run of `workflow` starts at: `requested`, else the only trigger, else `kind`'s first trigger, else `manual`. */
export function pickTrigger(workflow: Workflow, registry: NodeRegistry, kind?: 'error' | 'manual' | 'webhook' | 'schedule'): string | undefined {
  const triggers = workflow.nodes.filter((node) => !node.disabled && registry.get(node.type)?.trigger !== undefined);
  if (kind !== undefined) {
    const ofKind = triggers.find((node) => registry.get(node.type)?.trigger?.kind === kind);
    if (ofKind !== undefined) return ofKind.id;
    if (kind === 'error') return undefined;
  }
  if (triggers.length === 1) return triggers[0]?.id;
  return triggers.find((node) => node.type === 'manual')?.id ?? triggers[0]?.id;
}
