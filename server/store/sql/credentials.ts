import type { Kysely, Selectable } from 'kysely';
import { StoreError, type CredentialStore, type StoredCredential } from '../types.js';
import { decodeCursor, num, pageLimit, toPage } from './codec.js';
import type { CredentialsTable, Database } from './schema.js';

function fromRow(row: Selectable<CredentialsTable>): StoredCredential {
  return { id: row.id, name: row.name, type: row.type, encryptedData: row.data, createdAt: num(row.created_at), updatedAt: num(row.updated_at) };
}

/** Credential rows; `data` holds only the encrypted blob given by the credential service. */
export function createSqlCredentialStore(db: Kysely<Database>): CredentialStore {
  return {
    async create(credential) {
      await db
        .insertInto('credentials')
        .values({
          id: credential.id,
          name: credential.name,
          type: credential.type,
          data: credential.encryptedData,
          created_at: credential.createdAt,
          updated_at: credential.updatedAt,
        })
        .execute();
    },
    async update(id, changes) {
      const result = await db
        .updateTable('credentials')
        .set({
          updated_at: changes.updatedAt,
          ...(changes.name !== undefined && { name: changes.name }),
          ...(changes.encryptedData !== undefined && { data: changes.encryptedData }),
        })
        .where('id', '=', id)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw new StoreError('NOT_FOUND', `credential "${id}" not found`);
    },
    async get(id) {
      const row = await db.selectFrom('credentials').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },
    async list(page) {
      const limit = pageLimit(page);
      const after = decodeCursor(page?.cursor);
      let query = db.selectFrom('credentials').select(['id', 'name', 'type', 'created_at', 'updated_at']).orderBy('id').limit(limit + 1);
      if (after !== undefined) query = query.where('id', '>', after);
      if (page?.type !== undefined) query = query.where('type', '=', page.type);
      const rows = await query.execute();
      return toPage(rows, limit, (row) => row.id, (row) => ({
        id: row.id,
        name: row.name,
        type: row.type,
        createdAt: num(row.created_at),
        updatedAt: num(row.updated_at),
      }));
    },
    async delete(id) {
      const result = await db.deleteFrom('credentials').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
