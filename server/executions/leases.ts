import type { ClaimResult, ExecutionStore } from '../store/types.js';

export interface LeaseOptions {
  /** Unique per process (a worker's id). */
  readonly owner: string;
  /** How long a claim or renewal holds (default 30 s); renewed every third of it while the run goes on. */
  readonly ttlMs?: number;
}

/**
 * The execution leases this process holds (queue mode). Invariant: a run goes on only while its lease is held —
 * `claim` before the run, renewal every `ttlMs / 3`, and `onLost` for a lease that could not be renewed (taken
 * over after it expired, or the execution was cancelled), whose run must stop without recording anything.
 */
export class LeaseKeeper {
  private readonly held = new Set<string>();
  private readonly ttlMs: number;
  private timer: NodeJS.Timeout | undefined;
  private renewing: Promise<void> | undefined;

  constructor(
    private readonly store: ExecutionStore,
    readonly owner: string,
    ttlMs: number | undefined,
    private readonly now: () => number,
    private readonly onLost: (executionId: string) => void,
    private readonly onError: (error: unknown) => void,
  ) {
    this.ttlMs = Math.max(300, ttlMs ?? 30_000);
  }

  async claim(executionId: string, startedAt: number): Promise<ClaimResult> {
    const at = this.now();
    const result = await this.store.claim(executionId, { owner: this.owner, until: at + this.ttlMs, now: at }, startedAt);
    if (result.status === 'claimed') {
      this.held.add(executionId);
      this.arm();
    }
    return result;
  }

  /** The run ended (its `finish` cleared the lease in the store). */
  forget(executionId: string): void {
    this.held.delete(executionId);
  }

  /** Frees the lease now so another worker can take the execution (shutdown). */
  async release(executionId: string): Promise<void> {
    this.held.delete(executionId);
    await this.store.releaseLease(executionId, this.owner);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => void this.renew(), Math.floor(this.ttlMs / 3));
    this.timer.unref();
  }

  private renew(): Promise<void> {
    if (this.renewing !== undefined) return this.renewing;
    if (this.held.size === 0) {
      this.stop();
      return Promise.resolve();
    }
    const ids = [...this.held];
    this.renewing = this.store
      .renewLeases(this.owner, ids, this.now() + this.ttlMs)
      .then((kept) => {
        const still = new Set(kept);
        for (const id of ids) {
          if (!still.has(id) && this.held.delete(id)) this.onLost(id);
        }
      })
      .catch((error: unknown) => this.onError(error))
      .finally(() => {
        this.renewing = undefined;
      });
    return this.renewing;
  }
}
