import type { TriggerStore } from '../store/types.js';
import type { ScheduleTrigger } from './specs.js';
import { latestTickBetween, tickSource, type TickSource } from './ticks.js';

/**
 * Runs schedule triggers. Each tick is claimed in the store (`claimTick`) before it fires, so a tick fires once
 * even with a restart or a second process on the same store. On `set` (start, activation) ticks missed since the
 * last recorded one follow the trigger's policy: `skip` records the latest as handled, `runOnce` fires it once.
 */

export interface SchedulerLogger {
  info(data: Record<string, unknown>, message: string): void;
  warn(data: Record<string, unknown>, message: string): void;
  error(data: Record<string, unknown>, message: string): void;
}

export interface Timer {
  cancel(): void;
}

export interface SchedulerDeps {
  readonly store: TriggerStore;
  /** Starts one run for a claimed tick. */
  readonly fire: (workflowId: string, nodeId: string, tick: number) => Promise<void>;
  readonly logger: SchedulerLogger;
  readonly now?: () => number;
  readonly setTimer?: (callback: () => void, ms: number) => Timer;
  /** Longest single timer; longer waits re-arm (survives clock jumps). Default 60 s. */
  readonly maxTimerMs?: number;
}

/** A tick at most this old when a schedule is registered counts as due (fires now), not as missed. */
const DUE_GRACE_MS = 1_000;

interface Entry {
  readonly workflowId: string;
  readonly trigger: ScheduleTrigger;
  readonly source: TickSource;
  /** Arm for the first tick after this time. */
  readonly armFrom: number;
  timer: Timer | undefined;
  nextTick: number | undefined;
  stopped: boolean;
}

const defaultTimer = (callback: () => void, ms: number): Timer => {
  const handle = setTimeout(callback, ms);
  handle.unref?.();
  return { cancel: () => clearTimeout(handle) };
};

export class Scheduler {
  private readonly entries = new Map<string, Entry[]>();
  private readonly generation = new Map<string, number>();
  private readonly now: () => number;
  private readonly setTimer: (callback: () => void, ms: number) => Timer;
  private readonly maxTimerMs: number;
  private stopped = false;

  constructor(private readonly deps: SchedulerDeps) {
    this.now = deps.now ?? Date.now;
    this.setTimer = deps.setTimer ?? defaultTimer;
    this.maxTimerMs = deps.maxTimerMs ?? 60_000;
  }

  /** Replaces the schedules of a workflow (empty removes them), applying the missed-tick policy first. */
  async set(workflowId: string, schedules: readonly ScheduleTrigger[], defaultTimezone: string | undefined): Promise<void> {
    const generation = (this.generation.get(workflowId) ?? 0) + 1;
    this.generation.set(workflowId, generation);
    this.remove(workflowId, false);
    const entries: Entry[] = [];
    for (const trigger of schedules) {
      let source: TickSource;
      try {
        source = tickSource(trigger.spec, defaultTimezone);
      } catch (error) {
        this.deps.logger.error({ workflowId, nodeId: trigger.nodeId, error: String(error) }, 'schedule not started');
        continue;
      }
      const armFrom = await this.catchUp(workflowId, trigger, source);
      entries.push({ workflowId, trigger, source, armFrom, timer: undefined, nextTick: undefined, stopped: false });
    }
    // A later `set`/`remove` for this workflow won while we awaited: drop ours.
    if (this.stopped || this.generation.get(workflowId) !== generation) return;
    this.entries.set(workflowId, entries);
    for (const entry of entries) this.arm(entry, entry.armFrom);
  }

  remove(workflowId: string, bump = true): void {
    if (bump) this.generation.set(workflowId, (this.generation.get(workflowId) ?? 0) + 1);
    for (const entry of this.entries.get(workflowId) ?? []) {
      entry.stopped = true;
      entry.timer?.cancel();
    }
    this.entries.delete(workflowId);
  }

  stop(): void {
    this.stopped = true;
    for (const workflowId of [...this.entries.keys()]) this.remove(workflowId);
  }

  /** Next tick per trigger (for the API and tests). */
  nextTicks(workflowId: string): { nodeId: string; nextTick: number | undefined }[] {
    return (this.entries.get(workflowId) ?? []).map((entry) => ({ nodeId: entry.trigger.nodeId, nextTick: entry.nextTick }));
  }

  /**
   * Applies the missed-tick policy; returns the time to arm after. Ticks less than DUE_GRACE_MS old are due, not
   * missed: they are armed to fire now (and claimed), so a process starting while another one is about to fire a
   * tick cannot claim that tick as "missed" and skip it.
   */
  private async catchUp(workflowId: string, trigger: ScheduleTrigger, source: TickSource): Promise<number> {
    const now = this.now();
    const last = await this.deps.store.lastTick(workflowId, trigger.nodeId);
    if (last === null) {
      // First registration: remember when we started so later restarts can tell what was missed.
      await this.deps.store.claimTick(workflowId, trigger.nodeId, now);
      return now;
    }
    const dueFrom = Math.max(last, now - DUE_GRACE_MS);
    const missed = latestTickBetween(source, last, now - DUE_GRACE_MS);
    if (missed === undefined) return dueFrom;
    if (!(await this.deps.store.claimTick(workflowId, trigger.nodeId, missed))) return dueFrom;
    switch (trigger.spec.missed) {
      case 'skip':
        this.deps.logger.info({ workflowId, nodeId: trigger.nodeId, tick: new Date(missed).toISOString() }, 'missed schedule ticks skipped');
        return dueFrom;
      case 'runOnce':
        this.deps.logger.info({ workflowId, nodeId: trigger.nodeId, tick: new Date(missed).toISOString() }, 'running a missed schedule tick once');
        await this.deps.fire(workflowId, trigger.nodeId, missed).catch((error: unknown) => {
          this.deps.logger.error({ workflowId, nodeId: trigger.nodeId, error: String(error) }, 'missed tick failed to start');
        });
        return dueFrom;
      default: {
        const unreachable: never = trigger.spec.missed;
        throw new Error(`unknown missed policy ${String(unreachable)}`);
      }
    }
  }

  private arm(entry: Entry, after: number): void {
    if (entry.stopped) return;
    const tick = entry.source.next(after);
    entry.nextTick = tick;
    if (tick === undefined) return;
    this.wait(entry, tick);
  }

  private wait(entry: Entry, tick: number): void {
    const delay = Math.max(0, tick - this.now());
    entry.timer = this.setTimer(() => {
      if (entry.stopped) return;
      if (this.now() < tick) {
        this.wait(entry, tick);
        return;
      }
      void this.tick(entry, tick);
    }, Math.min(delay, this.maxTimerMs));
  }

  private async tick(entry: Entry, tick: number): Promise<void> {
    const { workflowId, trigger } = entry;
    try {
      if (await this.deps.store.claimTick(workflowId, trigger.nodeId, tick)) await this.deps.fire(workflowId, trigger.nodeId, tick);
    } catch (error) {
      this.deps.logger.error({ workflowId, nodeId: trigger.nodeId, error: String(error) }, 'schedule tick failed');
    }
    // Fell far behind (suspended process): continue from now instead of replaying every tick.
    const now = this.now();
    this.arm(entry, now - tick > 5_000 ? now : tick);
  }
}
