import { sql, type Kysely } from 'kysely';
import type { Transact } from './transact.js';
import type { ExecutionStatus, NodeRun, RunRecord } from '../../engine/run-record.js';
import { LeaseLostError, type ExecutionDetail, type ExecutionEnd, type ExecutionStore, type NewExecution, type SavePolicy, type StoredNodeRun } from '../types.js';
import {
  DEFAULT_CAP_BYTES, capNodeRun, decodeCursor, jsonBytes, newExecutionId, num, pageLimit, parseItems, redactedJson,
  toExecutionSummary, toPage,
} from './codec.js';
import { createSqlLeaseMethods } from './leases.js';
import type { Database, ExecutionNodesTable, ExecutionsTable } from './schema.js';

const FINISHED: readonly ExecutionStatus[] = ['success', 'failed', 'cancelled'];
const LIVE: readonly ExecutionStatus[] = ['queued', 'running', 'waiting'];

/** Whether a finished execution's record is deleted under `policy`. */
export function dropsRecord(status: 'success' | 'failed' | 'cancelled', policy: SavePolicy): boolean {
  switch (policy) {
    case 'all':
      return false;
    case 'errors':
      return status !== 'failed';
    case 'none':
      return true;
    default: {
      const unreachable: never = policy;
      return unreachable;
    }
  }
}

/** The row of a newly accepted execution, created at `at` (shared by the portable and the SQLite fast store). */
export function executionRow(id: string, execution: NewExecution, at: number): ExecutionsTable {
  return {
    id,
    workflow_id: execution.workflowId,
    workflow_version: execution.workflowVersion,
    status: execution.status ?? 'queued',
    mode: execution.mode,
    created_at: at,
    started_at: execution.status === 'running' ? at : null,
    finished_at: null,
    resume_at: null,
    error: null,
    retry_of: execution.retryOf ?? null,
    parent_execution_id: execution.parentExecutionId ?? null,
    trigger_node_id: execution.triggerNodeId,
    trigger_items: JSON.stringify(execution.triggerItems),
    lease_owner: null,
    lease_until: null,
  };
}

export function nodeRow(executionId: string, nodeRun: NodeRun, orderIndex: number, secrets?: readonly string[]): ExecutionNodesTable {
  const data = redactedJson(nodeRun, secrets);
  return {
    execution_id: executionId,
    node_id: nodeRun.nodeId,
    order_index: orderIndex,
    status: nodeRun.status,
    data,
    bytes: jsonBytes(data),
    truncated: 0,
  };
}

/** Rebuilds nodes and order from node rows. */
export function assembleNodes(rows: readonly { node_id: string; order_index: number; data: string }[]): {
  nodes: Record<string, StoredNodeRun>;
  order: string[];
} {
  const nodes: Record<string, StoredNodeRun> = {};
  const decided: { id: string; index: number }[] = [];
  for (const row of rows) {
    nodes[row.node_id] = JSON.parse(row.data) as StoredNodeRun;
    const index = num(row.order_index);
    if (index >= 0) decided.push({ id: row.node_id, index });
  }
  decided.sort((a, b) => a.index - b.index);
  return { nodes, order: decided.map((entry) => entry.id) };
}

export function toDetail(row: ExecutionsTable, nodeRows: readonly { node_id: string; order_index: number; data: string }[]): ExecutionDetail {
  const { nodes, order } = assembleNodes(nodeRows);
  return { ...toExecutionSummary(row), triggerNodeId: row.trigger_node_id, triggerItems: parseItems(row.trigger_items), nodes, order };
}

export function toRecord(detail: ExecutionDetail): RunRecord {
  return {
    executionId: detail.id,
    workflowId: detail.workflowId,
    mode: detail.mode,
    status: detail.status,
    startedAt: detail.startedAt ?? detail.createdAt,
    ...(detail.finishedAt !== null && { finishedAt: detail.finishedAt }),
    triggerNodeId: detail.triggerNodeId,
    triggerItems: detail.triggerItems,
    nodes: detail.nodes,
    order: detail.order,
    ...(detail.error !== null && { error: detail.error }),
    ...(detail.resumeAt !== null && { resumeAt: detail.resumeAt }),
  };
}

