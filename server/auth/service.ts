import { randomUUID } from 'node:crypto';
import type { ApiKey, AuthStore, User } from '../store/types.js';
import { hashPassword, verifyPassword } from './password.js';
import { RateLimiter } from './rate-limit.js';
import { hashToken, newToken } from './tokens.js';
import { safeEqual } from '../triggers/signature.js';

/**
 * Accounts, sessions and API keys. The owner account is created once (`setup`) while no user exists; sessions
 * and API keys are random tokens stored only as hashes. `FLOWWERK_API_KEY` is accepted alongside stored keys.
 */

export interface PublicUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: User['role'];
}

export interface PublicApiKey {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
}

/** Who made a request. `env` is the FLOWWERK_API_KEY, which belongs to no stored user. */
export type Principal =
  | { readonly kind: 'session'; readonly user: PublicUser; readonly sessionHash: string }
  | { readonly kind: 'apiKey'; readonly user: PublicUser; readonly keyId: string }
  | { readonly kind: 'env' };

export type LoginResult =
  | { readonly status: 'ok'; readonly user: PublicUser; readonly sessionToken: string; readonly expiresAt: number }
  | { readonly status: 'invalid' }
  | { readonly status: 'rate_limited'; readonly retryAfterSeconds: number };

export type SetupResult =
  | { readonly status: 'ok'; readonly user: PublicUser; readonly sessionToken: string; readonly expiresAt: number }
  | { readonly status: 'done' }
  | { readonly status: 'bad_token' };

export interface AuthServiceOptions {
  readonly store: AuthStore;
  readonly envApiKey?: string;
  readonly sessionTtlMs?: number;
  /** Login attempts per client per minute. */
  readonly loginRateLimit?: number;
  readonly now?: () => number;
}

export interface AuthService {
  /** True while no user exists. */
  setupRequired(): Promise<boolean>;
  /** A token for the one-time setup link (valid until setup is done or the process ends). */
  readonly setupToken: string;
  checkSetupToken(token: string): boolean;
  setup(input: { readonly email: string; readonly name?: string; readonly password: string }): Promise<SetupResult>;
  login(input: { readonly email: string; readonly password: string; readonly client: string }): Promise<LoginResult>;
  logout(sessionToken: string): Promise<void>;
  /** The principal for a session cookie token or an `X-API-Key` value, or undefined. */
  fromSession(token: string): Promise<Principal | undefined>;
  fromApiKey(key: string): Promise<Principal | undefined>;
  createApiKey(userId: string, name: string): Promise<PublicApiKey & { readonly key: string }>;
  listApiKeys(userId: string): Promise<readonly PublicApiKey[]>;
  deleteApiKey(userId: string, id: string): Promise<boolean>;
  readonly sessionTtlMs: number;
}

export function publicUser(user: User): PublicUser {
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

function publicKey(key: ApiKey): PublicApiKey {
  return { id: key.id, name: key.name, prefix: key.prefix, createdAt: key.createdAt, lastUsedAt: key.lastUsedAt };
}

/** A hash to verify against when the email is unknown, so both cases take the same time. */
let dummyHash: Promise<string> | undefined;

export function createAuthService(options: AuthServiceOptions): AuthService {
  const store = options.store;
  const now = options.now ?? Date.now;
  const sessionTtlMs = options.sessionTtlMs ?? 7 * 24 * 3600_000;
  const limiter = new RateLimiter(options.loginRateLimit ?? 10, 60_000, now);
  const setupToken = newToken('', 24);
  let setupFinished = false;

  async function startSession(user: User): Promise<{ sessionToken: string; expiresAt: number }> {
    const sessionToken = newToken('fws_');
    const createdAt = now();
    const expiresAt = createdAt + sessionTtlMs;
    await store.createSession({ idHash: hashToken(sessionToken), userId: user.id, createdAt, expiresAt });
    return { sessionToken, expiresAt };
  }

  return {
    setupToken,
    sessionTtlMs,
    async setupRequired() {
      if (setupFinished) return false;
      const required = (await store.countUsers()) === 0;
      if (!required) setupFinished = true;
      return required;
    },
    checkSetupToken(token) {
      return !setupFinished && safeEqual(token, setupToken);
    },
    async setup(input) {
      if ((await store.countUsers()) > 0) {
        setupFinished = true;
        return { status: 'done' };
      }
      const user: User = {
        id: randomUUID(),
        email: input.email.trim().toLowerCase(),
        name: input.name?.trim() || input.email.split('@')[0] || 'Owner',
        passwordHash: await hashPassword(input.password),
        role: 'owner',
        createdAt: now(),
      };
      // Two concurrent setups: the store's unique email or our recount lets only one owner exist.
      if ((await store.countUsers()) > 0) return { status: 'done' };
      await store.createUser(user);
      setupFinished = true;
      return { status: 'ok', user: publicUser(user), ...(await startSession(user)) };
    },
    async login(input) {
      const verdict = limiter.take(input.client);
      if (!verdict.allowed) return { status: 'rate_limited', retryAfterSeconds: verdict.retryAfterSeconds };
      const user = await store.getUserByEmail(input.email.trim().toLowerCase());
      if (user === undefined) {
        dummyHash ??= hashPassword('flowwerk-dummy-password');
        await verifyPassword(input.password, await dummyHash);
        return { status: 'invalid' };
      }
      if (!(await verifyPassword(input.password, user.passwordHash))) return { status: 'invalid' };
      return { status: 'ok', user: publicUser(user), ...(await startSession(user)) };
    },
    async logout(sessionToken) {
      await store.deleteSession(hashToken(sessionToken));
    },
    async fromSession(token) {
      const sessionHash = hashToken(token);
      const session = await store.getSession(sessionHash, now());
      if (session === undefined) return undefined;
      const user = await store.getUser(session.userId);
      return user === undefined ? undefined : { kind: 'session', user: publicUser(user), sessionHash };
    },
    async fromApiKey(key) {
      if (options.envApiKey !== undefined && safeEqual(key, options.envApiKey)) return { kind: 'env' };
      const stored = await store.findApiKey(hashToken(key));
      if (stored === undefined) return undefined;
      const user = await store.getUser(stored.userId);
      if (user === undefined) return undefined;
      // lastUsedAt is informational: at most one write per key per minute.
      if (stored.lastUsedAt === null || now() - stored.lastUsedAt > 60_000) await store.touchApiKey(stored.id, now());
      return { kind: 'apiKey', user: publicUser(user), keyId: stored.id };
    },
    async createApiKey(userId, name) {
      const key = newToken('fwk_');
      const record: ApiKey = { id: randomUUID(), userId, name, keyHash: hashToken(key), prefix: key.slice(0, 10), createdAt: now(), lastUsedAt: null };
      await store.createApiKey(record);
      return { ...publicKey(record), key };
    },
    async listApiKeys(userId) {
      return (await store.listApiKeys(userId)).map(publicKey);
    },
    async deleteApiKey(userId, id) {
      const owned = (await store.listApiKeys(userId)).some((key) => key.id === id);
      return owned ? store.deleteApiKey(id) : false;
    },
  };
}
