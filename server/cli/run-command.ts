import { randomUUID } from 'node:crypto';
import type { SerializedError } from '../../nodes/sdk/index.js';
import type { RunOutcome } from '../engine/run-record.js';
import { expectPositionals, parseCommandArgs } from './args.js';
import { CliError, type CommandResult } from './cli-error.js';
import { readInputItems } from './input-items.js';
import { LazySandbox } from './lazy-sandbox.js';
import { formatProblem, loadWorkflowFile } from './load-workflow.js';
import { loadRegistry } from './registry.js';
import { runWorkflowFile, type CliRunContext } from './sub-workflows.js';

/** What `flowwerk run` prints on stdout (contract "Commands"). */
interface RunReport {
  readonly status: 'success' | 'failed';
  readonly executionId: string;
  readonly output: readonly unknown[];
  readonly error?: { readonly node: string; readonly code: string; readonly message: string };
}

/**
 * `flowwerk run FILE.json [--input FILE.json|-]`: runs the workflow in-process and prints a RunReport as JSON.
 * Exit 0 success; 1 the run failed (stderr: node id, error code, message); 2 invalid file, input or usage.
 * Ctrl-C cancels the run (reported as failed with code CANCELLED).
 */
export async function runCommand(args: readonly string[]): Promise<CommandResult> {
  const { values, positionals } = parseCommandArgs('run', args, { input: { type: 'string' } });
  const [file = ''] = expectPositionals('run', positionals, ['FILE.json']);
  const registry = await loadRegistry();
  const loaded = await loadWorkflowFile(file, registry);
  if (!loaded.ok) {
    const first = loaded.problems[0];
    const more = loaded.problems.length > 1 ? ` (and ${loaded.problems.length - 1} more; see flowwerk validate)` : '';
    throw new CliError(`${file}: invalid workflow: ${first === undefined ? 'unknown problem' : formatProblem(first)}${more}`);
  }
  const triggerItems = values.input === undefined ? undefined : await readInputItems(values.input);

  const context: CliRunContext = { registry, sandbox: new LazySandbox(), background: new Set() };
  const abort = new AbortController();
  const onSignal = (): void => abort.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const executionId = randomUUID();
  try {
    const outcome = await runWorkflowFile(context, {
      workflow: loaded.workflow,
      file: loaded.file,
      depth: 0,
      executionId,
      signal: abort.signal,
      ...(triggerItems !== undefined && { triggerItems }),
    });
    while (context.background.size > 0) await Promise.all([...context.background]);
    const report = reportOf(outcome, executionId);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (report.error !== undefined) {
      process.stderr.write(`flowwerk run: node ${report.error.node} failed: ${report.error.code}: ${report.error.message}\n`);
      return 1;
    }
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await context.sandbox.close();
  }
}

function reportOf(outcome: RunOutcome, executionId: string): RunReport {
  switch (outcome.status) {
    case 'success':
      return { status: 'success', executionId, output: outcome.output.map((item) => item.json) };
    case 'failed':
      return failed(executionId, outcome.error);
    case 'cancelled':
      return failed(executionId, { code: 'CANCELLED', message: 'the run was cancelled', retryable: false, ...lastNode(outcome) });
    case 'waiting':
      return failed(executionId, { code: 'WAITING', message: 'the run is waiting, which flowwerk run cannot resume', retryable: false, ...lastNode(outcome) });
    default: {
      const unknownOutcome: never = outcome;
      throw new Error(`unknown run outcome ${JSON.stringify(unknownOutcome)}`);
    }
  }
}

function lastNode(outcome: RunOutcome): { node?: string } {
  const running = Object.values(outcome.record.nodes).find((run) => run.status === 'running' || run.status === 'waiting');
  const node = running?.nodeId ?? outcome.record.order.at(-1);
  return node === undefined ? {} : { node };
}

function failed(executionId: string, error: SerializedError): RunReport {
  return {
    status: 'failed',
    executionId,
    output: [],
    error: { node: error.node ?? '(workflow)', code: error.code, message: error.message },
  };
}
