import type { Item, SerializedError } from '../../nodes/sdk/index.js';
import type { NodeRegistry } from '../engine/registry.js';
import type { RunOutcome, RunRecord } from '../engine/run-record.js';
import type { NewExecution, WorkflowStore } from '../store/types.js';
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

export type ErrorWorkflowStart =
  | { readonly status: 'none' }
  | { readonly status: 'missing'; readonly errorWorkflow: string }
  | { readonly status: 'ready'; readonly execution: NewExecution; readonly workflow: Workflow & { readonly id: string } };

/**
 * The execution a failed run starts in its `settings.errorWorkflow`: none without one (or when the failed run is
 * itself an error workflow's, so failures cannot chain), `missing` when that workflow or its errorTrigger is gone.
 */
export async function errorWorkflowStart(
  workflows: Pick<WorkflowStore, 'get'>,
  registry: NodeRegistry,
  failedWorkflow: Workflow,
  outcome: Extract<RunOutcome, { status: 'failed' }>,
): Promise<ErrorWorkflowStart> {
  const errorWorkflow = failedWorkflow.settings.errorWorkflow;
  if (errorWorkflow === undefined || outcome.record.mode === 'error') return { status: 'none' };
  const target = await workflows.get(errorWorkflow);
  const triggerNodeId = target === undefined ? undefined : pickTrigger(target.workflow, registry, 'error');
  if (target === undefined || triggerNodeId === undefined) return { status: 'missing', errorWorkflow };
  return {
    status: 'ready',
    workflow: target.workflow,
    execution: {
      workflowId: target.id,
      workflowVersion: target.version,
      mode: 'error',
      triggerNodeId,
      triggerItems: [errorTriggerItem(outcome.record, failedWorkflow, outcome.error)],
      parentExecutionId: outcome.record.executionId,
    },
  };
}
