/** What `/healthz` checks: the store and the queue each answer within `timeoutMs`. */
export interface HealthSources {
  readonly store: { ping(): Promise<void> };
  readonly executions: { ping(): Promise<void> };
}

export type HealthPart = 'store' | 'queue';

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** The parts that did not answer (empty: healthy). */
export async function downParts(sources: HealthSources, timeoutMs = 2000): Promise<readonly HealthPart[]> {
  const checks = await Promise.allSettled([within(sources.store.ping(), timeoutMs, 'store'), within(sources.executions.ping(), timeoutMs, 'queue')]);
  return (['store', 'queue'] as const).filter((_, index) => checks[index]?.status === 'rejected');
}
