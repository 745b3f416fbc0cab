import type { ExecutionMode, RunRecord } from '../engine/run-record.js';
import type { Workflow } from '../engine/workflow/schema.js';
import type { ExecutionStore, NewExecution } from '../store/types.js';
import type { WorkflowVersions } from './workflow-cache.js';

export type StoredDefinition = Workflow & { readonly id: string };

/** What a run starts from: its workflow version, trigger and items, and the record to resume (if any). */
export interface RunInput {
  readonly workflow: StoredDefinition;
  readonly mode: ExecutionMode;
  readonly triggerNodeId: string;
  readonly triggerItems: RunRecord['triggerItems'];
  readonly record: RunRecord | undefined;
}

/**
 * Where a run's inputs come from: memory for a run accepted by this process and not started yet (its start reads
 * nothing), else the store, with the checkpoints to resume from.
 */
export class RunInputs {
  private readonly fresh = new Map<string, Omit<RunInput, 'record'>>();

  constructor(
    private readonly executions: Pick<ExecutionStore, 'get'>,
    private readonly versions: WorkflowVersions,
  ) {}

  /** Keeps a new execution's inputs until its run starts (or `forget`). */
  keep(executionId: string, execution: NewExecution, workflow: StoredDefinition): void {
    this.fresh.set(executionId, { workflow, mode: execution.mode, triggerNodeId: execution.triggerNodeId, triggerItems: execution.triggerItems });
  }

  forget(executionId: string): void {
    this.fresh.delete(executionId);
  }

  /** Undefined when the execution or its workflow version is gone. */
  async load(executionId: string): Promise<RunInput | undefined> {
    const kept = this.fresh.get(executionId);
    if (kept !== undefined) {
      this.fresh.delete(executionId);
      return { ...kept, record: undefined };
    }
    const detail = await this.executions.get(executionId);
    if (detail === undefined) return undefined;
    const workflow = await this.versions.get(detail.workflowId, detail.workflowVersion);
    if (workflow === undefined) return undefined;
    const resumable = detail.order.length > 0 || Object.keys(detail.nodes).length > 0;
    const record: RunRecord | undefined = resumable
      ? {
          executionId: detail.id,
          workflowId: detail.workflowId,
          mode: detail.mode,
          status: 'running',
          startedAt: detail.startedAt ?? detail.createdAt,
          triggerNodeId: detail.triggerNodeId,
          triggerItems: detail.triggerItems,
          nodes: detail.nodes,
          order: detail.order,
        }
      : undefined;
    return { workflow, record, mode: detail.mode, triggerNodeId: detail.triggerNodeId, triggerItems: detail.triggerItems };
  }
}
