import { Redis } from 'ioredis';

/**
 * Redis connections for queue mode. `command` connections fail a command after a few reconnect attempts (an HTTP
 * request must not hang on a Redis outage: the execution is stored and recovery queues it later); `blocking` and
 * `subscriber` connections wait for Redis to come back (BullMQ workers, pub/sub).
 */
export function redisConnection(url: string, kind: 'command' | 'blocking' | 'subscriber', name?: string): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: kind === 'command' ? 2 : null,
    enableOfflineQueue: true,
    connectTimeout: 5000,
    ...(name !== undefined && { connectionName: name }),
    retryStrategy: (times) => Math.min(100 * times, 2000),
  });
}

/** `host:port/db` of a Redis URL, without credentials (for messages and logs). */
export function redisTarget(url: string): string {
  try {
    const parsed = new URL(url);
    const db = parsed.pathname.replace(/^\//, '');
    return `${parsed.hostname}:${parsed.port === '' ? '6379' : parsed.port}${db === '' ? '' : `/${db}`}`;
  } catch {
    return '(unparsable URL)';
  }
}

/** Connects once and pings; rejects with a one-line reason (refused, timeout, wrong password) naming the target. */
export async function checkRedis(url: string, timeoutMs = 5000): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: timeoutMs, retryStrategy: () => null });
  // The connection's own error (ECONNREFUSED, WRONGPASS, ...) says more than the rejection ("Connection is closed").
  let cause: Error | undefined;
  client.on('error', (error: Error) => {
    cause ??= error;
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      (async () => {
        await client.connect();
        await client.ping();
      })(),
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    const chosen = cause ?? error;
    const reason = chosen instanceof Error ? (chosen.message.split('\n')[0] ?? chosen.message) : String(chosen);
    throw new Error(`cannot use Redis at ${redisTarget(url)}: ${reason}`);
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}
