import type { Kysely } from 'kysely';
import type { ClaimResult, ExecutionLease, ExecutionStore, OrphanedExecution } from '../types.js';
import { num, numOrNull } from './codec.js';
import type { Database } from './schema.js';

/**
 * Execution leases for queue mode (portable kysely; SQLite overrides `claim` on its fast path). A worker runs an
 * execution only while it holds the lease (`lease_owner`, `lease_until`); it renews the lease while running, and
 * `finish` clears it. A lease that ran out (the worker died or stalled) is free for the next claim.
 */

const LIVE = ['queued', 'running', 'waiting'] as const;

type LeaseMethods = Pick<ExecutionStore, 'claim' | 'renewLeases' | 'releaseLease' | 'listOrphaned'>;

function isOrphanStatus(status: string): status is OrphanedExecution['status'] {
  return status === 'queued' || status === 'running' || status === 'waiting';
}

/** Why a claim that updated nothing failed: another owner's live lease, or the execution is not live. */
export function claimVerdict(row: { status: string; lease_owner: string | null; lease_until: number | string | null } | undefined): ClaimResult {
  if (row === undefined || !isOrphanStatus(row.status)) return { status: 'gone' };
  // Live: held by another owner (or freed between the update and this read: `until` 0, claim again at once).
  return { status: 'held', owner: row.lease_owner ?? '', until: row.lease_until === null ? 0 : num(row.lease_until) };
}

export function createSqlLeaseMethods(db: Kysely<Database>): LeaseMethods {
  return {
    async claim(id: string, lease: ExecutionLease, startedAt: number): Promise<ClaimResult> {
      const result = await db
        .updateTable('executions')
        .set((eb) => ({
          status: 'running',
          started_at: eb.fn.coalesce('started_at', eb.val(startedAt)),
          resume_at: null,
          lease_owner: lease.owner,
          lease_until: lease.until,
        }))
        .where('id', '=', id)
        .where('status', 'in', LIVE)
        .where((eb) => eb.or([eb('lease_owner', 'is', null), eb('lease_owner', '=', lease.owner), eb('lease_until', '<', lease.now)]))
        .executeTakeFirst();
      if (result.numUpdatedRows > 0n) return { status: 'claimed' };
      const row = await db.selectFrom('executions').select(['status', 'lease_owner', 'lease_until']).where('id', '=', id).executeTakeFirst();
      return claimVerdict(row);
    },

    async renewLeases(owner, ids, until) {
      if (ids.length === 0) return [];
      const held: string[] = [];
      for (let start = 0; start < ids.length; start += 500) {
        const rows = await db
          .updateTable('executions')
          .set({ lease_until: until })
          .where('id', 'in', ids.slice(start, start + 500))
          .where('lease_owner', '=', owner)
          .where('status', '=', 'running')
          .returning('id')
          .execute();
        for (const row of rows) held.push(row.id);
      }
      return held;
    },

    async releaseLease(id, owner) {
      await db.updateTable('executions').set({ lease_owner: null, lease_until: null }).where('id', '=', id).where('lease_owner', '=', owner).execute();
    },

    async listOrphaned(query) {
      const rows = await db
        .selectFrom('executions')
        .select(['id', 'status', 'resume_at'])
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'queued'), eb('created_at', '<=', query.queuedBefore)]),
            eb.and([eb('status', '=', 'running'), eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', query.now)])]),
            eb.and([eb('status', '=', 'waiting'), eb('resume_at', '<=', query.waitingDueBy)]),
          ]),
        )
        .orderBy('id', 'asc')
        .limit(query.limit ?? 1000)
        .execute();
      const orphans: OrphanedExecution[] = [];
      for (const row of rows) {
        if (isOrphanStatus(row.status)) orphans.push({ id: row.id, status: row.status, resumeAt: numOrNull(row.resume_at) });
      }
      return orphans;
    },
  };
}
