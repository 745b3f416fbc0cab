import type { Item, SerializedError } from '../../nodes/sdk/index.js';
import type { Workflow } from '../engine/workflow/schema.js';
import type { OrderHistory, StockLedger } from '../../nodes/commerce/services.js';
import type { ExecutionMode, ExecutionStatus, NodeRun, RunRecord } from '../engine/run-record.js';

/**
 * The store contract, split by concern. Implementations: SQLite (better-sqlite3 + kysely, `sqlite/`) and, later,
 * PostgreSQL (pg + kysely, same queries and migrations). Every method is async so that both fit; a resolved
 * promise means the write is committed (durable against a process crash).
 *
 * Conventions: timestamps are epoch milliseconds; JSON is stored as text; lists page by an opaque cursor.
 */

export interface Page<T> {
  readonly data: readonly T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

export interface PageRequest {
  /** 1..500, default 50. */
  readonly limit?: number;
  readonly cursor?: string | null;
}

/** Thrown by stores; `code` is stable (the HTTP layer maps NOT_FOUND → 404, CONFLICT → 409, BAD_CURSOR → 400). */
export class StoreError extends Error {
  constructor(readonly code: 'NOT_FOUND' | 'CONFLICT' | 'BAD_CURSOR', message: string) {
    super(message);
    this.name = 'StoreError';
  }
}

/**
 * Thrown by a write fenced with `leaseOwner` when that owner no longer holds the execution's lease (another worker
 * took it over after the lease ran out, or it was cancelled or finished). Nothing was written.
 */
export class LeaseLostError extends Error {
  readonly code = 'LEASE_LOST';
  constructor(readonly executionId: string, readonly owner: string) {
    super(`execution ${executionId}: lease no longer held by ${owner}`);
    this.name = 'LeaseLostError';
  }
}

// ---------------------------------------------------------------------------------------------- workflows

export interface WorkflowSummary {
  readonly id: string;
  readonly name: string;
  readonly active: boolean;
  /** Current (latest) version number, 1-based; every save adds one. */
  readonly version: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A workflow at its current version; `workflow.id` equals `id`. */
export interface StoredWorkflow extends WorkflowSummary {
  readonly workflow: Workflow & { readonly id: string };
}

export interface WorkflowVersion {
  readonly workflowId: string;
  readonly version: number;
  readonly createdAt: number;
  readonly workflow: Workflow & { readonly id: string };
}

export interface WorkflowStore {
  /** Stores version 1. `workflow.id` must be set; a taken id throws StoreError CONFLICT. Inactive unless `active`. */
  create(workflow: Workflow & { readonly id: string }, options?: { readonly active?: boolean }): Promise<StoredWorkflow>;
  /** Saves a new version (the id inside `workflow` is replaced by `id`); NOT_FOUND when absent. */
  save(id: string, workflow: Workflow): Promise<StoredWorkflow>;
  get(id: string): Promise<StoredWorkflow | undefined>;
  getVersion(id: string, version: number): Promise<WorkflowVersion | undefined>;
  /** Newest first. */
  listVersions(id: string, page?: PageRequest): Promise<Page<Omit<WorkflowVersion, 'workflow'>>>;
  /** Ordered by id. */
  list(query?: PageRequest & { readonly active?: boolean }): Promise<Page<WorkflowSummary>>;
  /** Every active workflow at its current version (trigger registration at start). */
  listActive(): Promise<readonly StoredWorkflow[]>;
  /** NOT_FOUND when absent. Does not add a version. */
  setActive(id: string, active: boolean): Promise<StoredWorkflow>;
  /** Removes the workflow and its versions (executions stay); false when absent. */
  delete(id: string): Promise<boolean>;
}

// --------------------------------------------------------------------------------------------- executions

export interface ExecutionSummary {
  readonly id: string;
  readonly workflowId: string;
  readonly workflowVersion: number;
  readonly status: ExecutionStatus;
  readonly mode: ExecutionMode;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  /** `waiting`: when it is to be woken. */
  readonly resumeAt: number | null;
  readonly error: SerializedError | null;
  /** `retry`: the execution this one retries. */
  readonly retryOf: string | null;
  /** Sub-workflow and error-workflow runs: the execution that started this one. */
  readonly parentExecutionId: string | null;
}

/** A node run as stored: outputs over the size cap are replaced by one marker item per output. */
export type StoredNodeRun = NodeRun & {
  /** Set when outputs were capped: each capped output holds one item `{ json: { truncated: true, itemCount, bytes } }`. */
  readonly truncated?: boolean;
};

export interface ExecutionDetail extends ExecutionSummary {
  readonly triggerNodeId: string;
  readonly triggerItems: readonly Item[];
  /** Node runs by node id, and the order in which they were decided. */
  readonly nodes: Readonly<Record<string, StoredNodeRun>>;
  readonly order: readonly string[];
}

export interface NewExecution {
  /** Assigned when absent (time-ordered id, see `newExecutionId`). */
  readonly id?: string;
  readonly workflowId: string;
  readonly workflowVersion: number;
  readonly mode: ExecutionMode;
  readonly triggerNodeId: string;
  readonly triggerItems: readonly Item[];
  /** Default `queued`. */
  readonly status?: 'queued' | 'running';
  readonly retryOf?: string;
  readonly parentExecutionId?: string;
  /** Node runs copied in before the run starts (retry from the failed node). */
  readonly nodes?: readonly NodeRun[];
}

/** Duplicate suppression, committed in the same transaction as the execution. */
export interface DedupeClaim {
  /** e.g. `<workflowId>:<eventId>`. */
  readonly key: string;
  readonly expiresAt: number;
}

export type CreateExecutionResult =
  | { readonly status: 'created'; readonly execution: ExecutionSummary }
  | { readonly status: 'duplicate'; readonly executionId: string };

export interface ExecutionFilter extends PageRequest {
  readonly workflowId?: string;
  readonly status?: ExecutionStatus;
}

/** Checkpoint of one node: the node run (already redacted) written in one transaction with the execution's status. */
export interface NodeCheckpoint {
  readonly executionId: string;
  readonly nodeRun: NodeRun;
  /** Position of the node in the record's `order` (decided nodes), or -1 while not decided (running, waiting). */
  readonly orderIndex: number;
  /** Secret values to replace by `[redacted]` in the stored JSON (credentials the run resolved). */
  readonly secrets?: readonly string[];
  /** Queue mode: write only while this owner holds the running execution's lease, else `LeaseLostError`. */
  readonly leaseOwner?: string;
}

export interface FinishOptions {
  readonly policy?: SavePolicy;
  readonly capBytes?: number;
  readonly secrets?: readonly string[];
  /** Queue mode: end it only while this owner holds the running execution's lease, else `LeaseLostError`. */
  readonly leaseOwner?: string;
}

/** How a run ended, as stored. */
export type ExecutionEnd =
  | { readonly status: 'success' | 'cancelled'; readonly finishedAt: number }
  | { readonly status: 'failed'; readonly finishedAt: number; readonly error: SerializedError }
  /** Parked: `nodes` holds every node run (waiting ones included) to write with it. */
  | { readonly status: 'waiting'; readonly resumeAt: number; readonly nodes: readonly NodeRun[]; readonly order: readonly string[] };

export type SavePolicy = 'all' | 'errors' | 'none';

/** An execution lease (queue mode): `owner` runs the execution until `until` unless it renews. */
export interface ExecutionLease {
  readonly owner: string;
  readonly until: number;
  /** Leases that ended before this are free. */
  readonly now: number;
}

export type ClaimResult =
  | { readonly status: 'claimed' }
  | { readonly status: 'held'; readonly owner: string; readonly until: number }
  | { readonly status: 'gone' };

export interface OrphanQuery {
  readonly now: number;
  readonly queuedBefore: number;
  readonly waitingDueBy: number;
  /** Default 1000. */
  readonly limit?: number;
}

export interface OrphanedExecution {
  readonly id: string;
  readonly status: 'queued' | 'running' | 'waiting';
  /** Waiting ones: when to run them. */
  readonly resumeAt: number | null;
}

export interface ExecutionStore {
  /** Stores the execution (and its dedupe key) atomically; durable when resolved. */
  create(execution: NewExecution, dedupe?: DedupeClaim): Promise<CreateExecutionResult>;
  get(id: string): Promise<ExecutionDetail | undefined>;
  /** The record to resume from (full node data), or undefined. */
  getRecord(id: string): Promise<RunRecord | undefined>;
  /** Newest first. */
  list(filter?: ExecutionFilter): Promise<Page<ExecutionSummary>>;
  /** queued|waiting|running → running with `startedAt` (kept if already set). False otherwise (finished, cancelled, absent). */
  markRunning(id: string, startedAt: number): Promise<boolean>;
  /** Writes one node run atomically (call `markRunning` before the run starts; this does not change the status). */
  checkpoint(checkpoint: NodeCheckpoint): Promise<void>;
  /**
   * Ends (or parks) the execution. `policy` applies to success: `errors`/`none` delete the record of a successful
   * run; `none` also deletes failed and cancelled ones. Outputs over `capBytes` are replaced by markers.
   */
  finish(
    id: string,
    end: ExecutionEnd,
    options?: FinishOptions,
  ): Promise<void>;
  /** Sets status `cancelled` if it is still queued, waiting or running; returns the status after the call. */
  cancel(id: string, finishedAt: number): Promise<ExecutionStatus | undefined>;
  /** Ids of executions in `queued` or `running` (to recover at start), oldest first. */
  listUnfinished(limit?: number): Promise<readonly string[]>;
  /** waiting → queued for executions whose resumeAt ≤ now; returns the claimed ids (each id is claimed once). */
  claimDue(now: number, limit?: number): Promise<readonly string[]>;
  /** Earliest resumeAt of waiting executions, or null. */
  nextResumeAt(): Promise<number | null>;
  /**
   * Queue mode: takes the execution's lease for `lease.owner` until `lease.until` and marks it running (as
   * `markRunning`), when it is queued, waiting or running and its lease is free, expired (before `lease.now`) or
   * already this owner's. `held`: another owner holds it until `until`; `gone`: finished, cancelled or absent.
   */
  claim(id: string, lease: ExecutionLease, startedAt: number): Promise<ClaimResult>;
  /** Extends the leases `owner` holds on running `ids` to `until`; returns the ids still held (others were lost). */
  renewLeases(owner: string, ids: readonly string[], until: number): Promise<readonly string[]>;
  /** Frees `owner`'s lease on `id` at once (shutdown: another worker may take the execution now). */
  releaseLease(id: string, owner: string): Promise<void>;
  /**
   * Queue mode recovery: executions no live worker holds, oldest first — queued ones created at or before
   * `queuedBefore`, running ones whose lease expired before `now` (or that have none), waiting ones due by
   * `waitingDueBy`.
   */
  listOrphaned(query: OrphanQuery): Promise<readonly OrphanedExecution[]>;
  delete(id: string): Promise<boolean>;
  /** Deletes finished executions older than `maxAgeMs` and beyond the newest `maxCount`; returns how many. */
  prune(options: { readonly now: number; readonly maxAgeMs?: number; readonly maxCount?: number }): Promise<number>;
  /** Counts by status (metrics). */
  countByStatus(): Promise<Readonly<Partial<Record<ExecutionStatus, number>>>>;
}

// -------------------------------------------------------------------------------------- webhook dedupe

export interface DedupeStore {
  /** The execution id recorded for a key that has not expired, or undefined. */
  find(key: string, now: number): Promise<string | undefined>;
  /** Removes expired keys; returns how many. */
  prune(now: number): Promise<number>;
}

// ------------------------------------------------------------------------------------------ credentials

export interface CredentialSummary {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** As stored: `data` is the encrypted blob (see server/store/crypto), never plaintext. */
export interface StoredCredential extends CredentialSummary {
  readonly encryptedData: string;
}

export interface CredentialStore {
  create(credential: StoredCredential): Promise<void>;
  /** NOT_FOUND when absent. */
  update(id: string, changes: { readonly name?: string; readonly encryptedData?: string; readonly updatedAt: number }): Promise<void>;
  get(id: string): Promise<StoredCredential | undefined>;
  list(page?: PageRequest & { readonly type?: string }): Promise<Page<CredentialSummary>>;
  delete(id: string): Promise<boolean>;
}

// ------------------------------------------------------------------------------------------------- auth

export interface User {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  /** e.g. `scrypt$...`; the auth module owns the format. */
  readonly passwordHash: string;
  readonly role: 'owner' | 'member';
  readonly createdAt: number;
}

export interface Session {
  /** Hash of the cookie token (the token itself is never stored). */
  readonly idHash: string;
  readonly userId: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

export interface ApiKey {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly keyHash: string;
  /** First characters of the key, shown in lists. */
  readonly prefix: string;
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
}

export interface AuthStore {
  countUsers(): Promise<number>;
  /** CONFLICT when the email is taken. */
  createUser(user: User): Promise<void>;
  getUser(id: string): Promise<User | undefined>;
  getUserByEmail(email: string): Promise<User | undefined>;
  updatePassword(id: string, passwordHash: string): Promise<void>;
  createSession(session: Session): Promise<void>;
  /** Undefined when absent or expired at `now`. */
  getSession(idHash: string, now: number): Promise<Session | undefined>;
  deleteSession(idHash: string): Promise<void>;
  pruneSessions(now: number): Promise<number>;
  createApiKey(key: ApiKey): Promise<void>;
  findApiKey(keyHash: string): Promise<ApiKey | undefined>;
  touchApiKey(id: string, now: number): Promise<void>;
  listApiKeys(userId: string): Promise<readonly ApiKey[]>;
  deleteApiKey(id: string): Promise<boolean>;
}

// -------------------------------------------------------------------------------------- trigger state

export interface TriggerStore {
  /** Last tick (epoch ms) fired for a schedule trigger, or null. */
  lastTick(workflowId: string, nodeId: string): Promise<number | null>;
  /**
   * Records `tick` as fired if no tick ≥ it was recorded before; true for exactly one caller per tick, across
   * processes sharing the store. Fire only when it returns true.
   */
  claimTick(workflowId: string, nodeId: string, tick: number): Promise<boolean>;
  /** Forgets the state of a workflow's triggers (deleted workflow). */
  clear(workflowId: string): Promise<void>;
  /** A named lease (e.g. scheduler leadership): true when `owner` holds it until now + ttlMs. Renewable by the owner. */
  acquireLease(name: string, owner: string, now: number, ttlMs: number): Promise<boolean>;
  releaseLease(name: string, owner: string): Promise<void>;
}

// ----------------------------------------------------------------------------------------------- settings

export interface SettingsStore {
  get(key: string): Promise<unknown>;
  /** `value` must be JSON-serialisable. */
  set(key: string, value: unknown): Promise<void>;
}

// ------------------------------------------------------------------------------------------------- store

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  readonly workflows: WorkflowStore;
  readonly executions: ExecutionStore;
  readonly dedupe: DedupeStore;
  readonly credentials: CredentialStore;
  readonly auth: AuthStore;
  readonly triggers: TriggerStore;
  readonly settings: SettingsStore;
  /** Commerce: the stock ledger and the order history (migration 0002_commerce; sql/stock.ts, sql/orders.ts). */
  readonly stock: StockLedger;
  readonly orders: OrderHistory;
  /** Resolves when the database answers (healthz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** Holds `flowwerk.sqlite` (SQLite). */
  readonly dataDir: string;
  /** `postgres://...` selects PostgreSQL; unset means SQLite. */
  readonly databaseUrl?: string;
  /** PostgreSQL schema to use (created if missing); default `public`. Tests use one per run. */
  readonly schema?: string;
  readonly now?: () => number;
}
