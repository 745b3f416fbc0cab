import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../server/store/types.js';
import { backends } from './backends.js';

describe.each(backends)('auth, trigger state, settings ($name)', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    ({ store, dispose } = await backend.open());
  });
  afterEach(async () => dispose());

  it('claims each schedule tick exactly once, later ticks only forward', async () => {
    expect(await store.triggers.lastTick('wf', 'cron')).toBeNull();
    const claims = await Promise.all([1, 2, 3, 4].map(() => store.triggers.claimTick('wf', 'cron', 60_000)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store.triggers.claimTick('wf', 'cron', 30_000)).toBe(false);
    expect(await store.triggers.claimTick('wf', 'cron', 120_000)).toBe(true);
    expect(await store.triggers.lastTick('wf', 'cron')).toBe(120_000);
    await store.triggers.clear('wf');
    expect(await store.triggers.lastTick('wf', 'cron')).toBeNull();
  });

  it('grants a lease to one owner until it expires or is released', async () => {
    expect(await store.triggers.acquireLease('scheduler', 'a', 1_000, 10_000)).toBe(true);
    expect(await store.triggers.acquireLease('scheduler', 'b', 5_000, 10_000)).toBe(false);
    expect(await store.triggers.acquireLease('scheduler', 'a', 5_000, 10_000)).toBe(true);
    expect(await store.triggers.acquireLease('scheduler', 'b', 15_001, 10_000)).toBe(true);
    await store.triggers.releaseLease('scheduler', 'b');
    expect(await store.triggers.acquireLease('scheduler', 'a', 15_002, 10_000)).toBe(true);
  });

  it('keeps users, sessions and API keys', async () => {
    expect(await store.auth.countUsers()).toBe(0);
    await store.auth.createUser({ id: 'u1', email: 'Owner@Shop.test', name: 'Owner', passwordHash: 'scrypt$x', role: 'owner', createdAt: 1 });
    await expect(store.auth.createUser({ id: 'u2', email: 'owner@shop.test', name: 'X', passwordHash: 'h', role: 'member', createdAt: 1 })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await store.auth.getUserByEmail('OWNER@shop.test'))?.id).toBe('u1');
    await store.auth.updatePassword('u1', 'scrypt$y');
    expect((await store.auth.getUser('u1'))?.passwordHash).toBe('scrypt$y');
    await store.auth.createSession({ idHash: 'h1', userId: 'u1', createdAt: 1, expiresAt: 100 });
    expect((await store.auth.getSession('h1', 50))?.userId).toBe('u1');
    expect(await store.auth.getSession('h1', 100)).toBeUndefined();
    expect(await store.auth.pruneSessions(100)).toBe(1);
    await store.auth.createApiKey({ id: 'k1', userId: 'u1', name: 'ci', keyHash: 'kh', prefix: 'fw_ab', createdAt: 1, lastUsedAt: null });
    await store.auth.touchApiKey('k1', 77);
    expect(await store.auth.findApiKey('kh')).toMatchObject({ id: 'k1', lastUsedAt: 77 });
    expect(await store.auth.listApiKeys('u1')).toHaveLength(1);
    expect(await store.auth.deleteApiKey('k1')).toBe(true);
    expect(await store.auth.findApiKey('kh')).toBeUndefined();
  });

  it('stores settings as JSON and answers ping', async () => {
    expect(await store.settings.get('missing')).toBeUndefined();
    await store.settings.set('prune', { maxAgeDays: 14 });
    await store.settings.set('prune', { maxAgeDays: 7 });
    expect(await store.settings.get('prune')).toEqual({ maxAgeDays: 7 });
    await expect(store.ping()).resolves.toBeUndefined();
  });
});
