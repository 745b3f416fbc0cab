import type { CodeSandbox, Item, JsonObject, NodeLogger, NodeServices, SerializedError, WebhookResponse } from '../../nodes/sdk/index.js';
import type { NodeRegistry } from '../engine/registry.js';
import type { ExecutionMode, ExecutionStatus, RunOutcome } from '../engine/run-record.js';
import type { JobProcessor, Queue } from '../queue/types.js';
import type { ClusterLink } from './cluster.js';
import type { LeaseOptions } from './leases.js';
import type { StoredWorkflow, Store } from '../store/types.js';
import type { CredentialService } from '../store/credentials/service.js';

/**
 * The durable execution service: accepts runs (stored before `accept` resolves), queues them, runs them with the
 * engine while checkpointing every node result, parks waits, recovers after a crash, retries, cancels, starts
 * error workflows and sub-workflows, and lets the HTTP layer await a run's answer.
 */

export interface ExecutionServiceDeps {
  readonly store: Store;
  readonly registry: NodeRegistry;
  /** Decrypts credentials for runs and knows their secrets for redaction. */
  readonly credentials?: CredentialService;
  /** The `code` node's sandbox (server/sandbox `createCodeSandbox`). */
  readonly sandbox?: CodeSandbox;
  /**
   * Further host capabilities handed to every node as they are (the stock ledger, the order history, ...).
   * `sandbox`, `workflows` and `webhook` are the service's own and win over these.
   */
  readonly hostServices?: NodeServices;
  /**
   * Builds the queue around the service's job processor. Default: in-process with `concurrency` and `maxBacklog`.
   * A BullMQ queue (queue mode) is plugged in here.
   */
  readonly createQueue?: (process: JobProcessor) => Queue;
  /** Queue mode: answers and cancels to and from other processes. Required with a distributed queue. */
  readonly cluster?: ClusterLink;
  /** Queue mode (workers): run an execution only while holding its lease in the store. */
  readonly lease?: LeaseOptions;
  readonly concurrency?: number;
  readonly maxBacklog?: number;
  /** Waits and retry delays longer than this park the execution (default 5000 ms). */
  readonly parkAfterMs?: number;
  /** Node outputs larger than this (JSON bytes per node) are replaced by a marker in the stored record (default 1 MB). */
  readonly outputCapBytes?: number;
  readonly logger?: NodeLogger;
  /** Clock and timers, replaceable in tests. */
  readonly now?: () => number;
  readonly setTimer?: (callback: () => void, ms: number) => { cancel(): void };
  /** Called after every execution ends (metrics, logs). */
  readonly onExecutionEnd?: (event: ExecutionEndEvent) => void;
}

export interface ExecutionEndEvent {
  readonly executionId: string;
  readonly workflowId: string;
  readonly mode: ExecutionMode;
  readonly status: 'success' | 'failed' | 'cancelled' | 'waiting';
  readonly durationMs: number;
}

/** What the HTTP layer waits for after accepting a webhook call. */
export type AwaitMode = 'lastNode' | 'respondNode';

export interface AcceptRequest {
  /** The workflow to run (the caller usually has it already); its current version is recorded. */
  readonly workflow: StoredWorkflow;
  readonly mode: ExecutionMode;
  /** Default: the only trigger, else `manual`. */
  readonly triggerNodeId?: string;
  /** The trigger node's input items (webhook: one item `{ body, headers, query, params, method }`). */
  readonly triggerItems: readonly Item[];
  /** Webhook duplicate suppression: a key seen within `windowMs` returns `duplicate` and runs nothing. */
  readonly dedupe?: { readonly key: string; readonly windowMs: number };
  /** Register a waiter for the run's answer before it can start (webhook `lastNode` / `respondNode`). */
  readonly await?: { readonly mode: AwaitMode; readonly timeoutMs: number };
  readonly parentExecutionId?: string;
}

/** The answer a waiting HTTP caller gets. */
export type ExecutionAnswer =
  /** A `respond` node answered (respondNode mode). */
  | { readonly kind: 'respond'; readonly executionId: string; readonly response: WebhookResponse }
  /** The run ended; `output` is the json of the end nodes' items (lastNode mode, or respondNode without a respond). */
  | {
      readonly kind: 'finished';
      readonly executionId: string;
      readonly status: 'success' | 'failed' | 'cancelled';
      readonly output: readonly JsonObject[];
      readonly error?: SerializedError & { readonly node?: string };
    }
  /** The run parked (wait node, long retry delay) or the timeout passed first: answer 202 + executionId. */
  | { readonly kind: 'pending'; readonly executionId: string; readonly reason: 'waiting' | 'timeout' };

export type AcceptResult =
  | {
      readonly status: 'accepted';
      readonly executionId: string;
      /** Present when `await` was requested; never rejects. */
      readonly answer?: Promise<ExecutionAnswer>;
    }
  /** The dedupe key was seen: the first execution's id; nothing new stored or run. */
  | { readonly status: 'duplicate'; readonly executionId: string }
  /** Backpressure: nothing stored; answer 429 with Retry-After. */
  | { readonly status: 'full'; readonly retryAfterSeconds: number }
  /** Draining for shutdown: nothing stored; answer 503. */
  | { readonly status: 'closed' };

export type RetryResult =
  | { readonly status: 'accepted'; readonly executionId: string }
  | { readonly status: 'not_found' }
  /** Only failed or cancelled executions are retried. */
  | { readonly status: 'not_retryable'; readonly reason: string }
  | { readonly status: 'full'; readonly retryAfterSeconds: number }
  | { readonly status: 'closed' };

export type CancelResult =
  | { readonly status: 'cancelled' }
  | { readonly status: 'not_found' }
  | { readonly status: 'already_finished'; readonly current: ExecutionStatus };

export interface ExecutionService {
  accept(request: AcceptRequest): Promise<AcceptResult>;
  /**
   * Resumes every execution left queued or running (crash, kill -9, drain) after its last checkpointed node, and
   * arms the wake-up timer for parked ones. Call once at start, before taking traffic. Returns the ids re-queued.
   */
  recover(): Promise<readonly string[]>;
  /** Wakes parked executions that are due now (the timer calls this; tests may call it with an injected clock). */
  wakeDue(): Promise<readonly string[]>;
  /**
   * Queue mode: re-queues what the store says is accepted but no worker holds — queued for longer than
   * `graceMs`, running with an expired lease, waiting and overdue by `graceMs` (a main calls it periodically, so
   * jobs lost with Redis come back). In-process: same as `wakeDue`. Returns the ids queued.
   */
  reconcile(graceMs?: number): Promise<readonly string[]>;
  /** New execution (`mode: retry`) that keeps the completed nodes of `executionId` and runs the rest. */
  retry(executionId: string, options?: { readonly version?: 'original' | 'current' }): Promise<RetryResult>;
  cancel(executionId: string): Promise<CancelResult>;
  /** Resolves when the execution reaches a final or waiting state (in this process); immediately if it already has. */
  whenSettled(executionId: string): Promise<ExecutionStatus>;
  /** Queue depth and running count (metrics, healthz). */
  stats(): { readonly running: number; readonly backlog: number };
  /** The queue's health (healthz). */
  ping(): Promise<void>;
  /**
   * Graceful shutdown: refuse new work, let running executions finish within `graceMs`, then abort the rest —
   * they stay `running` in the store with their checkpoints and resume on the next start. Stops timers.
   */
  drain(graceMs: number): Promise<void>;
}

/** The engine outcome type, re-exported for hosts. */
export type { RunOutcome };
