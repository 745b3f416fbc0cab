import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { FatalError, FlowError } from '../../nodes/sdk/index.js';
import type { Item, NodeServices, SubWorkflowRequest, SubWorkflowResult, SubWorkflowRunner } from '../../nodes/sdk/index.js';
import { runWorkflow } from '../engine/index.js';
import type { NodeRegistry } from '../engine/registry.js';
import type { RunOutcome } from '../engine/run-record.js';
import type { Workflow } from '../engine/workflow/schema.js';
import { formatProblem, loadWorkflowFile } from './load-workflow.js';
import type { LazySandbox } from './lazy-sandbox.js';

/** Sub-workflows may call sub-workflows up to this depth (the top-level run is depth 0). */
export const MAX_SUBWORKFLOW_DEPTH = 10;

/** What every run of one CLI invocation shares: node types, the sandbox, the fire-and-forget runs to await. */
export interface CliRunContext {
  readonly registry: NodeRegistry;
  readonly sandbox: LazySandbox;
  readonly background: Set<Promise<unknown>>;
}

/** One run of a workflow file with the CLI's services (`parkAfterMs: Infinity`: waits are slept). */
export function runWorkflowFile(
  context: CliRunContext,
  run: { readonly workflow: Workflow; readonly file: string; readonly depth: number; readonly triggerItems?: readonly Item[]; readonly signal?: AbortSignal; readonly executionId?: string },
): Promise<RunOutcome> {
  return runWorkflow({
    workflow: run.workflow,
    registry: context.registry,
    executionId: run.executionId ?? randomUUID(),
    mode: run.depth === 0 ? 'cli' : 'subworkflow',
    ...(run.triggerItems !== undefined && { triggerItems: run.triggerItems }),
    ...(run.signal !== undefined && { signal: run.signal }),
    services: cliServices(context, run.file, run.depth),
    parkAfterMs: Number.POSITIVE_INFINITY,
  });
}

function cliServices(context: CliRunContext, file: string, depth: number): NodeServices {
  return { sandbox: context.sandbox, workflows: new FileSubWorkflowRunner(context, file, depth) };
}

/**
 * `executeWorkflow` by file for the CLI: the path is relative to the calling workflow's file. `workflowId` needs
 * a store and fails with `SERVICE_UNAVAILABLE`. `wait` returns the sub-run's output or throws its error
 * (`SUBWORKFLOW_FAILED`, naming the file and node); `fireAndForget` starts it and the CLI awaits it before exit.
 */
class FileSubWorkflowRunner implements SubWorkflowRunner {
  constructor(
    private readonly context: CliRunContext,
    private readonly callerFile: string,
    private readonly depth: number,
  ) {}

  async run(request: SubWorkflowRequest, signal: AbortSignal): Promise<SubWorkflowResult> {
    if (request.file === undefined) {
      throw new FatalError('flowwerk run can only run sub-workflows by file; workflowId needs the server', { code: 'SERVICE_UNAVAILABLE' });
    }
    if (this.depth + 1 > MAX_SUBWORKFLOW_DEPTH) {
      throw new FatalError(`sub-workflows nest deeper than ${MAX_SUBWORKFLOW_DEPTH} levels (recursion?)`, { code: 'SUBWORKFLOW_DEPTH' });
    }
    const file = path.resolve(path.dirname(this.callerFile), request.file);
    const loaded = await loadWorkflowFile(file, this.context.registry).catch((error: unknown) => {
      throw new FatalError(`sub-workflow ${request.file}: ${error instanceof Error ? error.message : String(error)}`, { code: 'SUBWORKFLOW_INVALID', param: 'file' });
    });
    if (!loaded.ok) {
      const first = loaded.problems[0];
      const more = loaded.problems.length > 1 ? ` (and ${loaded.problems.length - 1} more)` : '';
      throw new FatalError(`sub-workflow ${request.file} is invalid: ${first === undefined ? 'unknown problem' : formatProblem(first)}${more}`, {
        code: 'SUBWORKFLOW_INVALID',
        param: 'file',
      });
    }
    const executionId = randomUUID();
    const triggerItems = request.items.map(({ json, binary }) => (binary === undefined ? { json } : { json, binary }));
    const running = runWorkflowFile(this.context, { workflow: loaded.workflow, file, depth: this.depth + 1, triggerItems, executionId, signal });
    switch (request.mode) {
      case 'fireAndForget': {
        const tracked = running.catch(() => undefined).finally(() => this.context.background.delete(tracked));
        this.context.background.add(tracked);
        return { status: 'started', executionId };
      }
      case 'wait':
        return resultOf(await running, request.file);
      default: {
        const unknownMode: never = request.mode;
        throw new FatalError(`unknown sub-workflow mode ${String(unknownMode)}`);
      }
    }
  }
}

function resultOf(outcome: RunOutcome, file: string): SubWorkflowResult {
  switch (outcome.status) {
    case 'success':
      return { status: 'success', executionId: outcome.record.executionId, output: outcome.output.map((item) => item.json) };
    case 'failed': {
      // A failure that already names a sub-workflow passes through unwrapped, so nesting stays readable.
      if (outcome.error.code.startsWith('SUBWORKFLOW_')) {
        throw new FlowError(outcome.error.code, outcome.error.message, { retryable: outcome.error.retryable });
      }
      const where = outcome.error.node === undefined ? '' : ` at node ${outcome.error.node}`;
      throw new FlowError('SUBWORKFLOW_FAILED', `sub-workflow ${file} failed${where}: ${outcome.error.code}: ${outcome.error.message}`, {
        retryable: outcome.error.retryable,
      });
    }
    case 'cancelled':
      throw new FatalError(`sub-workflow ${file} was cancelled`, { code: 'CANCELLED' });
    case 'waiting':
      throw new FatalError(`sub-workflow ${file} is waiting, which flowwerk run cannot resume`, { code: 'SUBWORKFLOW_WAITING' });
    default: {
      const unknownOutcome: never = outcome;
      throw new FatalError(`unknown outcome ${JSON.stringify(unknownOutcome)}`);
    }
  }
}
