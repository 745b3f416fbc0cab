import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropPostgresSchema, openPostgresStore } from '../../server/store/postgres/open.js';
import { openSqliteStore } from '../../server/store/sqlite/open.js';
import type { Store } from '../../server/store/types.js';

/** The store backends every store test runs against: SQLite in a temp dir, PostgreSQL (127.0.0.1, db `test`) in a fresh schema. */
export const PG_URL = process.env.FLOWWERK_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface Backend {
  readonly name: 'sqlite' | 'postgres';
  open(now?: () => number): Promise<{ store: Store; dispose(): Promise<void>; dataDir: string }>;
}

let counter = 0;

export const backends: readonly Backend[] = [
  {
    name: 'sqlite',
    async open(now) {
      const dataDir = mkdtempSync(join(tmpdir(), 'flowwerk-store-'));
      const store = await openSqliteStore({ dataDir, ...(now !== undefined && { now }) });
      return {
        store,
        dataDir,
        async dispose() {
          await store.close();
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'postgres',
    async open(now) {
      const schema = `t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
      const store = await openPostgresStore({ databaseUrl: PG_URL, schema, ...(now !== undefined && { now }) });
      return {
        store,
        dataDir: '',
        async dispose() {
          await store.close();
          await dropPostgresSchema(PG_URL, schema);
        },
      };
    },
  },
];
