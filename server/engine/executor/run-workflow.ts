import { FatalError, toFlowError } from '../../../nodes/sdk/index.js';
import type { FlowError, Item } from '../../../nodes/sdk/index.js';
import { compileWorkflow } from '../compile/compile-workflow.js';
import type { CompiledNode } from '../compile/compile-workflow.js';
import { isJsonObjectDeep } from '../compile/json-check.js';
import type { RunOptions } from '../run-options.js';
import type { NodeRun, RunOutcome, RunRecord } from '../run-record.js';
import { RunAborted, abortError } from './abort.js';
import { gatherInputs, markOutgoing, triggerInputs } from './edges.js';
import type { NodeInputs } from './inputs.js';
import { makeItem } from './items.js';
import { inputCountOf, nodeRunEntry } from './node-record.js';
import { emptyOutputs, runNode } from './node-run.js';
import type { ResumePoint } from './node-run.js';
import { finishRun } from './outcome.js';
import type { RunEnd } from './outcome.js';
import { restoreRecord } from './restore.js';
import { RunState } from './run-state.js';
import { chooseTrigger, chooseTriggerItems } from './start.js';

/**
 * Runs a workflow (or continues a saved record) to its outcome. Scheduling: nodes are decided in topological
 * order with ties by node id; when a node's turn comes every incoming edge is decided (data or skipped). A node
 * with no incoming data edge is skipped and skips its outgoing edges; the trigger gets the trigger items.
 * Never rejects for node or workflow problems (they become a `failed` outcome); rejects only when a hook throws,
 * leaving the last record a hook saw as the point to resume from.
 */
export async function runWorkflow(options: RunOptions): Promise<RunOutcome> {
  let run: RunState;
  let trigger: CompiledNode;
  try {
    const compiled = compileWorkflow(options.workflow, options.registry);
    trigger = chooseTrigger(compiled, options);
    run = new RunState(options, compiled, { triggerNodeId: trigger.id, triggerItems: chooseTriggerItems(options) });
  } catch (error) {
    return failBeforeStart(options, toFlowError(error));
  }
  try {
    return await execute(run, trigger);
  } finally {
    run.dispose();
  }
}

async function execute(run: RunState, trigger: CompiledNode): Promise<RunOutcome> {
  const restored = restoreRecord(run.compiled, run.options.resumeFrom);
  if (restored.done.size > 0) {
    for (const [id, nodeRun] of restored.done) run.nodeRuns[id] = nodeRun;
    for (const id of restored.order) run.order.push(id);
  }
  let current: CompiledNode | undefined;
  try {
    for (const node of run.compiled.order) {
      run.throwIfAborted();
      const kept = restored.done.get(node.id);
      if (kept !== undefined) {
        const outputs = kept.status === 'skipped' ? undefined : kept.outputs;
        run.outputs[node.index] = outputs;
        markOutgoing(run, node, outputs);
        continue;
      }
      const inputs = node === trigger ? triggerInputs(node, run.triggerItems) : gatherInputs(run, node);
      if (inputs === undefined) {
        await decided(run, node, nodeRunEntry({ nodeId: node.id, status: 'skipped', attempts: 0, inputCount: 0, outputs: {} }), undefined);
        continue;
      }
      current = node;
      const end = await decideNode(run, node, inputs, restored.waiting.get(node.id));
      current = undefined;
      if (end !== undefined) return await finishRun(run, end);
    }
    return await finishRun(run, { status: 'success' });
  } catch (thrown) {
    if (!(thrown instanceof RunAborted) && run.abortKind === undefined) throw thrown;
    const kind = run.abortKind ?? (thrown instanceof RunAborted ? thrown.kind : 'cancelled');
    const error = abortError(kind, run.timeoutMs);
    if (current !== undefined) {
      error.node = current.id;
      const previous = run.nodeRuns[current.id];
      run.setNodeRun(nodeRunEntry({
        nodeId: current.id, status: 'failed', attempts: Math.max(1, previous?.attempts ?? 1),
        startedAt: previous?.startedAt ?? run.now(), finishedAt: run.now(), inputCount: previous?.inputCount ?? 0, outputs: {}, error,
      }), true);
    }
    return finishRun(run, kind === 'timeout' ? { status: 'failed', error } : { status: 'cancelled', error });
  }
}

