import type { SetTimer } from './answers.js';

/**
 * One timer for the earliest parked execution of this process (one-process mode): `arm(at)` keeps the earlier of
 * the armed and the new instant; when it fires, `onDue` wakes whatever is due and arms the next one.
 */
export class WakeTimer {
  private armed: { readonly at: number; readonly handle: { cancel(): void } } | undefined;
  private stopped = false;

  constructor(
    private readonly setTimer: SetTimer,
    private readonly now: () => number,
    private readonly onDue: () => void,
  ) {}

  arm(at: number): void {
    if (this.stopped) return;
    if (this.armed !== undefined && this.armed.at <= at) return;
    this.armed?.handle.cancel();
    const handle = this.setTimer(() => {
      this.armed = undefined;
      this.onDue();
    }, at - this.now());
    this.armed = { at, handle };
  }

  stop(): void {
    this.stopped = true;
    this.armed?.handle.cancel();
    this.armed = undefined;
  }
}
