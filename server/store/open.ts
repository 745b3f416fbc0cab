import { openPostgresStore } from './postgres/open.js';
import { openSqliteStore } from './sqlite/open.js';
import type { OpenStoreOptions, Store } from './types.js';

/** SQLite in `dataDir` unless `databaseUrl` is a `postgres://` / `postgresql://` URL. Migrates before resolving. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const url = options.databaseUrl;
  if (url !== undefined && url !== '') {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new Error('FLOWWERK_DATABASE_URL must start with postgres:// or postgresql://');
    return openPostgresStore({ databaseUrl: url, ...(options.schema !== undefined && { schema: options.schema }), ...(options.now !== undefined && { now: options.now }) });
  }
  return openSqliteStore({ dataDir: options.dataDir, ...(options.now !== undefined && { now: options.now }) });
}
