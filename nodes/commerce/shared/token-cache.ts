import { createHash } from 'node:crypto';

/** A token as an OAuth-style endpoint issues it. */
export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresInSeconds: number;
}

interface Entry {
  readonly accessToken: string;
  readonly expiresAt: number;
}

/**
 * Access tokens kept in this process until shortly before they expire, by key (see `tokenCacheKey`).
 * - `get` returns a cached token while `now < expiresAt - margin` (margin: 60 s, or a tenth of the lifetime for
 *   short-lived tokens); otherwise it calls `issue` once, also when several callers ask at the same moment.
 * - Times are the caller's clock (`ctx.now()`), so tests control expiry.
 * - `invalidate` drops a token the API rejected (revoked, clock skew), so the next `get` issues a new one.
 * - A failed `issue` caches nothing.
 */
export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<Entry>>();

  async get(key: string, now: number, issue: () => Promise<IssuedToken>): Promise<string> {
    const cached = this.entries.get(key);
    if (cached !== undefined && now < cached.expiresAt) return cached.accessToken;
    let pending = this.pending.get(key);
    if (pending === undefined) {
      pending = issue()
        .then((issued) => {
          const lifetimeMs = Math.max(0, issued.expiresInSeconds * 1000);
          const entry = { accessToken: issued.accessToken, expiresAt: now + lifetimeMs - Math.min(60_000, lifetimeMs / 10) };
          this.entries.set(key, entry);
          return entry;
        })
        .finally(() => this.pending.delete(key));
      this.pending.set(key, pending);
    }
    return (await pending).accessToken;
  }

  /** Forgets `accessToken` under `key` (only that token: a newer one issued meanwhile stays). */
  invalidate(key: string, accessToken: string): void {
    if (this.entries.get(key)?.accessToken === accessToken) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** A cache key from the token endpoint and the credential's identity and secrets; secrets never appear in it. */
export function tokenCacheKey(...parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${part.length}:${part}`);
  return hash.digest('base64url');
}
