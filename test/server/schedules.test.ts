import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from '../../server/store/index.js';
import { Scheduler, latestTickBetween, tickSource, type ScheduleTrigger } from '../../server/triggers/index.js';
import { API_KEY, createHarness } from './harness.js';

/** A manual clock: timers fire only when `advance` passes their time. */
class FakeClock {
  now = Date.UTC(2026, 0, 5, 10, 0, 0);
  private timers: { at: number; callback: () => void; cancelled: boolean }[] = [];
  setTimer = (callback: () => void, ms: number) => {
    const timer = { at: this.now + ms, callback, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => { timer.cancelled = true; } };
  };
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    for (let guard = 0; guard < 10_000; guard++) {
      const due = this.timers.filter((t) => !t.cancelled && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      this.now = Math.max(this.now, due.at);
      due.cancelled = true;
      due.callback();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    this.now = end;
  }
}

const silent = { info() {}, warn() {}, error() {} };
const every10: ScheduleTrigger = { nodeId: 'tick', spec: { everySeconds: 10, missed: 'skip' } };

let dir: string;
let store: Store;
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'flowwerk-sched-'));
  store = await openSqliteStore({ dataDir: dir });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function scheduler(clock: FakeClock, fired: number[]): Scheduler {
  return new Scheduler({
    store: store.triggers,
    logger: silent,
    now: () => clock.now,
    setTimer: clock.setTimer,
    fire: async (_workflowId, _nodeId, tick) => {
      fired.push(tick);
    },
  });
}

describe('schedules', () => {
  it('fires once per tick, also with two schedulers on the same store', async () => {
    const clock = new FakeClock();
    const fired: number[] = [];
    const a = scheduler(clock, fired);
    const b = scheduler(clock, fired);
    await a.set('wf', [every10], undefined);
    await b.set('wf', [every10], undefined);
    await clock.advance(35_000);
    expect(fired).toEqual([clock.now - 35_000 + 10_000, clock.now - 35_000 + 20_000, clock.now - 35_000 + 30_000]);
    a.stop();
    b.stop();
  });

  it('after a restart, skips missed ticks or runs the latest once, per policy', async () => {
    for (const missed of ['skip', 'runOnce'] as const) {
      const clock = new FakeClock();
      const fired: number[] = [];
      const first = scheduler(clock, fired);
      const trigger: ScheduleTrigger = { nodeId: `tick-${missed}`, spec: { everySeconds: 10, missed } };
      await first.set('wf', [trigger], undefined);
      await clock.advance(10_000);
      expect(fired).toHaveLength(1);
      first.stop();
      // Down for 45 s: four ticks missed.
      clock.now += 45_000;
      const restarted = scheduler(clock, fired);
      await restarted.set('wf', [trigger], undefined);
      const expectedMissed = Math.floor(clock.now / 10_000) * 10_000;
      expect(fired).toEqual(missed === 'runOnce' ? [fired[0], expectedMissed] : [fired[0]]);
      await clock.advance(10_000);
      expect(fired.at(-1)).toBe(expectedMissed + 10_000);
      restarted.stop();
    }
  });

  it('computes cron ticks in the trigger time zone', () => {
    const source = tickSource({ cron: '0 7 * * 1-5', timezone: 'Europe/Berlin', missed: 'skip' }, undefined);
    // Friday 2026-01-09 12:00 UTC → next weekday 07:00 Berlin is Monday 06:00 UTC.
    expect(new Date(source.next(Date.UTC(2026, 0, 9, 12)) ?? 0).toISOString()).toBe('2026-01-12T06:00:00.000Z');
    const summer = tickSource({ cron: '0 7 * * *', missed: 'skip' }, 'Europe/Berlin');
    expect(new Date(summer.next(Date.UTC(2026, 6, 1, 12)) ?? 0).toISOString()).toBe('2026-07-02T05:00:00.000Z');
    expect(latestTickBetween(source, Date.UTC(2026, 0, 5), Date.UTC(2026, 0, 8, 12))).toBe(Date.UTC(2026, 0, 8, 6));
  });

  it('runs an active everySeconds workflow with { firedAt } and stops on deactivate', async () => {
    const h = await createHarness();
    try {
      await request(h.app).post('/api/v1/workflows').set('X-API-Key', API_KEY).send({
        id: 'sched',
        nodes: [{ id: 'tick', type: 'schedule', params: { everySeconds: 1 } }, { id: 'mark', type: 'set', params: { fields: { seen: true } } }],
        connections: [{ from: 'tick', to: 'mark' }],
      }).expect(201);
      await request(h.app).post('/api/v1/workflows/sched/activate').set('X-API-Key', API_KEY).expect(200);
      const deadline = Date.now() + 10_000;
      let runs = 0;
      while (Date.now() < deadline && runs < 2) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        runs = (await h.services.store.executions.list({ workflowId: 'sched' })).data.length;
      }
      expect(runs).toBeGreaterThanOrEqual(2);
      await request(h.app).post('/api/v1/workflows/sched/deactivate').set('X-API-Key', API_KEY).expect(200);
      const list = (await h.services.store.executions.list({ workflowId: 'sched' })).data;
      expect(list.every((e) => e.mode === 'schedule')).toBe(true);
      const first = await h.services.store.executions.get(list.at(-1)?.id ?? '');
      expect(String(first?.triggerItems[0]?.json.firedAt)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
      const after = list.length;
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect((await h.services.store.executions.list({ workflowId: 'sched' })).data.length).toBeLessThanOrEqual(after + 1);
    } finally {
      await h.close();
    }
  });
});
