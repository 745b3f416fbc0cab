/**
 * Spaces requests per Billbee account (API key + user) so at most `perSecond` start in any second: Billbee
 * answers 429 above 2 requests/s per key and user. Process-wide, on the wall clock (the API's clock), abortable.
 */
const nextFree = new Map<string, number>();

export async function paceBillbee(account: string, perSecond: number, signal: AbortSignal): Promise<void> {
  const intervalMs = 1000 / perSecond;
  const now = Date.now();
  const slot = Math.max(now, nextFree.get(account) ?? 0);
  nextFree.set(account, slot + intervalMs);
  const waitMs = slot - now;
  if (waitMs <= 0) return;
  await new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason instanceof Error ? signal.reason : new Error('cancelled'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, waitMs);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
