import type { Redis } from 'ioredis';
import { redisConnection } from './redis.js';

/**
 * Messages between flowwerk processes over Redis pub/sub (queue mode): answers for waiting HTTP callers, cancels,
 * workflow changes. Delivery is at most once and only to processes subscribed at the time; every use has a
 * fallback (answer timeout → 202, lease renewal notices a cancel, periodic trigger resync).
 */
export interface MessageBus {
  publish(channel: string, message: string): Promise<void>;
  /** Calls `handler` for every message on `channel` from now on. */
  subscribe(channel: string, handler: (message: string) => void): Promise<void>;
  close(): Promise<void>;
}

export interface RedisBusOptions {
  readonly redisUrl: string;
  /** Namespaces the channels (`<prefix>:<channel>`), like the queue's key prefix. */
  readonly prefix: string;
  readonly onError?: (error: unknown) => void;
}

export function createRedisBus(options: RedisBusOptions): MessageBus {
  const publisher = redisConnection(options.redisUrl, 'command', 'flowwerk-bus-pub');
  let subscriber: Redis | undefined;
  const handlers = new Map<string, ((message: string) => void)[]>();
  const full = (channel: string): string => `${options.prefix}:${channel}`;
  const report = (error: unknown): void => options.onError?.(error);
  publisher.on('error', report);

  function subscriberConnection(): Redis {
    if (subscriber !== undefined) return subscriber;
    const connection = redisConnection(options.redisUrl, 'subscriber', 'flowwerk-bus-sub');
    connection.on('error', report);
    connection.on('message', (channel: string, message: string) => {
      for (const handler of handlers.get(channel) ?? []) {
        try {
          handler(message);
        } catch (error) {
          report(error);
        }
      }
    });
    subscriber = connection;
    return connection;
  }

  return {
    async publish(channel, message) {
      await publisher.publish(full(channel), message);
    },
    async subscribe(channel, handler) {
      const name = full(channel);
      const list = handlers.get(name);
      if (list !== undefined) {
        list.push(handler);
        return;
      }
      handlers.set(name, [handler]);
      // ioredis re-subscribes after a reconnect (autoResubscribe).
      await subscriberConnection().subscribe(name);
    },
    async close() {
      handlers.clear();
      await Promise.allSettled([publisher.quit(), subscriber?.quit()]);
    },
  };
}
