import { toFlowError } from '../../../nodes/sdk/index.js';
import type { FlowError, Item, ItemRef } from '../../../nodes/sdk/index.js';
import type { CompiledNode } from '../compile/compile-workflow.js';
import { isPromiseLike, raceAbort } from './abort.js';
import { AllItemsNodeContext, PerItemNodeContext } from './context.js';
import { collectResult, makeItem } from './items.js';
import type { NodeInputs } from './inputs.js';
import { NodeRunScope, ParkRequest } from './node-scope.js';
import { paramsFor } from './params.js';
import { retryDelay, shouldRetry } from './retry.js';
import type { RunState } from './run-state.js';
import type { NodeProgress } from '../run-record.js';

export type NodeOutputs = Record<string, Item[]>;

/**
 * How running one node ended. `done`: outputs are final (`error` is the first item error that onError
 * `continue`/`errorOutput` absorbed). `failed`: onError `fail` and retries exhausted. `parked`: a retry delay or
 * a wait is longer than `parkAfterMs`; `outputs` holds the items finished so far, `progress` where to continue.
 * A cancelled or timed-out run throws RunAborted instead.
 */
export type NodeRunResult =
  | { readonly kind: 'done'; readonly outputs: NodeOutputs; readonly attempts: number; readonly error?: FlowError; readonly logs: readonly string[] }
  | { readonly kind: 'failed'; readonly outputs: NodeOutputs; readonly attempts: number; readonly error: FlowError; readonly logs: readonly string[] }
  | {
      readonly kind: 'parked';
      readonly outputs: NodeOutputs;
      readonly attempts: number;
      readonly resumeAt: number;
      readonly progress: NodeProgress;
      readonly error?: FlowError;
      readonly logs: readonly string[];
    };

/** Where a parked node run continues: item, tries already made on it, and why it parked. */
export interface ResumePoint {
  readonly progress: NodeProgress;
  readonly outputs: Readonly<Record<string, readonly Item[]>>;
}

type Failure = { readonly kind: 'retry'; readonly delay: number } | { readonly kind: 'give-up'; readonly error: FlowError };

export function emptyOutputs(node: CompiledNode): NodeOutputs {
  const outputs: NodeOutputs = {};
  for (const name of node.outputNames) outputs[name] = [];
  return outputs;
}

/** The failed item as onError `continue`/`errorOutput` passes it on: its json plus `error: { code, message }`. */
export function errorItem(item: Item | undefined, error: FlowError, paired: ItemRef | undefined): Item {
  const json = { ...(item?.json ?? {}), error: { code: error.code, message: error.message } };
  return makeItem(json, item?.binary, paired);
}

export function runNode(run: RunState, node: CompiledNode, inputs: NodeInputs, resume: ResumePoint | undefined): Promise<NodeRunResult> {
  const scope = new NodeRunScope(run, node, inputs, resume?.progress.reason === 'wait');
  return node.mode === 'allItems' ? runAllItems(scope, resume) : runPerItem(scope, resume);
}

/** Decides what follows a failed try: another try (after `delay`), or giving up with the normalised error. */
function afterFailure(scope: NodeRunScope, thrown: unknown, attempt: number): Failure {
  scope.run.throwIfAborted();
  const error = toFlowError(thrown);
  error.node ??= scope.node.id;
  const policy = scope.node.retry;
  if (policy === undefined || !shouldRetry(error, attempt, policy)) return { kind: 'give-up', error };
  return { kind: 'retry', delay: retryDelay(error, attempt, policy, scope.run.random) };
}

function copyOutputs(node: CompiledNode, resume: ResumePoint | undefined): NodeOutputs {
  const outputs = emptyOutputs(node);
  if (resume !== undefined) for (const [name, items] of Object.entries(resume.outputs)) outputs[name] = [...items];
  return outputs;
}

