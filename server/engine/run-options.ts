import type { Item, NodeLogger, NodeServices } from '../../nodes/sdk/index.js';
import type { Workflow } from './workflow/schema.js';
import type { NodeRegistry } from './registry.js';
import type { ExecutionMode, RunHooks, RunRecord } from './run-record.js';

/** Resolves a node's credential slot to decrypted data (the store implements it; the CLI reads none). */
export interface CredentialResolver {
  resolve(request: { readonly credentialId: string; readonly type: string; readonly nodeId: string }): Promise<Record<string, unknown>>;
}

/** Everything one run needs. Only `workflow`, `registry` and `executionId` are required. */
export interface RunOptions {
  readonly workflow: Workflow;
  readonly registry: NodeRegistry;
  readonly executionId: string;
  readonly mode?: ExecutionMode;
  /** Which trigger starts the run; default: the only trigger node, else the `manual` one. */
  readonly triggerNodeId?: string;
  /** Becomes the trigger node's input; the trigger's `run` turns it into its output (identity for most). */
  readonly triggerItems?: readonly Item[];
  readonly services?: NodeServices;
  readonly credentials?: CredentialResolver;
  readonly hooks?: RunHooks;
  /** Cancels the run: the current node gets the signal, no further node starts, outcome `cancelled`. */
  readonly signal?: AbortSignal;
  /** Whole-run limit (default: `workflow.settings.timeoutMs`, else none); exceeding it fails with `EXECUTION_TIMEOUT`. */
  readonly timeoutMs?: number;
  /** Continue a saved record: completed nodes are not run again; waiting nodes are released when due. */
  readonly resumeFrom?: RunRecord;
  /**
   * Waits and retry delays longer than this are not slept: the run returns `waiting` with `resumeAt`, and the
   * host resumes it later. Default 5000 ms. `Infinity` sleeps everything (CLI).
   */
  readonly parkAfterMs?: number;
  /** Use the workflow's pinData instead of running pinned nodes (editor test runs). */
  readonly usePinData?: boolean;
  readonly logger?: NodeLogger;
  /** Clock and sleep, replaceable in tests. */
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Random source for retry jitter, replaceable in tests. */
  readonly random?: () => number;
}
