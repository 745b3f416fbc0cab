import type { Kysely } from 'kysely';
import type { DedupeStore, SettingsStore, TriggerStore } from '../types.js';
import { num } from './codec.js';
import type { Database } from './schema.js';

/**
 * Schedule state and leases. `claimTick` and `acquireLease` are single upserts with a guard, so exactly one caller
 * wins even when several processes share a PostgreSQL store.
 */
export function createSqlTriggerStore(db: Kysely<Database>): TriggerStore {
  return {
    async lastTick(workflowId, nodeId) {
      const row = await db
        .selectFrom('trigger_state')
        .select('last_tick')
        .where('workflow_id', '=', workflowId)
        .where('node_id', '=', nodeId)
        .executeTakeFirst();
      return row === undefined ? null : num(row.last_tick);
    },
    async claimTick(workflowId, nodeId, tick) {
      const row = await db
        .insertInto('trigger_state')
        .values({ workflow_id: workflowId, node_id: nodeId, last_tick: tick })
        .onConflict((oc) =>
          oc.columns(['workflow_id', 'node_id']).doUpdateSet({ last_tick: tick }).where('trigger_state.last_tick', '<', tick),
        )
        .returning('last_tick')
        .executeTakeFirst();
      return row !== undefined;
    },
    async clear(workflowId) {
      await db.deleteFrom('trigger_state').where('workflow_id', '=', workflowId).execute();
    },
    async acquireLease(name, owner, now, ttlMs) {
      const expiresAt = now + ttlMs;
      const row = await db
        .insertInto('leases')
        .values({ name, owner, expires_at: expiresAt })
        .onConflict((oc) =>
          oc
            .column('name')
            .doUpdateSet({ owner, expires_at: expiresAt })
            .where((eb) => eb.or([eb('leases.owner', '=', owner), eb('leases.expires_at', '<=', now)])),
        )
        .returning('owner')
        .executeTakeFirst();
      return row !== undefined;
    },
    async releaseLease(name, owner) {
      await db.deleteFrom('leases').where('name', '=', name).where('owner', '=', owner).execute();
    },
  };
}

export function createSqlDedupeStore(db: Kysely<Database>): DedupeStore {
  return {
    async find(key, now) {
      const row = await db.selectFrom('dedupe_keys').select('execution_id').where('key', '=', key).where('expires_at', '>', now).executeTakeFirst();
      return row?.execution_id;
    },
    async prune(now) {
      const result = await db.deleteFrom('dedupe_keys').where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export function createSqlSettingsStore(db: Kysely<Database>): SettingsStore {
  return {
    async get(key) {
      const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
      return row === undefined ? undefined : JSON.parse(row.value);
    },
    async set(key, value) {
      const text = JSON.stringify(value);
      await db
        .insertInto('settings')
        .values({ key, value: text })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: text }))
        .execute();
    },
  };
}
