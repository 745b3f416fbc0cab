import type { Item, SerializedError } from '../../nodes/sdk/index.js';

/**
 * The run record: what happened to every node of one execution. The executor reports it through `RunHooks`
 * as it goes, so a store can checkpoint after every node, and can resume from a saved copy. Plain JSON.
 */

export type NodeRunStatus = 'running' | 'success' | 'failed' | 'skipped' | 'waiting';

export interface NodeRun {
  readonly nodeId: string;
  readonly status: NodeRunStatus;
  /** Tries made so far (0 for skipped). */
  readonly attempts: number;
  readonly startedAt?: number;
  readonly finishedAt?: number;
  readonly inputCount: number;
  /** Items by output name (`main`, `true`, `error`, ...). Empty for skipped nodes. */
  readonly outputs: Readonly<Record<string, readonly Item[]>>;
  readonly error?: SerializedError;
  /** Lines the node logged (the code node's console). */
  readonly logs?: readonly string[];
  /** `waiting`: epoch ms when the node is to be tried or released again (wait node, parked retry). */
  readonly resumeAt?: number;
  /** Output came from the workflow's pinData instead of running the node. */
  readonly pinned?: boolean;
  /** `waiting`: where the node continues on resume (`outputs` then hold the items finished before it). */
  readonly progress?: NodeProgress;
}

/** Where a waiting node continues: the input item, the tries already made on it, and why it waits. */
export interface NodeProgress {
  readonly item: number;
  readonly attempt: number;
  readonly reason: 'retry' | 'wait';
}

export type ExecutionStatus = 'queued' | 'running' | 'waiting' | 'success' | 'failed' | 'cancelled';

export type ExecutionMode = 'manual' | 'webhook' | 'schedule' | 'retry' | 'error' | 'cli' | 'subworkflow' | 'test';

export interface RunRecord {
  readonly executionId: string;
  readonly workflowId: string;
  readonly mode: ExecutionMode;
  readonly status: ExecutionStatus;
  readonly startedAt: number;
  readonly finishedAt?: number;
  /** The trigger node that started the run and the items it was given. */
  readonly triggerNodeId: string;
  readonly triggerItems: readonly Item[];
  /** Node runs by node id (nodes not reached yet are absent). */
  readonly nodes: Readonly<Record<string, NodeRun>>;
  /** Node ids in the order they were decided (finished, failed or skipped). */
  readonly order: readonly string[];
  readonly error?: SerializedError;
  /** `waiting`: earliest `resumeAt` of any waiting node. */
  readonly resumeAt?: number;
}

/** How a run ended (or paused). */
export type RunOutcome =
  | { readonly status: 'success'; readonly record: RunRecord; readonly output: readonly Item[] }
  | { readonly status: 'failed'; readonly record: RunRecord; readonly error: SerializedError & { readonly node?: string } }
  | { readonly status: 'waiting'; readonly record: RunRecord; readonly resumeAt: number }
  | { readonly status: 'cancelled'; readonly record: RunRecord };

/**
 * Called as the run progresses. A returned promise is awaited before the run goes on, so a store can make a
 * node's result durable before the next node starts.
 */
export interface RunHooks {
  onNodeStart?(nodeId: string, record: RunRecord): void | Promise<void>;
  onNodeFinish?(nodeRun: NodeRun, record: RunRecord): void | Promise<void>;
  onRunFinish?(outcome: RunOutcome): void | Promise<void>;
}
