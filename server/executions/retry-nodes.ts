import type { NodeRun } from '../engine/run-record.js';
import type { Workflow } from '../engine/workflow/schema.js';
import type { ExecutionDetail } from '../store/types.js';

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
