import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Runs `fn` in one transaction. The SQLite store tracks them so its synchronous fast path never writes inside one. */
export interface Transact {
  <T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
  /** Resolves when no transaction started through this function is open. */
  idle(): Promise<void>;
}

export function createTransact(db: Kysely<Database>): Transact {
  let open = 0;
  let waiters: (() => void)[] = [];
  const transact = async <T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> => {
    open++;
    try {
      return await db.transaction().execute(fn);
    } finally {
      open--;
      if (open === 0) {
        const release = waiters;
        waiters = [];
        for (const resolve of release) resolve();
      }
    }
  };
  transact.idle = (): Promise<void> => (open === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve)));
  return transact;
}
