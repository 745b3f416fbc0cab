import type { FlowError, Item } from '../../../nodes/sdk/index.js';
import type { RunOutcome } from '../run-record.js';
import type { RunState } from './run-state.js';

/** How the scheduling loop ended. */
export type RunEnd =
  | { readonly status: 'success' }
  | { readonly status: 'failed'; readonly error: FlowError }
  | { readonly status: 'waiting'; readonly resumeAt: number }
  | { readonly status: 'cancelled'; readonly error: FlowError };

/** Builds the outcome and its final record, then awaits `onRunFinish`. */
export async function finishRun(run: RunState, end: RunEnd): Promise<RunOutcome> {
  const outcome = buildOutcome(run, end);
  const hook = run.options.hooks?.onRunFinish;
  if (hook !== undefined) await hook(outcome);
  return outcome;
}

function buildOutcome(run: RunState, end: RunEnd): RunOutcome {
  switch (end.status) {
    case 'success':
      return { status: 'success', record: run.snapshot('success', { finishedAt: run.now() }), output: endOutput(run) };
    case 'failed': {
      const error = end.error.toJSON();
      return { status: 'failed', record: run.snapshot('failed', { finishedAt: run.now(), error }), error };
    }
    case 'waiting':
      return { status: 'waiting', record: run.snapshot('waiting', { resumeAt: end.resumeAt }), resumeAt: end.resumeAt };
    case 'cancelled':
      return { status: 'cancelled', record: run.snapshot('cancelled', { finishedAt: run.now(), error: end.error.toJSON() }) };
    default: {
      const unreachable: never = end;
      throw new Error(`internal: run end ${JSON.stringify(unreachable)}`);
    }
  }
}

/** Items of the end nodes (no outgoing connection) that were not skipped, in the order they were decided. */
function endOutput(run: RunState): readonly Item[] {
  const output: Item[] = [];
  for (const id of run.order) {
    const node = run.compiled.byId.get(id);
    if (node === undefined || !node.isEnd || run.outputs[node.index] === undefined) continue;
    for (const item of run.allItems(node)) output.push(item);
  }
  return output;
}