async function runPerItem(scope: NodeRunScope, resume: ResumePoint | undefined): Promise<NodeRunResult> {
  const { run, node } = scope;
  const definition = node.definition;
  if (definition.mode === 'allItems') throw new Error('internal: perItem run of an allItems node');
  const input = scope.inputs.first;
  const items = input.items;
  const outputs = copyOutputs(node, resume);
  let firstError: FlowError | undefined;
  let maxAttempts = 0;
  const start = resume?.progress.item ?? 0;

  for (let index = start; index < items.length; index++) {
    const item = items[index];
    if (item === undefined) continue;
    let paired: ItemRef | undefined;
    let pairedDone = false;
    const pairOf = (): ItemRef | undefined => {
      if (!pairedDone) {
        paired = input.refAt(index);
        pairedDone = true;
      }
      return paired;
    };
    let attempt = index === start && resume !== undefined
      ? (resume.progress.reason === 'retry' ? resume.progress.attempt : resume.progress.attempt - 1)
      : 0;
    for (;;) {
      attempt++;
      if (attempt > maxAttempts) maxAttempts = attempt;
      try {
        const context = new PerItemNodeContext(scope, attempt, item, index, paramsFor(scope, item, index));
        let result: unknown = definition.run(context);
        if (isPromiseLike(result)) result = await raceAbort(result, run.signal);
        collectResult(result, outputs, pairOf);
        break;
      } catch (thrown) {
        if (thrown instanceof ParkRequest) {
          return parked(scope, outputs, maxAttempts, thrown.resumeAt, { item: index, attempt, reason: 'wait' }, undefined);
        }
        const next = afterFailure(scope, thrown, attempt);
        if (next.kind === 'retry') {
          if (next.delay > run.parkAfterMs) {
            return parked(scope, outputs, maxAttempts, run.now() + next.delay, { item: index, attempt, reason: 'retry' }, toFlowError(thrown));
          }
          await run.sleep(next.delay);
          continue;
        }
        const error = next.error;
        switch (node.onError) {
          case 'fail':
            return { kind: 'failed', outputs, attempts: maxAttempts, error, logs: scope.logs };
          case 'continue':
            pushTo(outputs, node.regularOutput, errorItem(item, error, pairOf()));
            break;
          case 'errorOutput':
            pushTo(outputs, 'error', errorItem(item, error, pairOf()));
            break;
          default: {
            const unreachable: never = node.onError;
            throw new Error(`internal: onError ${String(unreachable)}`);
          }
        }
        firstError ??= error;
        break;
      }
    }
  }
  return firstError === undefined
    ? { kind: 'done', outputs, attempts: maxAttempts, logs: scope.logs }
    : { kind: 'done', outputs, attempts: maxAttempts, error: firstError, logs: scope.logs };
}

async function runAllItems(scope: NodeRunScope, resume: ResumePoint | undefined): Promise<NodeRunResult> {
  const { run, node } = scope;
  const definition = node.definition;
  if (definition.mode !== 'allItems') throw new Error('internal: allItems run of a perItem node');
  const input = scope.inputs.first;
  const pairOf = (emissionIndex: number, pairedIndex: number | undefined): ItemRef | undefined => input.refAt(pairedIndex ?? emissionIndex);
  let attempt = resume === undefined ? 0 : resume.progress.reason === 'retry' ? resume.progress.attempt : resume.progress.attempt - 1;
  for (;;) {
    attempt++;
    try {
      const context = new AllItemsNodeContext(scope, attempt, paramsFor(scope, input.items[0], 0));
      let result: unknown = definition.run(context);
      if (isPromiseLike(result)) result = await raceAbort(result, run.signal);
      const outputs = emptyOutputs(node);
      collectResult(result, outputs, pairOf);
      return { kind: 'done', outputs, attempts: attempt, logs: scope.logs };
    } catch (thrown) {
      if (thrown instanceof ParkRequest) {
        return parked(scope, emptyOutputs(node), attempt, thrown.resumeAt, { item: 0, attempt, reason: 'wait' }, undefined);
      }
      const next = afterFailure(scope, thrown, attempt);
      if (next.kind === 'retry') {
        if (next.delay > run.parkAfterMs) {
          return parked(scope, emptyOutputs(node), attempt, run.now() + next.delay, { item: 0, attempt, reason: 'retry' }, toFlowError(thrown));
        }
        await run.sleep(next.delay);
        continue;
      }
      const error = next.error;
      if (node.onError === 'fail') return { kind: 'failed', outputs: emptyOutputs(node), attempts: attempt, error, logs: scope.logs };
      const outputs = emptyOutputs(node);
      const target = node.onError === 'continue' ? node.regularOutput : 'error';
      const failed = input.items.length > 0 ? input.items : [undefined];
      failed.forEach((item, index) => pushTo(outputs, target, errorItem(item, error, input.refAt(index))));
      return { kind: 'done', outputs, attempts: attempt, error, logs: scope.logs };
    }
  }
}

function parked(
  scope: NodeRunScope, outputs: NodeOutputs, attempts: number, resumeAt: number, progress: NodeProgress, error: FlowError | undefined,
): NodeRunResult {
  if (error !== undefined) error.node ??= scope.node.id;
  return error === undefined
    ? { kind: 'parked', outputs, attempts, resumeAt, progress, logs: scope.logs }
    : { kind: 'parked', outputs, attempts, resumeAt, progress, error, logs: scope.logs };
}

function pushTo(outputs: NodeOutputs, name: string, item: Item): void {
  (outputs[name] ?? (outputs[name] = [])).push(item);
}
