import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { migrate } from '../sql/migrations.js';
import type { Database } from '../sql/schema.js';
import { createSqlStores } from '../sql/stores.js';
import { createTransact } from '../sql/transact.js';
import type { Store } from '../types.js';
import { startCheckpointer } from './checkpointer.js';
import { createFastSqliteExecutionStore } from './fast-executions.js';

/**
 * Opens (creating if needed) `<dataDir>/flowwerk.sqlite` and migrates it. WAL with `synchronous=NORMAL`: a commit
 * survives a crash of the process (kill -9 included); only a power loss or OS crash can lose the last commits.
 */
export async function openSqliteStore(options: { readonly dataDir: string; readonly now?: () => number; readonly fileName?: string }): Promise<Store> {
  mkdirSync(options.dataDir, { recursive: true });
  const file = join(options.dataDir, options.fileName ?? 'flowwerk.sqlite');
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  // Checkpoints run in a worker (see checkpointer); this is only the safety net (~80 MB of WAL).
  sqlite.pragma('wal_autocheckpoint = 20000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    await migrate(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const checkpointer = startCheckpointer(file);
  const now = options.now ?? Date.now;
  const transact = createTransact(db);
  const stores = createSqlStores(db, transact, now);
  return {
    dialect: 'sqlite',
    ...stores,
    executions: createFastSqliteExecutionStore(sqlite, stores.executions, transact, now),
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await transact.idle();
      await checkpointer.stop();
      await db.destroy();
    },
  };
}
