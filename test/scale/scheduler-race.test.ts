import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from '../../server/store/index.js';
import { Scheduler, type ScheduleTrigger } from '../../server/triggers/index.js';

/**
 * A second process registering a schedule just as the first one's tick comes due must not claim that tick as
 * "missed" (and skip it): the tick fires exactly once, from whichever process claims it.
 */

class ManualClock {
  now = Date.UTC(2026, 0, 5, 10, 0, 0, 300);
  private timers: { at: number; callback: () => void; cancelled: boolean }[] = [];
  setTimer = (callback: () => void, ms: number) => {
    const timer = { at: this.now + ms, callback, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => { timer.cancelled = true; } };
  };
  /** Runs every timer due at `now` (and those they arm for `now`). */
  async runDue(): Promise<void> {
    for (let guard = 0; guard < 1000; guard++) {
      const due = this.timers.find((t) => !t.cancelled && t.at <= this.now);
      if (due === undefined) return;
      due.cancelled = true;
      due.callback();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

const silent = { info() {}, warn() {}, error() {} };
const trigger: ScheduleTrigger = { nodeId: 'tick', spec: { everySeconds: 1, missed: 'skip' } };

let dir: string;
let store: Store;
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'flowwerk-sched-race-'));
  store = await openSqliteStore({ dataDir: dir });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('scheduler start-up race', () => {
  it('a tick that is due (not missed) when a second scheduler starts fires exactly once', async () => {
    const clock = new ManualClock();
    const fired: { by: string; tick: number }[] = [];
    const make = (by: string): Scheduler =>
      new Scheduler({ store: store.triggers, logger: silent, now: () => clock.now, setTimer: clock.setTimer, fire: async (_w, _n, tick) => { fired.push({ by, tick }); } });
    const a = make('a');
    await a.set('wf', [trigger], undefined);
    const start = clock.now;
    // a fires the first tick normally.
    clock.now = Math.ceil(start / 1000) * 1000;
    await clock.runDue();
    const first = clock.now;
    expect(fired).toEqual([{ by: 'a', tick: first }]);

    // The next tick is due, a's timer has not run yet, and b registers right now.
    clock.now = first + 1000 + 5;
    const b = make('b');
    await b.set('wf', [trigger], undefined);
    await clock.runDue();
    expect(fired.filter((f) => f.tick === first + 1000)).toHaveLength(1);

    // And the ticks after it fire once each.
    for (let step = 2; step <= 4; step++) {
      clock.now = first + step * 1000;
      await clock.runDue();
    }
    expect(fired.map((f) => f.tick)).toEqual([first, first + 1000, first + 2000, first + 3000, first + 4000]);
    a.stop();
    b.stop();
  });

  it('still skips ticks missed longer ago under the skip policy', async () => {
    const clock = new ManualClock();
    const fired: number[] = [];
    const make = (): Scheduler =>
      new Scheduler({ store: store.triggers, logger: silent, now: () => clock.now, setTimer: clock.setTimer, fire: async (_w, _n, tick) => { fired.push(tick); } });
    const every10: ScheduleTrigger = { nodeId: 'tick', spec: { everySeconds: 10, missed: 'skip' } };
    const a = make();
    await a.set('wf', [every10], undefined);
    a.stop();
    // Down over the ticks at :10, :20 and :30; restarted 5.3 s after the last one.
    clock.now += 35_000;
    const b = make();
    await b.set('wf', [every10], undefined);
    await clock.runDue();
    expect(fired).toEqual([]);
    clock.now = Math.ceil(clock.now / 10_000) * 10_000;
    await clock.runDue();
    expect(fired).toEqual([clock.now]);
    b.stop();
  });
});
