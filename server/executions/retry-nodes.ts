import type { NodeRun } from '../engine/run-record.js';
import type { Workflow } from '../engine/workflow/schema.js';
import type { ExecutionDetail, NewExecution, Store } from '../store/types.js';

export type RetryPlan =
  | { readonly ok: true; readonly nodes: readonly NodeRun[] }
  | { readonly ok: false; readonly reason: string };

/**
 * The node runs a retry keeps from a failed execution, in decided order: successful and skipped ones, and failed
 * ones whose `onError` let the run go on (in `workflow`, the version the retry runs). Everything else runs again.
 * A kept node whose outputs were capped in the record cannot feed the retry: the plan fails naming it.
 */
export function planRetry(detail: ExecutionDetail, workflow: Workflow): RetryPlan {
  const onError = new Map(workflow.nodes.map((node) => [node.id, node.onError]));
  const kept: NodeRun[] = [];
  for (const nodeId of detail.order) {
    const nodeRun = detail.nodes[nodeId];
    if (nodeRun === undefined || !onError.has(nodeId)) continue;
    const keep = nodeRun.status === 'success' || nodeRun.status === 'skipped' || (nodeRun.status === 'failed' && onError.get(nodeId) !== 'fail');
    if (!keep) continue;
    if (nodeRun.truncated === true) {
      return { ok: false, reason: `the stored output of node "${nodeId}" was truncated (over the size cap), so the run cannot continue from it` };
    }
    const { truncated: _truncated, ...plain } = nodeRun;
    kept.push(plain);
  }
  return { ok: true, nodes: kept };
}

export type RetryStart =
  | { readonly status: 'not_found' }
  | { readonly status: 'not_retryable'; readonly reason: string }
  | { readonly status: 'ready'; readonly execution: NewExecution; readonly workflow: Workflow & { readonly id: string } };

/**
 * The execution a retry of `executionId` starts: only failed or cancelled ones; on the version that ran (default)
 * or the workflow's current one; with the node runs `planRetry` keeps.
 */
export async function retryStart(store: Pick<Store, 'executions' | 'workflows'>, executionId: string, version: 'original' | 'current'): Promise<RetryStart> {
  const detail = await store.executions.get(executionId);
  if (detail === undefined) return { status: 'not_found' };
  if (detail.status !== 'failed' && detail.status !== 'cancelled') {
    return { status: 'not_retryable', reason: `execution is ${detail.status}; only failed or cancelled executions are retried` };
  }
  const target =
    version === 'current'
      ? await store.workflows.get(detail.workflowId)
      : await store.workflows.getVersion(detail.workflowId, detail.workflowVersion).then((v) => v && { ...v, id: v.workflowId });
  if (target === undefined) return { status: 'not_retryable', reason: `workflow "${detail.workflowId}" (that version) no longer exists` };
  const plan = planRetry(detail, target.workflow);
  if (!plan.ok) return { status: 'not_retryable', reason: plan.reason };
  return {
    status: 'ready',
    workflow: target.workflow,
    execution: {
      workflowId: detail.workflowId,
      workflowVersion: target.version,
      mode: 'retry',
      triggerNodeId: detail.triggerNodeId,
      triggerItems: detail.triggerItems,
      retryOf: detail.id,
      nodes: plan.nodes,
      ...(detail.parentExecutionId !== null && { parentExecutionId: detail.parentExecutionId }),
    },
  };
}
