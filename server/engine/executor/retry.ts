import type { FlowError } from '../../../nodes/sdk/index.js';
import type { RetryPolicy } from '../workflow/schema.js';

const DEFAULTS: RetryPolicy = { maxAttempts: 3, initialDelayMs: 1000, backoff: 2, maxDelayMs: 300_000, jitter: 0.2 };

/** The policy with the schema's defaults for fields a hand-built workflow left out. */
export function retryPolicyOf(retry: Partial<RetryPolicy>): RetryPolicy {
  return {
    maxAttempts: retry.maxAttempts ?? DEFAULTS.maxAttempts,
    initialDelayMs: retry.initialDelayMs ?? DEFAULTS.initialDelayMs,
    backoff: retry.backoff ?? DEFAULTS.backoff,
    maxDelayMs: retry.maxDelayMs ?? DEFAULTS.maxDelayMs,
    jitter: retry.jitter ?? DEFAULTS.jitter,
  };
}

/** Whether a try that failed with `error` is followed by another: only retryable errors, within maxAttempts. */
export function shouldRetry(error: FlowError, attemptsMade: number, policy: RetryPolicy | undefined): boolean {
  return policy !== undefined && error.retryable && attemptsMade < policy.maxAttempts;
}

/**
 * Delay before the next try after `attemptsMade` tries. An error that names its own delay (RetryAfterError,
 * HTTP `Retry-After`) gets exactly that. Otherwise initialDelayMs · backoff^(attemptsMade-1), capped at
 * maxDelayMs, minus a random share of up to `jitter` of it (so the cap is never exceeded).
 */
export function retryDelay(error: FlowError, attemptsMade: number, policy: RetryPolicy, random: () => number): number {
  if (error.retryAfterMs !== undefined) return Math.max(0, error.retryAfterMs);
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.backoff ** Math.max(0, attemptsMade - 1));
  const jittered = base * (1 - policy.jitter * random());
  return Math.max(0, Math.round(jittered));
}
