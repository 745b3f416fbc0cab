import type { Kysely } from 'kysely';
import type { Store } from '../types.js';
import { createSqlAuthStore } from './auth.js';
import { createSqlCredentialStore } from './credentials.js';
import { createSqlExecutionStore } from './executions.js';
import { createSqlOrderStore } from './orders.js';
import type { Database } from './schema.js';
import { createSqlStockStore } from './stock.js';
import type { Transact } from './transact.js';
import { createSqlDedupeStore, createSqlSettingsStore, createSqlTriggerStore } from './triggers.js';
import { createSqlWorkflowStore } from './workflows.js';

/** Every concern's store on one kysely instance (any dialect). */
export function createSqlStores(db: Kysely<Database>, transact: Transact, now: () => number): Omit<Store, 'dialect' | 'ping' | 'close'> {
  return {
    workflows: createSqlWorkflowStore(db, transact, now),
    executions: createSqlExecutionStore(db, transact, now),
    dedupe: createSqlDedupeStore(db),
    credentials: createSqlCredentialStore(db),
    auth: createSqlAuthStore(db),
    triggers: createSqlTriggerStore(db),
    settings: createSqlSettingsStore(db),
    stock: createSqlStockStore(db, transact, now),
    orders: createSqlOrderStore(db, transact),
  };
}
