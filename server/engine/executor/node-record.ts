import type { FlowError, Item } from '../../../nodes/sdk/index.js';
import type { NodeProgress, NodeRun, NodeRunStatus } from '../run-record.js';
import type { NodeInputs } from './inputs.js';

/** Builds the record entry of one node run. Outputs are frozen here: from now on they are shared read-only. */
export function nodeRunEntry(fields: {
  readonly nodeId: string;
  readonly status: NodeRunStatus;
  readonly attempts: number;
  readonly startedAt?: number;
  readonly finishedAt?: number;
  readonly inputCount: number;
  readonly outputs: Record<string, readonly Item[]>;
  readonly error?: FlowError;
  readonly logs?: readonly string[];
  readonly resumeAt?: number;
  readonly progress?: NodeProgress;
  readonly pinned?: boolean;
}): NodeRun {
  const outputs = fields.outputs;
  for (const name in outputs) {
    const items = outputs[name];
    if (items !== undefined && !Object.isFrozen(items)) Object.freeze(items);
  }
  Object.freeze(fields.outputs);
  const entry: Mutable<NodeRun> = {
    nodeId: fields.nodeId,
    status: fields.status,
    attempts: fields.attempts,
    inputCount: fields.inputCount,
    outputs: fields.outputs,
  };
  if (fields.startedAt !== undefined) entry.startedAt = fields.startedAt;
  if (fields.finishedAt !== undefined) entry.finishedAt = fields.finishedAt;
  if (fields.error !== undefined) entry.error = fields.error.toJSON();
  if (fields.logs !== undefined && fields.logs.length > 0) entry.logs = [...fields.logs];
  if (fields.resumeAt !== undefined) entry.resumeAt = fields.resumeAt;
  if (fields.progress !== undefined) entry.progress = fields.progress;
  if (fields.pinned === true) entry.pinned = true;
  return entry;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function inputCountOf(inputs: NodeInputs): number {
  let count = 0;
  for (const name in inputs.byName) count += inputs.byName[name]?.items.length ?? 0;
  return count;
}
