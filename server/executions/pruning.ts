import type { NodeLogger } from '../../nodes/sdk/index.js';
import type { Store } from '../store/types.js';
import { realSetTimer, type SetTimer } from './answers.js';

export interface PruningOptions {
  /** Finished executions older than this are deleted (default 14 days). */
  readonly maxAgeMs?: number;
  /** At most this many finished executions are kept (default 10,000). */
  readonly maxCount?: number;
  /** How often to prune (default 10 minutes); also removes expired webhook dedupe keys and sessions. */
  readonly intervalMs?: number;
  readonly now?: () => number;
  readonly setTimer?: SetTimer;
  readonly logger?: NodeLogger;
}

/** Prunes once now and then every `intervalMs`; `stop` ends it. Each round's counts go to the logger. */
export function startPruning(store: Store, options: PruningOptions = {}): { stop(): void; runOnce(): Promise<number> } {
  const now = options.now ?? Date.now;
  const setTimer = options.setTimer ?? realSetTimer;
  const intervalMs = options.intervalMs ?? 10 * 60_000;
  let timer: { cancel(): void } | undefined;
  let stopped = false;

  async function runOnce(): Promise<number> {
    const at = now();
    const executions = await store.executions.prune({ now: at, maxAgeMs: options.maxAgeMs ?? 14 * 86_400_000, maxCount: options.maxCount ?? 10_000 });
    const dedupeKeys = await store.dedupe.prune(at);
    const sessions = await store.auth.pruneSessions(at);
    options.logger?.debug('pruned', { executions, dedupeKeys, sessions });
    return executions;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimer(() => {
      void runOnce()
        .catch((error: unknown) => options.logger?.error('pruning failed', { error: String(error) }))
        .finally(schedule);
    }, intervalMs);
  }

  void runOnce()
    .catch((error: unknown) => options.logger?.error('pruning failed', { error: String(error) }))
    .finally(schedule);
  return {
    stop() {
      stopped = true;
      timer?.cancel();
    },
    runOnce,
  };
}
