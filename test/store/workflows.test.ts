import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { workflowSchema } from '../../server/engine/workflow/schema.js';
import { StoreError, type Store } from '../../server/store/types.js';
import { backends } from './backends.js';

function workflow(id: string, name = id) {
  return { ...workflowSchema.parse({ id, name, nodes: [{ id: 'start', type: 'manual' }] }), id };
}

describe.each(backends)('workflow store ($name)', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let clock = 1_000;

  beforeEach(async () => {
    clock = 1_000;
    ({ store, dispose } = await backend.open(() => clock));
  });
  afterEach(async () => dispose());

  it('creates version 1, keeps the id, refuses a taken id', async () => {
    const created = await store.workflows.create(workflow('orders'));
    expect(created).toMatchObject({ id: 'orders', version: 1, active: false, createdAt: 1_000 });
    await expect(store.workflows.create(workflow('orders'))).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await store.workflows.get('orders'))?.workflow.name).toBe('orders');
  });

  it('adds a version on every save and keeps old versions readable', async () => {
    await store.workflows.create(workflow('wf', 'first'));
    clock = 2_000;
    const saved = await store.workflows.save('wf', workflow('ignored', 'second'));
    expect(saved).toMatchObject({ id: 'wf', version: 2, name: 'second', updatedAt: 2_000 });
    expect(saved.workflow.id).toBe('wf');
    expect((await store.workflows.getVersion('wf', 1))?.workflow.name).toBe('first');
    expect((await store.workflows.getVersion('wf', 2))?.workflow.name).toBe('second');
    const versions = await store.workflows.listVersions('wf');
    expect(versions.data.map((v) => v.version)).toEqual([2, 1]);
    await expect(store.workflows.save('missing', workflow('missing'))).rejects.toBeInstanceOf(StoreError);
  });

  it('pages by cursor and filters active ones', async () => {
    for (const id of ['a', 'b', 'c', 'd', 'e']) await store.workflows.create(workflow(id), { active: id === 'b' || id === 'd' });
    const first = await store.workflows.list({ limit: 2 });
    expect(first.data.map((w) => w.id)).toEqual(['a', 'b']);
    const second = await store.workflows.list({ limit: 2, cursor: first.nextCursor });
    expect(second.data.map((w) => w.id)).toEqual(['c', 'd']);
    const third = await store.workflows.list({ limit: 2, cursor: second.nextCursor });
    expect(third).toEqual({ data: [expect.objectContaining({ id: 'e' })], nextCursor: null });
    expect((await store.workflows.list({ active: true })).data.map((w) => w.id)).toEqual(['b', 'd']);
    const active = await store.workflows.listActive();
    expect(active.map((w) => [w.id, w.workflow.id])).toEqual([['b', 'b'], ['d', 'd']]);
  });

  it('activates, deactivates and deletes', async () => {
    await store.workflows.create(workflow('x'));
    expect((await store.workflows.setActive('x', true)).active).toBe(true);
    expect((await store.workflows.get('x'))?.version).toBe(1);
    expect((await store.workflows.setActive('x', false)).active).toBe(false);
    await expect(store.workflows.setActive('nope', true)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await store.workflows.delete('x')).toBe(true);
    expect(await store.workflows.get('x')).toBeUndefined();
    expect(await store.workflows.getVersion('x', 1)).toBeUndefined();
    expect(await store.workflows.delete('x')).toBe(false);
  });

  it('rejects a malformed cursor', async () => {
    await expect(store.workflows.list({ cursor: 'not a cursor!' })).rejects.toMatchObject({ code: 'BAD_CURSOR' });
  });
});
