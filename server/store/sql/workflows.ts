import type { Kysely, Selectable } from 'kysely';
import type { Workflow } from '../../engine/workflow/schema.js';
import { StoreError, type StoredWorkflow, type WorkflowStore, type WorkflowSummary } from '../types.js';
import { decodeCursor, num, pageLimit, toPage } from './codec.js';
import type { Database, WorkflowsTable } from './schema.js';
import type { Transact } from './transact.js';

type Identified = Workflow & { readonly id: string };

function summary(row: Selectable<WorkflowsTable>): WorkflowSummary {
  return {
    id: row.id,
    name: row.name,
    active: num(row.active) === 1,
    version: num(row.version),
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}

/** Workflows with versions in portable kysely queries. Every save writes a new `workflow_versions` row. */
export function createSqlWorkflowStore(db: Kysely<Database>, transact: Transact, now: () => number): WorkflowStore {
  async function withData(row: Selectable<WorkflowsTable>): Promise<StoredWorkflow> {
    const version = await db
      .selectFrom('workflow_versions')
      .select('data')
      .where('workflow_id', '=', row.id)
      .where('version', '=', row.version)
      .executeTakeFirstOrThrow();
    return { ...summary(row), workflow: JSON.parse(version.data) as Identified };
  }

  const store: WorkflowStore = {
    async create(workflow, options) {
      const at = now();
      const row: WorkflowsTable = {
        id: workflow.id,
        name: workflow.name,
        active: options?.active === true ? 1 : 0,
        version: 1,
        created_at: at,
        updated_at: at,
      };
      await transact(async (trx) => {
        const taken = await trx.selectFrom('workflows').select('id').where('id', '=', workflow.id).executeTakeFirst();
        if (taken !== undefined) throw new StoreError('CONFLICT', `workflow id "${workflow.id}" is taken`);
        await trx.insertInto('workflows').values(row).execute();
        await trx
          .insertInto('workflow_versions')
          .values({ workflow_id: workflow.id, version: 1, data: JSON.stringify(workflow), created_at: at })
          .execute();
      });
      return { ...summary(row), workflow };
    },
    async save(id, workflow) {
      const at = now();
      const stored: Identified = { ...workflow, id };
      const version = await transact(async (trx) => {
        const current = await trx.selectFrom('workflows').select('version').where('id', '=', id).executeTakeFirst();
        if (current === undefined) throw new StoreError('NOT_FOUND', `workflow "${id}" not found`);
        const next = num(current.version) + 1;
        await trx
          .insertInto('workflow_versions')
          .values({ workflow_id: id, version: next, data: JSON.stringify(stored), created_at: at })
          .execute();
        await trx.updateTable('workflows').set({ version: next, name: stored.name, updated_at: at }).where('id', '=', id).execute();
        return next;
      });
      const row = await db.selectFrom('workflows').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      return { ...summary({ ...row, version }), workflow: stored };
    },
    async get(id) {
      const row = await db.selectFrom('workflows').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : withData(row);
    },
    async getVersion(id, version) {
      const row = await db
        .selectFrom('workflow_versions')
        .selectAll()
        .where('workflow_id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      return { workflowId: id, version: num(row.version), createdAt: num(row.created_at), workflow: JSON.parse(row.data) as Identified };
    },
    async listVersions(id, page) {
      const limit = pageLimit(page);
      const after = decodeCursor(page?.cursor);
      let query = db
        .selectFrom('workflow_versions')
        .select(['workflow_id', 'version', 'created_at'])
        .where('workflow_id', '=', id)
        .orderBy('version', 'desc')
        .limit(limit + 1);
      if (after !== undefined) query = query.where('version', '<', Number(after));
      const rows = await query.execute();
      return toPage(rows, limit, (row) => String(row.version), (row) => ({
        workflowId: row.workflow_id,
        version: num(row.version),
        createdAt: num(row.created_at),
      }));
    },
    async list(query) {
      const limit = pageLimit(query);
      const after = decodeCursor(query?.cursor);
      let select = db.selectFrom('workflows').selectAll().orderBy('id', 'asc').limit(limit + 1);
      if (after !== undefined) select = select.where('id', '>', after);
      if (query?.active !== undefined) select = select.where('active', '=', query.active ? 1 : 0);
      const rows = await select.execute();
      return toPage(rows, limit, (row) => row.id, summary);
    },
    async listActive() {
      const rows = await db
        .selectFrom('workflows')
        .innerJoin('workflow_versions', (join) =>
          join.onRef('workflow_versions.workflow_id', '=', 'workflows.id').onRef('workflow_versions.version', '=', 'workflows.version'),
        )
        .selectAll('workflows')
        .select('workflow_versions.data')
        .where('workflows.active', '=', 1)
        .orderBy('workflows.id')
        .execute();
      return rows.map((row) => ({ ...summary(row), workflow: JSON.parse(row.data) as Identified }));
    },
    async setActive(id, active) {
      const result = await db
        .updateTable('workflows')
        .set({ active: active ? 1 : 0, updated_at: now() })
        .where('id', '=', id)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw new StoreError('NOT_FOUND', `workflow "${id}" not found`);
      const stored = await store.get(id);
      if (stored === undefined) throw new StoreError('NOT_FOUND', `workflow "${id}" not found`);
      return stored;
    },
    async delete(id) {
      return transact(async (trx) => {
        await trx.deleteFrom('workflow_versions').where('workflow_id', '=', id).execute();
        await trx.deleteFrom('trigger_state').where('workflow_id', '=', id).execute();
        const result = await trx.deleteFrom('workflows').where('id', '=', id).executeTakeFirst();
        return result.numDeletedRows > 0n;
      });
    },
  };
  return store;
}
