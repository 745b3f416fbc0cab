import { Migrator, PostgresAdapter, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

/**
 * Versioned migrations, portable between SQLite and PostgreSQL (schema builder only, no dialect SQL). Append new
 * ones with the next number; never edit a released one. Run at start by `migrate`.
 */
const migrations: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('workflows')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('workflow_versions')
        .addColumn('workflow_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('workflow_versions_pk', ['workflow_id', 'version'])
        .execute();
      await db.schema
        .createTable('executions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workflow_id', 'text', (c) => c.notNull())
        .addColumn('workflow_version', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('started_at', 'bigint')
        .addColumn('finished_at', 'bigint')
        .addColumn('resume_at', 'bigint')
        .addColumn('error', 'text')
        .addColumn('retry_of', 'text')
        .addColumn('parent_execution_id', 'text')
        .addColumn('trigger_node_id', 'text', (c) => c.notNull())
        .addColumn('trigger_items', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('executions_workflow_idx').on('executions').columns(['workflow_id', 'id']).execute();
      await db.schema.createIndex('executions_status_idx').on('executions').columns(['status', 'id']).execute();
      // Partial: only parked executions are in it, so runs that never wait do not write it.
      await db.schema.createIndex('executions_resume_idx').on('executions').column('resume_at').where(sql.ref('status'), '=', 'waiting').execute();
      await db.schema
        .createTable('execution_nodes')
        .addColumn('execution_id', 'text', (c) => c.notNull())
        .addColumn('node_id', 'text', (c) => c.notNull())
        .addColumn('order_index', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('bytes', 'integer', (c) => c.notNull())
        .addColumn('truncated', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('execution_nodes_pk', ['execution_id', 'node_id'])
        .execute();
      await db.schema
        .createTable('dedupe_keys')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('execution_id', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('dedupe_keys_expires_idx').on('dedupe_keys').column('expires_at').execute();
      await db.schema
        .createTable('credentials')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('key_hash', 'text', (c) => c.notNull().unique())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('last_used_at', 'bigint')
        .execute();
      await db.schema
        .createTable('trigger_state')
        .addColumn('workflow_id', 'text', (c) => c.notNull())
        .addColumn('node_id', 'text', (c) => c.notNull())
        .addColumn('last_tick', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('trigger_state_pk', ['workflow_id', 'node_id'])
        .execute();
      await db.schema
        .createTable('leases')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0002_commerce': {
    // Stock ledger (quantity per SKU, history, one row per idempotency key) and the order history of the order triggers.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('stock')
        .addColumn('sku', 'text', (c) => c.primaryKey())
        .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity >= 0`))
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('stock_history')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('delta', 'integer', (c) => c.notNull())
        .addColumn('quantity_after', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('execution_id', 'text')
        .addColumn('idempotency_key', 'text')
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('stock_history_sku_idx').on('stock_history').columns(['sku', 'at']).execute();
      await db.schema
        .createTable('stock_changes')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('result', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('orders')
        .addColumn('shop', 'text', (c) => c.notNull())
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('order_number', 'text', (c) => c.notNull())
        .addColumn('customer_email', 'text', (c) => c.notNull())
        .addColumn('customer_first_name', 'text', (c) => c.notNull())
        .addColumn('customer_last_name', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('lines', 'text', (c) => c.notNull())
        .addColumn('shipping_address', 'text')
        .addColumn('total_net', 'double precision', (c) => c.notNull())
        .addColumn('total_tax', 'double precision', (c) => c.notNull())
        .addColumn('total_gross', 'double precision', (c) => c.notNull())
        .addColumn('total_shipping', 'double precision', (c) => c.notNull())
        .addColumn('execution_id', 'text')
        .addColumn('recorded_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('orders_pk', ['shop', 'order_id'])
        .execute();
      await db.schema.createIndex('orders_customer_idx').on('orders').columns(['customer_email', 'created_at']).execute();
      await db.schema
        .createTable('order_lines')
        .addColumn('shop', 'text', (c) => c.notNull())
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('line_no', 'integer', (c) => c.notNull())
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('qty', 'integer', (c) => c.notNull())
        .addColumn('unit_price', 'double precision', (c) => c.notNull())
        .addPrimaryKeyConstraint('order_lines_pk', ['shop', 'order_id', 'line_no'])
        .execute();
      await db.schema.createIndex('order_lines_sku_idx').on('order_lines').columns(['sku', 'shop', 'order_id']).execute();
    },
  },
  '0003_execution_leases': {
    // Queue mode: the worker that runs an execution holds its lease until `lease_until` (renewed while running).
    async up(db: Kysely<any>) {
      await db.schema.alterTable('executions').addColumn('lease_owner', 'text').execute();
      await db.schema.alterTable('executions').addColumn('lease_until', 'bigint').execute();
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema to the latest version; throws with the failing migration's name. */
export async function migrate(db: Kysely<any>): Promise<void> {
  // On PostgreSQL the migration tables are looked up in the connection's schema: kysely otherwise finds them in
  // any schema of the database (another store's, a test's) and skips creating its own.
  const schema = db.getExecutor().adapter instanceof PostgresAdapter
    ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
    : undefined;
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'flowwerk_migrations',
    migrationLockTableName: 'flowwerk_migrations_lock',
    ...(schema !== undefined && { migrationTableSchema: schema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