/** Executions in portable kysely queries (PostgreSQL and SQLite). SQLite overrides the hot paths (`sqlite/fast-executions`). */
export function createSqlExecutionStore(db: Kysely<Database>, transact: Transact, now: () => number): ExecutionStore {
  /**
   * Inside a transaction: throws unless `owner` (when given) holds the running execution's lease. The no-op update
   * takes the row lock (PostgreSQL), so a concurrent claim by another worker waits until this transaction ends.
   */
  async function fence(trx: Kysely<Database>, id: string, owner: string | undefined): Promise<void> {
    if (owner === undefined) return;
    const held = await trx
      .updateTable('executions')
      .set({ lease_owner: owner })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .where('status', '=', 'running')
      .executeTakeFirst();
    if (held.numUpdatedRows === 0n) throw new LeaseLostError(id, owner);
  }

  async function deleteIn(trx: Kysely<Database>, id: string): Promise<boolean> {
    await trx.deleteFrom('execution_nodes').where('execution_id', '=', id).execute();
    const result = await trx.deleteFrom('executions').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async function finishInTransaction(trx: Kysely<Database>, id: string, end: ExecutionEnd, capBytes: number, secrets: readonly string[] | undefined, owner: string | undefined): Promise<void> {
    switch (end.status) {
      case 'waiting': {
        const orderIndex = new Map(end.order.map((nodeId, index) => [nodeId, index]));
        for (const nodeRun of end.nodes) {
          const row = nodeRow(id, nodeRun, orderIndex.get(nodeRun.nodeId) ?? -1, secrets);
          await trx
            .insertInto('execution_nodes')
            .values(row)
            .onConflict((oc) => oc.columns(['execution_id', 'node_id']).doUpdateSet({ order_index: row.order_index, status: row.status, data: row.data, bytes: row.bytes }))
            .execute();
        }
        let park = trx
          .updateTable('executions')
          .set({ status: 'waiting', resume_at: end.resumeAt, lease_owner: null, lease_until: null })
          .where('id', '=', id)
          .where('status', 'in', LIVE);
        if (owner !== undefined) park = park.where('lease_owner', '=', owner).where('status', '=', 'running');
        const parked = await park.executeTakeFirst();
        if (owner !== undefined && parked.numUpdatedRows === 0n) throw new LeaseLostError(id, owner);
        return;
      }
      case 'success':
      case 'cancelled':
      case 'failed': {
        const error = end.status === 'failed' ? redactedJson(end.error, secrets) : null;
        let update = trx
          .updateTable('executions')
          .set({ status: end.status, finished_at: end.finishedAt, resume_at: null, error, lease_owner: null, lease_until: null })
          .where('id', '=', id);
        if (owner !== undefined) update = update.where('lease_owner', '=', owner).where('status', '=', 'running');
        const ended = await update.executeTakeFirst();
        if (owner !== undefined && ended.numUpdatedRows === 0n) throw new LeaseLostError(id, owner);
        const large = await trx
          .selectFrom('execution_nodes')
          .select(['node_id', 'data', 'bytes'])
          .where('execution_id', '=', id)
          .where('bytes', '>', capBytes)
          .where('truncated', '=', 0)
          .execute();
        for (const row of large) {
          const data = capNodeRun(row.data, num(row.bytes));
          await trx
            .updateTable('execution_nodes')
            .set({ data, truncated: 1, bytes: jsonBytes(data) })
            .where('execution_id', '=', id)
            .where('node_id', '=', row.node_id)
            .execute();
        }
        return;
      }
      default: {
        const unreachable: never = end;
        throw new Error(`unknown end ${JSON.stringify(unreachable)}`);
      }
    }
  }

  const store: ExecutionStore = {
    ...createSqlLeaseMethods(db),
    async create(execution, dedupe) {
      const at = now();
      const id = execution.id ?? newExecutionId(at);
      const row = executionRow(id, execution, at);
      return transact(async (trx) => {
        if (dedupe !== undefined) {
          const claimed = await trx
            .insertInto('dedupe_keys')
            .values({ key: dedupe.key, execution_id: id, expires_at: dedupe.expiresAt })
            .onConflict((oc) =>
              oc.column('key').doUpdateSet({ execution_id: id, expires_at: dedupe.expiresAt }).where('dedupe_keys.expires_at', '<=', at),
            )
            .returning('execution_id')
            .executeTakeFirst();
          if (claimed === undefined) {
            const existing = await trx.selectFrom('dedupe_keys').select('execution_id').where('key', '=', dedupe.key).executeTakeFirstOrThrow();
            return { status: 'duplicate' as const, executionId: existing.execution_id };
          }
        }
        await trx.insertInto('executions').values(row).execute();
        for (const [index, nodeRun] of (execution.nodes ?? []).entries()) {
          await trx.insertInto('execution_nodes').values(nodeRow(id, nodeRun, index)).execute();
        }
        return { status: 'created' as const, execution: toExecutionSummary(row) };
      });
    },
    async get(id) {
      const row = await db.selectFrom('executions').selectAll().where('id', '=', id).executeTakeFirst();
      if (row === undefined) return undefined;
      const nodeRows = await db.selectFrom('execution_nodes').select(['node_id', 'order_index', 'data']).where('execution_id', '=', id).execute();
      return toDetail(row, nodeRows);
    },
    async getRecord(id) {
      const detail = await store.get(id);
      return detail === undefined ? undefined : toRecord(detail);
    },
    async list(filter) {
      const limit = pageLimit(filter);
      const before = decodeCursor(filter?.cursor);
      let query = db.selectFrom('executions').selectAll().orderBy('id', 'desc').limit(limit + 1);
      if (before !== undefined) query = query.where('id', '<', before);
      if (filter?.workflowId !== undefined) query = query.where('workflow_id', '=', filter.workflowId);
      if (filter?.status !== undefined) query = query.where('status', '=', filter.status);
      const rows = await query.execute();
      return toPage(rows, limit, (row) => row.id, toExecutionSummary);
    },
    async markRunning(id, startedAt) {
      const current = await db.selectFrom('executions').select(['started_at']).where('id', '=', id).where('status', 'in', LIVE).executeTakeFirst();
      if (current === undefined) return false;
      const result = await db
        .updateTable('executions')
        .set({ status: 'running', started_at: current.started_at ?? startedAt, resume_at: null })
        .where('id', '=', id)
        .where('status', 'in', LIVE)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async checkpoint(checkpoint) {
      const row = nodeRow(checkpoint.executionId, checkpoint.nodeRun, checkpoint.orderIndex, checkpoint.secrets);
      const owner = checkpoint.leaseOwner;
      if (owner === undefined) {
        await db
          .insertInto('execution_nodes')
          .values(row)
          .onConflict((oc) => oc.columns(['execution_id', 'node_id']).doUpdateSet({ order_index: row.order_index, status: row.status, data: row.data, bytes: row.bytes, truncated: 0 }))
          .execute();
        return;
      }
      // One statement (no transaction round trips): the row is written only if the lease is held, and FOR SHARE
      // keeps a concurrent claim by another worker waiting until it is committed. This store runs on PostgreSQL
      // only (SQLite uses its fast path, which fences in a synchronous transaction).
      const written = await sql<{ node_id: string }>`
        INSERT INTO execution_nodes (execution_id, node_id, order_index, status, data, bytes, truncated)
        SELECT ${row.execution_id}, ${row.node_id}, ${row.order_index}::integer, ${row.status}, ${row.data}, ${row.bytes}::integer, 0
        FROM executions WHERE id = ${checkpoint.executionId} AND lease_owner = ${owner} AND status = 'running' FOR SHARE
        ON CONFLICT (execution_id, node_id) DO UPDATE SET order_index = excluded.order_index, status = excluded.status,
          data = excluded.data, bytes = excluded.bytes, truncated = 0
        RETURNING node_id`.execute(db);
      if (written.rows.length === 0) throw new LeaseLostError(checkpoint.executionId, owner);
    },
    async finish(id, end, options) {
      const policy = options?.policy ?? 'all';
      const owner = options?.leaseOwner;
      if (end.status !== 'waiting' && dropsRecord(end.status, policy)) {
        await transact(async (trx) => {
          await fence(trx, id, owner);
          await deleteIn(trx, id);
        });
        return;
      }
      await transact((trx) => finishInTransaction(trx, id, end, options?.capBytes ?? DEFAULT_CAP_BYTES, options?.secrets, owner));
    },
    async cancel(id, finishedAt) {
      await db
        .updateTable('executions')
        .set({ status: 'cancelled', finished_at: finishedAt, resume_at: null, lease_owner: null, lease_until: null })
        .where('id', '=', id)
        .where('status', 'in', LIVE)
        .execute();
      const row = await db.selectFrom('executions').select('status').where('id', '=', id).executeTakeFirst();
      return row?.status as ExecutionStatus | undefined;
    },
    async listUnfinished(limit = 100_000) {
      const rows = await db.selectFrom('executions').select('id').where('status', 'in', ['queued', 'running']).orderBy('id', 'asc').limit(limit).execute();
      return rows.map((row) => row.id);
    },
    async claimDue(at, limit = 1000) {
      const due = await db
        .selectFrom('executions')
        .select('id')
        .where('status', '=', 'waiting')
        .where('resume_at', '<=', at)
        .orderBy('resume_at', 'asc')
        .limit(limit)
        .execute();
      const claimed: string[] = [];
      for (const { id } of due) {
        const result = await db.updateTable('executions').set({ status: 'queued' }).where('id', '=', id).where('status', '=', 'waiting').executeTakeFirst();
        if (result.numUpdatedRows > 0n) claimed.push(id);
      }
      return claimed;
    },
    async nextResumeAt() {
      const row = await db
        .selectFrom('executions')
        .select((eb) => eb.fn.min('resume_at').as('next'))
        .where('status', '=', 'waiting')
        .executeTakeFirst();
      return row?.next === null || row?.next === undefined ? null : num(row.next);
    },
    async delete(id) {
      return transact((trx) => deleteIn(trx, id));
    },
    async prune(options) {
      let removed = 0;
      const deleteWhere = async (build: (trx: Kysely<Database>) => Promise<readonly string[]>): Promise<void> => {
        await transact(async (trx) => {
          const ids = await build(trx);
          for (let start = 0; start < ids.length; start += 500) {
            const chunk = ids.slice(start, start + 500);
            await trx.deleteFrom('execution_nodes').where('execution_id', 'in', chunk).execute();
            await trx.deleteFrom('executions').where('id', 'in', chunk).execute();
          }
          removed += ids.length;
        });
      };
      if (options.maxAgeMs !== undefined) {
        const cutoff = options.now - options.maxAgeMs;
        await deleteWhere(async (trx) =>
          (await trx.selectFrom('executions').select('id').where('status', 'in', FINISHED).where('finished_at', '<', cutoff).execute()).map((r) => r.id),
        );
      }
      if (options.maxCount !== undefined) {
        const keep = Math.max(0, Math.floor(options.maxCount));
        await deleteWhere(async (trx) =>
          (
            await trx
              .selectFrom('executions')
              .select('id')
              .where('status', 'in', FINISHED)
              .orderBy('id', 'desc')
              .offset(keep)
              .limit(1_000_000)
              .execute()
          ).map((r) => r.id),
        );
      }
      return removed;
    },
    async countByStatus() {
      const rows = await db
        .selectFrom('executions')
        .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
        .groupBy('status')
        .execute();
      const counts: Partial<Record<ExecutionStatus, number>> = {};
      for (const row of rows) counts[row.status as ExecutionStatus] = num(row.count);
      return counts;
    },
  };
  return store;
}
