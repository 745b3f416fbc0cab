import type { Kysely, Selectable } from 'kysely';
import { StoreError, type ApiKey, type AuthStore, type User } from '../types.js';
import { num, numOrNull } from './codec.js';
import type { ApiKeysTable, Database, UsersTable } from './schema.js';

function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    passwordHash: row.password_hash,
    role: row.role === 'owner' ? 'owner' : 'member',
    createdAt: num(row.created_at),
  };
}

function toApiKey(row: Selectable<ApiKeysTable>): ApiKey {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    keyHash: row.key_hash,
    prefix: row.prefix,
    createdAt: num(row.created_at),
    lastUsedAt: numOrNull(row.last_used_at),
  };
}

/** Users, sessions (by token hash) and API keys (by key hash). Emails are stored lower-cased. */
export function createSqlAuthStore(db: Kysely<Database>): AuthStore {
  return {
    async countUsers() {
      const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
      return num(row.count);
    },
    async createUser(user) {
      const email = user.email.toLowerCase();
      const taken = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
      if (taken !== undefined) throw new StoreError('CONFLICT', `a user with email "${email}" exists`);
      await db
        .insertInto('users')
        .values({ id: user.id, email, name: user.name, password_hash: user.passwordHash, role: user.role, created_at: user.createdAt })
        .execute();
    },
    async getUser(id) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : toUser(row);
    },
    async getUserByEmail(email) {
      const row = await db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
      return row === undefined ? undefined : toUser(row);
    },
    async updatePassword(id, passwordHash) {
      const result = await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id).executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw new StoreError('NOT_FOUND', `user "${id}" not found`);
    },
    async createSession(session) {
      await db
        .insertInto('sessions')
        .values({ id_hash: session.idHash, user_id: session.userId, created_at: session.createdAt, expires_at: session.expiresAt })
        .execute();
    },
    async getSession(idHash, now) {
      const row = await db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).where('expires_at', '>', now).executeTakeFirst();
      if (row === undefined) return undefined;
      return { idHash: row.id_hash, userId: row.user_id, createdAt: num(row.created_at), expiresAt: num(row.expires_at) };
    },
    async deleteSession(idHash) {
      await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    },
    async pruneSessions(now) {
      const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async createApiKey(key) {
      await db
        .insertInto('api_keys')
        .values({
          id: key.id,
          user_id: key.userId,
          name: key.name,
          key_hash: key.keyHash,
          prefix: key.prefix,
          created_at: key.createdAt,
          last_used_at: key.lastUsedAt,
        })
        .execute();
    },
    async findApiKey(keyHash) {
      const row = await db.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
      return row === undefined ? undefined : toApiKey(row);
    },
    async touchApiKey(id, now) {
      await db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', id).execute();
    },
    async listApiKeys(userId) {
      const rows = await db.selectFrom('api_keys').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
      return rows.map(toApiKey);
    },
    async deleteApiKey(id) {
      const result = await db.deleteFrom('api_keys').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
