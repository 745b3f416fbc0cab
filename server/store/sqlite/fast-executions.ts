import type BetterSqlite3 from 'better-sqlite3';
import { LeaseLostError, type CreateExecutionResult, type DedupeClaim, type ExecutionEnd, type ExecutionStore } from '../types.js';
import { DEFAULT_CAP_BYTES, capNodeRun, jsonBytes, newExecutionId, redactedJson, toExecutionSummary } from '../sql/codec.js';
import { dropsRecord, executionRow, nodeRow, toDetail, toRecord } from '../sql/executions.js';
import type { ExecutionNodesTable, ExecutionsTable } from '../sql/schema.js';
import { claimVerdict } from '../sql/leases.js';
import type { Transact } from '../sql/transact.js';

/**
 * The execution hot path on SQLite: the same rows as the portable store, written with prepared better-sqlite3
 * statements, one synchronous transaction per call (accept, node checkpoint, finish). A call never writes inside
 * a kysely transaction that is open on the same connection: it waits for `transact.idle()` first.
 */
export function createFastSqliteExecutionStore(sqlite: BetterSqlite3.Database, base: ExecutionStore, transact: Transact, now: () => number): ExecutionStore {
  const insertExecution = sqlite.prepare<[ExecutionsTable]>(
    `INSERT INTO executions (id, workflow_id, workflow_version, status, mode, created_at, started_at, finished_at, resume_at, error,
       retry_of, parent_execution_id, trigger_node_id, trigger_items, lease_owner, lease_until)
     VALUES (@id, @workflow_id, @workflow_version, @status, @mode, @created_at, @started_at, @finished_at, @resume_at, @error,
       @retry_of, @parent_execution_id, @trigger_node_id, @trigger_items, @lease_owner, @lease_until)`,
  );
  const claimDedupe = sqlite.prepare<[string, string, number, number], { execution_id: string }>(
    `INSERT INTO dedupe_keys (key, execution_id, expires_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET execution_id = excluded.execution_id, expires_at = excluded.expires_at
     WHERE dedupe_keys.expires_at <= ? RETURNING execution_id`,
  );
  const selectDedupe = sqlite.prepare<[string], { execution_id: string }>('SELECT execution_id FROM dedupe_keys WHERE key = ?');
  const upsertNode = sqlite.prepare<[ExecutionNodesTable]>(
    `INSERT INTO execution_nodes (execution_id, node_id, order_index, status, data, bytes, truncated)
     VALUES (@execution_id, @node_id, @order_index, @status, @data, @bytes, @truncated)
     ON CONFLICT (execution_id, node_id) DO UPDATE SET order_index = excluded.order_index, status = excluded.status,
       data = excluded.data, bytes = excluded.bytes, truncated = excluded.truncated`,
  );
  const markRunning = sqlite.prepare<[number, string]>(
    "UPDATE executions SET status = 'running', started_at = COALESCE(started_at, ?), resume_at = NULL WHERE id = ? AND status IN ('queued', 'running', 'waiting')",
  );
  const endExecution = sqlite.prepare<[string, number, string | null, string]>(
    'UPDATE executions SET status = ?, finished_at = ?, resume_at = NULL, error = ?, lease_owner = NULL, lease_until = NULL WHERE id = ?',
  );
  const parkExecution = sqlite.prepare<[number, string]>(
    "UPDATE executions SET status = 'waiting', resume_at = ?, lease_owner = NULL, lease_until = NULL WHERE id = ? AND status IN ('queued', 'running', 'waiting')",
  );
  const selectLarge = sqlite.prepare<[string, number], { node_id: string; data: string; bytes: number }>(
    'SELECT node_id, data, bytes FROM execution_nodes WHERE execution_id = ? AND bytes > ? AND truncated = 0',
  );
  const capNode = sqlite.prepare<[string, number, string, string]>(
    'UPDATE execution_nodes SET data = ?, truncated = 1, bytes = ? WHERE execution_id = ? AND node_id = ?',
  );
  const claimLease = sqlite.prepare<[number, string, number, string, string, number]>(
    `UPDATE executions SET status = 'running', started_at = COALESCE(started_at, ?), resume_at = NULL, lease_owner = ?, lease_until = ?
     WHERE id = ? AND status IN ('queued', 'running', 'waiting') AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < ?)`,
  );
  const selectLease = sqlite.prepare<[string], { status: string; lease_owner: string | null; lease_until: number | null }>(
    'SELECT status, lease_owner, lease_until FROM executions WHERE id = ?',
  );
  const holdsLease = sqlite.prepare<[string, string], { id: string }>(
    "SELECT id FROM executions WHERE id = ? AND lease_owner = ? AND status = 'running'",
  );
  const deleteNodes = sqlite.prepare<[string]>('DELETE FROM execution_nodes WHERE execution_id = ?');
  const deleteExecution = sqlite.prepare<[string]>('DELETE FROM executions WHERE id = ?');
  const selectExecution = sqlite.prepare<[string], ExecutionsTable>('SELECT * FROM executions WHERE id = ?');
  const selectNodes = sqlite.prepare<[string], { node_id: string; order_index: number; data: string }>(
    'SELECT node_id, order_index, data FROM execution_nodes WHERE execution_id = ?',
  );

  async function write<T>(fn: () => T): Promise<T> {
    while (sqlite.inTransaction) await transact.idle();
    return fn();
  }

  const createWith = sqlite.transaction(
    (row: ExecutionsTable, nodes: readonly ExecutionNodesTable[], dedupe: DedupeClaim | undefined, at: number): CreateExecutionResult => {
      if (dedupe !== undefined && claimDedupe.get(dedupe.key, row.id, dedupe.expiresAt, at) === undefined) {
        return { status: 'duplicate', executionId: selectDedupe.get(dedupe.key)?.execution_id ?? '' };
      }
      insertExecution.run(row);
      for (const node of nodes) upsertNode.run(node);
      return { status: 'created', execution: toExecutionSummary(row) };
    },
  );

  /** Replaces outputs over the cap by markers (idempotent: capped rows are skipped next time). */
  const capLarge = sqlite.transaction((id: string, large: readonly { node_id: string; data: string; bytes: number }[]): void => {
    for (const row of large) {
      const data = capNodeRun(row.data, row.bytes);
      capNode.run(data, jsonBytes(data), id, row.node_id);
    }
  });

  const park = sqlite.transaction((id: string, end: Extract<ExecutionEnd, { status: 'waiting' }>, secrets: readonly string[] | undefined, owner: string | undefined): void => {
    fence(id, owner);
    const orderIndex = new Map(end.order.map((nodeId, index) => [nodeId, index]));
    for (const nodeRun of end.nodes) upsertNode.run(nodeRow(id, nodeRun, orderIndex.get(nodeRun.nodeId) ?? -1, secrets));
    parkExecution.run(end.resumeAt, id);
  });

  const remove = sqlite.transaction((id: string): boolean => {
    deleteNodes.run(id);
    return deleteExecution.run(id).changes > 0;
  });

  /** Inside a transaction: throws unless `owner` (when given) holds the running execution's lease. */
  function fence(id: string, owner: string | undefined): void {
    if (owner !== undefined && holdsLease.get(id, owner) === undefined) throw new LeaseLostError(id, owner);
  }

  const fencedCheckpoint = sqlite.transaction((row: ExecutionNodesTable, owner: string): void => {
    fence(row.execution_id, owner);
    upsertNode.run(row);
  });

  const endRun = sqlite.transaction((id: string, status: string, finishedAt: number, error: string | null, owner: string | undefined, drop: boolean): void => {
    fence(id, owner);
    if (drop) remove(id);
    else endExecution.run(status, finishedAt, error, id);
  });

  const store: ExecutionStore = {
    ...base,
    create(execution, dedupe) {
      const at = now();
      const id = execution.id ?? newExecutionId(at);
      const row = executionRow(id, execution, at);
      const nodes = (execution.nodes ?? []).map((nodeRun, index) => nodeRow(id, nodeRun, index));
      if (dedupe === undefined && nodes.length === 0) {
        // One statement: atomic on its own, and about twice as fast as an explicit transaction.
        return write(() => {
          insertExecution.run(row);
          return { status: 'created' as const, execution: toExecutionSummary(row) };
        });
      }
      return write(() => createWith(row, nodes, dedupe, at));
    },
    async get(id) {
      const row = selectExecution.get(id);
      return row === undefined ? undefined : toDetail(row, selectNodes.all(id));
    },
    async getRecord(id) {
      const row = selectExecution.get(id);
      return row === undefined ? undefined : toRecord(toDetail(row, selectNodes.all(id)));
    },
    markRunning(id, startedAt) {
      return write(() => markRunning.run(startedAt, id).changes > 0);
    },
    claim(id, lease, startedAt) {
      return write(() =>
        claimLease.run(startedAt, lease.owner, lease.until, id, lease.owner, lease.now).changes > 0 ? { status: 'claimed' as const } : claimVerdict(selectLease.get(id)),
      );
    },
    checkpoint(checkpoint) {
      const row = nodeRow(checkpoint.executionId, checkpoint.nodeRun, checkpoint.orderIndex, checkpoint.secrets);
      // One statement per checkpoint; the execution is already `running` (markRunning before the run starts).
      const owner = checkpoint.leaseOwner;
      return write(() => {
        if (owner === undefined) upsertNode.run(row);
        else fencedCheckpoint(row, owner);
      });
    },
    finish(id, outcome, options) {
      const policy = options?.policy ?? 'all';
      const capBytes = options?.capBytes ?? DEFAULT_CAP_BYTES;
      const secrets = options?.secrets;
      const owner = options?.leaseOwner;
      switch (outcome.status) {
        case 'waiting':
          return write(() => park(id, outcome, secrets, owner));
        case 'success':
        case 'cancelled':
        case 'failed':
          return write(() => {
            const drop = dropsRecord(outcome.status, policy);
            endRun(id, outcome.status, outcome.finishedAt, outcome.status === 'failed' ? redactedJson(outcome.error, secrets) : null, owner, drop);
            if (drop) return;
            const large = selectLarge.all(id, capBytes);
            if (large.length > 0) capLarge(id, large);
          });
        default: {
          const unreachable: never = outcome;
          throw new Error(`unknown end ${JSON.stringify(unreachable)}`);
        }
      }
    },
    delete(id) {
      return write(() => remove(id));
    },
  };
  return store;
}