/** Runs (or pins, passes through, resumes) one node; returns how the run ends when it does not go on. */
async function decideNode(run: RunState, node: CompiledNode, inputs: NodeInputs, waiting: NodeRun | undefined): Promise<RunEnd | undefined> {
  const inputCount = inputCountOf(inputs);
  const pinned = run.options.usePinData === true ? run.compiled.workflow.pinData?.[node.id] : undefined;
  if (pinned !== undefined) {
    const items: Item[] = [];
    for (const json of pinned) {
      if (!isJsonObjectDeep(json)) {
        const error = new FatalError(`pinned item ${items.length} of node "${node.id}" is not JSON`, { code: 'PIN_DATA_INVALID' });
        error.node = node.id;
        return { status: 'failed', error };
      }
      items.push(makeItem(json, undefined, undefined));
    }
    const now = run.now();
    const entry = nodeRunEntry({ nodeId: node.id, status: 'success', attempts: 0, startedAt: now, finishedAt: now, inputCount, outputs: { main: items }, pinned: true });
    await decided(run, node, entry, entry.outputs);
    return undefined;
  }
  if (node.disabled) {
    const outputs: Record<string, readonly Item[]> = emptyOutputs(node);
    outputs[node.regularOutput] = inputs.first.items;
    const now = run.now();
    const entry = nodeRunEntry({ nodeId: node.id, status: 'success', attempts: 0, startedAt: now, finishedAt: now, inputCount, outputs });
    await decided(run, node, entry, entry.outputs);
    return undefined;
  }

  let resume: ResumePoint | undefined;
  let startedAt: number | undefined = waiting?.startedAt;
  if (waiting !== undefined && waiting.progress !== undefined && waiting.resumeAt !== undefined) {
    const remaining = waiting.resumeAt - run.now();
    if (remaining > run.parkAfterMs) {
      run.setNodeRun(waiting, false);
      return { status: 'waiting', resumeAt: waiting.resumeAt };
    }
    await run.sleep(remaining);
    resume = { progress: waiting.progress, outputs: waiting.outputs };
  }
  startedAt ??= run.now();

  const onStart = run.options.hooks?.onNodeStart;
  if (onStart !== undefined) {
    run.setNodeRun(nodeRunEntry({ nodeId: node.id, status: 'running', attempts: waiting?.attempts ?? 0, startedAt, inputCount, outputs: {} }), false);
    await onStart(node.id, run.snapshot('running'));
  }

  const result = await runNode(run, node, inputs, resume);
  const { attempts, outputs, logs } = result;
  switch (result.kind) {
    case 'done': {
      const status = result.error === undefined ? 'success' : 'failed';
      const entry = nodeRunEntry({ nodeId: node.id, status, attempts, startedAt, finishedAt: run.now(), inputCount, outputs, logs, error: result.error });
      await decided(run, node, entry, entry.outputs);
      return undefined;
    }
    case 'failed': {
      const entry = nodeRunEntry({ nodeId: node.id, status: 'failed', attempts, startedAt, finishedAt: run.now(), inputCount, outputs, logs, error: result.error });
      await decided(run, node, entry, undefined);
      return { status: 'failed', error: result.error };
    }
    case 'parked': {
      const entry = nodeRunEntry({
        nodeId: node.id, status: 'waiting', attempts, startedAt, inputCount, outputs, logs,
        resumeAt: result.resumeAt, progress: result.progress, error: result.error,
      });
      run.setNodeRun(entry, false);
      const onFinish = run.options.hooks?.onNodeFinish;
      if (onFinish !== undefined) await onFinish(entry, run.snapshot('waiting', { resumeAt: result.resumeAt }));
      return { status: 'waiting', resumeAt: result.resumeAt };
    }
    default: {
      const unreachable: never = result;
      throw new Error(`internal: node result ${JSON.stringify(unreachable)}`);
    }
  }
}

/** Records a decided node, sets its edges, and awaits `onNodeFinish`. `outputs` undefined: edges skipped. */
async function decided(run: RunState, node: CompiledNode, entry: NodeRun, outputs: Readonly<Record<string, readonly Item[]>> | undefined): Promise<void> {
  run.setNodeRun(entry, true);
  run.outputs[node.index] = outputs;
  markOutgoing(run, node, outputs);
  const onFinish = run.options.hooks?.onNodeFinish;
  if (onFinish !== undefined) await onFinish(entry, run.snapshot('running'));
}

async function failBeforeStart(options: RunOptions, error: FlowError): Promise<RunOutcome> {
  const now = (options.now ?? Date.now)();
  const serialized = error.toJSON();
  const record: RunRecord = {
    executionId: options.executionId,
    workflowId: options.workflow.id ?? '',
    mode: options.mode ?? 'manual',
    status: 'failed',
    startedAt: now,
    finishedAt: now,
    triggerNodeId: options.triggerNodeId ?? '',
    triggerItems: options.triggerItems ?? [],
    nodes: {},
    order: [],
    error: serialized,
  };
  const outcome: RunOutcome = { status: 'failed', record, error: serialized };
  await options.hooks?.onRunFinish?.(outcome);
  return outcome;
}
