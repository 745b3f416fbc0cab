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
  for (const name in fields.outputs) {
    const items = fields.outputs[name];
    if (items !== undefined && !Object.isFrozen(items)) Object.freeze(items);
  }
  Object.freeze(fields.outputs);
  const entry: NodeRun = {
    nodeId: fields.nodeId,
    status: fields.status,
    attempts: fields.attempts,
    ...(fields.startedAt !== undefined && { startedAt: fields.startedAt }),
    ...(fields.finishedAt !== undefined && { finishedAt: fields.finishedAt }),
    inputCount: fields.inputCount,
    outputs: fields.outputs,
    ...(fields.error !== undefined && { error: fields.error.toJSON() }),
    ...(fields.logs !== undefined && fields.logs.length > 0 && { logs: [...fields.logs] }),
    ...(fields.resumeAt !== undefined && { resumeAt: fields.resumeAt }),
    ...(fields.progress !== undefined && { progress: fields.progress }),
    ...(fields.pinned === true && { pinned: true }),
  };
  return entry;
}

export function inputCountOf(inputs: NodeInputs): number {
  let count = 0;
  for (const name in inputs.byName) count += inputs.byName[name]?.items.length ?? 0;
  return count;
}
