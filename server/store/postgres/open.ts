import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { migrate } from '../sql/migrations.js';
import type { Database } from '../sql/schema.js';
import { createSqlStores } from '../sql/stores.js';
import { createTransact } from '../sql/transact.js';
import type { Store } from '../types.js';

const INT8_OID = 20;
/** Connecting gives up after this long (an unreachable host fails instead of hanging). */
const CONNECT_TIMEOUT_MS = 5_000;

/**
 * Opens the PostgreSQL store: the same kysely queries and migrations as SQLite. `schema` (default `public`) is
 * created if missing and set as the search path of every connection. int8 columns (timestamps) read as numbers.
 */
export async function openPostgresStore(options: { readonly databaseUrl: string; readonly schema?: string; readonly now?: () => number; readonly poolSize?: number }): Promise<Store> {
  const schema = options.schema ?? 'public';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid PostgreSQL schema name "${schema}"`);
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
  };
  let setup: pg.Client | undefined;
  try {
    setup = new pg.Client({ connectionString: options.databaseUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    await setup.connect();
    await setup.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } catch (error) {
    throw new Error(`PostgreSQL at FLOWWERK_DATABASE_URL is not usable: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await setup?.end().catch(() => undefined);
  }
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.poolSize ?? 10,
    options: `-c search_path="${schema}"`,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    types,
  });
  // An idle connection dropped by the server (restart, network cut) must not crash the process: the pool discards
  // it, and the next query reconnects or fails (callers answer 503 while the database is unreachable).
  // Checked-out connections get the same treatment (their queries fail with the error; kysely listens to neither).
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrate(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const now = options.now ?? Date.now;
  const transact = createTransact(db);
  return {
    dialect: 'postgres',
    ...createSqlStores(db, transact, now),
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
    },
  };
}

/** Drops a schema and everything in it (tests). */
export async function dropPostgresSchema(databaseUrl: string, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid PostgreSQL schema name "${schema}"`);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
