import { FatalError, FlowError, type SubWorkflowResult, type SubWorkflowRunner } from '../../nodes/sdk/index.js';
import type { RunOutcome } from '../engine/run-record.js';
import type { Workflow } from '../engine/workflow/schema.js';
import type { NewExecution } from '../store/types.js';

const MAX_SUBWORKFLOW_DEPTH = 20;

type Target = { readonly id: string; readonly version: number; readonly workflow: Workflow & { readonly id: string } };

/** What the execution service lends the runner: finding the target, and starting or running a child execution. */
export interface SubWorkflowHost {
  load(workflowId: string): Promise<Target | undefined>;
  /** The node a sub-workflow run starts at (its manual/execute trigger), or '' for none. */
  triggerOf(workflow: Workflow): string;
  /** Stores and queues the child; false when the server is closing. */
  startDetached(execution: NewExecution, target: Target): Promise<{ readonly executionId: string } | undefined>;
  /** Stores the child and runs it inside the parent's run; undefined when it was interrupted. */
  runInline(execution: NewExecution, target: Target, depth: number, signal: AbortSignal): Promise<{ readonly executionId: string; readonly outcome: RunOutcome | undefined }>;
}

/**
 * The `executeWorkflow` node's runner on the server: by workflow id (files are for `flowwerk run`), at most 20
 * levels deep. `wait` runs the child inline and gives back its output or its error; `fireAndForget` queues it.
 */
export function createSubWorkflowRunner(host: SubWorkflowHost, parentExecutionId: string, depth: number): SubWorkflowRunner {
  return {
    async run(request, signal) {
      if (request.workflowId === undefined) {
        throw new FatalError('the server runs sub-workflows by workflowId only (file is for flowwerk run)', { code: 'SUBWORKFLOW_FILE_UNSUPPORTED' });
      }
      if (depth + 1 > MAX_SUBWORKFLOW_DEPTH) {
        throw new FatalError(`sub-workflows nested deeper than ${MAX_SUBWORKFLOW_DEPTH}`, { code: 'SUBWORKFLOW_DEPTH' });
      }
      const target = await host.load(request.workflowId);
      if (target === undefined) throw new FatalError(`workflow "${request.workflowId}" not found`, { code: 'SUBWORKFLOW_NOT_FOUND' });
      const execution: NewExecution = {
        workflowId: target.id,
        workflowVersion: target.version,
        mode: 'subworkflow',
        triggerNodeId: host.triggerOf(target.workflow),
        triggerItems: request.items,
        parentExecutionId,
      };
      if (request.mode === 'fireAndForget') {
        const started = await host.startDetached(execution, target);
        if (started === undefined) throw new FlowError('SERVICE_UNAVAILABLE', 'the server is shutting down', { retryable: true });
        return { status: 'started', executionId: started.executionId };
      }
      const { executionId, outcome } = await host.runInline(execution, target, depth + 1, signal);
      return resultOf(target.id, executionId, outcome);
    },
  };
}

function resultOf(workflowId: string, childId: string, outcome: RunOutcome | undefined): SubWorkflowResult {
  if (outcome === undefined) throw new FlowError('SUBWORKFLOW_INTERRUPTED', `sub-workflow execution ${childId} did not finish`, { retryable: true });
  switch (outcome.status) {
    case 'success':
      return { status: 'success', executionId: childId, output: outcome.output.map((item) => item.json) };
    case 'failed':
      throw new FlowError(outcome.error.code, `sub-workflow ${workflowId} (execution ${childId}) failed: ${outcome.error.message}`);
    case 'cancelled':
      throw new FlowError('SUBWORKFLOW_CANCELLED', `sub-workflow execution ${childId} was cancelled`);
    case 'waiting':
      throw new FlowError('SUBWORKFLOW_WAITING', `sub-workflow execution ${childId} is waiting`);
    default: {
      const unreachable: never = outcome;
      throw new Error(`unknown outcome ${JSON.stringify(unreachable)}`);
    }
  }
}
