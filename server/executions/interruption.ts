import { LeaseLostError } from '../store/types.js';
import { isServiceUnavailable } from '../store/unavailable.js';

/**
 * Why a run stopped without recording an outcome. Either way the store keeps its last good state (status
 * `running`, the checkpoints written so far), so whoever runs it next resumes after the last checkpointed node.
 */
export type Interruption =
  /** Queue mode: another worker took the execution over after this one's lease ran out, or it was cancelled. */
  | { readonly kind: 'leaseLost' }
  /** This process is shutting down (`drain`). */
  | { readonly kind: 'shutdown' }
  /** A checkpoint or the final write failed; `unavailable`: the database did not answer (rather than a bug). */
  | { readonly kind: 'storeFailed'; readonly unavailable: boolean };

/** What the interrupted process does next: free its lease for another worker, and/or run the job again later. */
export interface InterruptionStep {
  readonly releaseLease: boolean;
  /** Delay before the queue runs the execution again; undefined: not from here (recovery or the lease owner will). */
  readonly runAgainInMs?: number;
}

/** How long a run waits before trying again after the store failed. */
export const STORE_RETRY_MS = 5000;

/** The interruption a failed run or write means. */
export function interruptionOf(error: unknown): Interruption {
  if (error instanceof LeaseLostError) return { kind: 'leaseLost' };
  return { kind: 'storeFailed', unavailable: isServiceUnavailable(error) };
}

/**
 * The rules, in one place. `queueMode`: runs are leased and any worker can take them; `inline`: a sub-workflow run
 * inside its parent's run (the parent decides).
 * - leaseLost: nothing; the lease's owner goes on.
 * - shutdown: queue mode frees the lease and puts the job back at once; one process resumes at its next start.
 * - storeFailed: queue mode frees the lease and tries again shortly (any worker). One process tries again shortly
 *   only when the database did not answer: nothing else would pick the run up before a restart, while a bug would
 *   fail the same way again.
 */
export function nextStep(interruption: Interruption, mode: { readonly queueMode: boolean; readonly inline: boolean }): InterruptionStep {
  if (mode.inline) return { releaseLease: false };
  switch (interruption.kind) {
    case 'leaseLost':
      return { releaseLease: false };
    case 'shutdown':
      return mode.queueMode ? { releaseLease: true, runAgainInMs: 0 } : { releaseLease: false };
    case 'storeFailed':
      if (mode.queueMode) return { releaseLease: true, runAgainInMs: STORE_RETRY_MS };
      return interruption.unavailable ? { releaseLease: false, runAgainInMs: STORE_RETRY_MS } : { releaseLease: false };
    default: {
      const unreachable: never = interruption;
      throw new Error(`unknown interruption ${JSON.stringify(unreachable)}`);
    }
  }
}
