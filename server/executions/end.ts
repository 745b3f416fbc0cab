import type { RunOutcome } from '../engine/run-record.js';
import type { ExecutionEnd } from '../store/types.js';

/** How a run's outcome is stored: finished (with its error), or parked with its waiting nodes until `resumeAt`. */
export function executionEndOf(outcome: RunOutcome, now: () => number): ExecutionEnd {
  const finishedAt = outcome.record.finishedAt ?? now();
  switch (outcome.status) {
    case 'success':
    case 'cancelled':
      return { status: outcome.status, finishedAt };
    case 'failed':
      return { status: 'failed', finishedAt, error: outcome.error };
    case 'waiting':
      return {
        status: 'waiting',
        resumeAt: outcome.resumeAt,
        nodes: Object.values(outcome.record.nodes).filter((nodeRun) => nodeRun.status === 'waiting'),
        order: outcome.record.order,
      };
    default: {
      const unreachable: never = outcome;
      throw new Error(`unknown outcome ${JSON.stringify(unreachable)}`);
    }
  }
}
