import { describe, expect, it } from 'vitest';
import { startPruning } from '../../server/executions/pruning.js';
import { openSqliteStore } from '../../server/store/sqlite/open.js';
import { tempDir } from './harness.js';

describe('pruning', () => {
  it('deletes finished executions by age and count, keeps live ones, and re-arms its timer', async () => {
    let clock = 100_000;
    const store = await openSqliteStore({ dataDir: tempDir(), now: () => clock });
    const base = { workflowId: 'wf', workflowVersion: 1, mode: 'manual' as const, triggerNodeId: 'start', triggerItems: [] };
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock += 1000;
      const created = await store.executions.create(base);
      if (created.status === 'created') ids.push(created.execution.id);
    }
    for (const [index, id] of ids.slice(0, 4).entries()) await store.executions.finish(id, { status: 'success', finishedAt: index === 0 ? 1_000 : clock });
    const timers: number[] = [];
    const pruning = startPruning(store, { maxAgeMs: 50_000, maxCount: 2, intervalMs: 60_000, now: () => clock, setTimer: (_cb, ms) => (timers.push(ms), { cancel() {} }) });
    expect(await pruning.runOnce()).toBe(0);
    const left = (await store.executions.list()).data.map((e) => e.id);
    expect(left).toEqual([ids[4], ids[3], ids[2]]);
    expect(timers).toEqual([60_000]);
    pruning.stop();
    await store.close();
  });
});
