import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { MessageBus } from '../queue/bus.js';
import type { ExecutionAnswer } from './types.js';

/**
 * How the execution services of several processes talk in queue mode. The process that accepts an awaited run
 * (webhook lastNode/respondNode) puts its `replyTo` address in the job; the worker that runs it sends the answer
 * there. Cancels go to every worker (the one running the execution aborts it).
 */
export interface ClusterLink {
  /** This process's reply address. */
  readonly replyTo: string;
  sendAnswer(replyTo: string, answer: ExecutionAnswer): void;
  /** Called with answers sent to this process. */
  onAnswer(handler: (answer: ExecutionAnswer) => void): Promise<void>;
  cancelEverywhere(executionId: string): void;
  onCancel(handler: (executionId: string) => void): Promise<void>;
}

const json = z.json();
const serializedError = z.object({
  code: z.string(),
  message: z.string(),
  retryable: z.boolean(),
  retryAfterMs: z.number().optional(),
  node: z.string().optional(),
  param: z.string().optional(),
  httpStatus: z.number().optional(),
  details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

/** The wire form of `ExecutionAnswer` (validated on receipt: it comes from another process). */
const answerSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('respond'),
    executionId: z.string(),
    response: z.object({ status: z.number().int(), headers: z.record(z.string(), z.string()), body: z.union([z.string(), json]) }),
  }),
  z.object({
    kind: z.literal('finished'),
    executionId: z.string(),
    status: z.enum(['success', 'failed', 'cancelled']),
    output: z.array(z.record(z.string(), json)),
    error: serializedError.optional(),
  }),
  z.object({ kind: z.literal('pending'), executionId: z.string(), reason: z.enum(['waiting', 'timeout']) }),
]);

export function parseAnswer(text: string): ExecutionAnswer | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = answerSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

export interface RedisClusterLinkOptions {
  readonly bus: MessageBus;
  /** Unique per process (default: a random UUID). */
  readonly processId?: string;
  readonly onError?: (error: unknown) => void;
}

export function createClusterLink(options: RedisClusterLinkOptions): ClusterLink {
  const processId = options.processId ?? randomUUID();
  const replyTo = `answers:${processId}`;
  const report = (error: unknown): void => options.onError?.(error);
  return {
    replyTo,
    sendAnswer(to, answer) {
      options.bus.publish(to, JSON.stringify(answer)).catch(report);
    },
    async onAnswer(handler) {
      await options.bus.subscribe(replyTo, (message) => {
        const answer = parseAnswer(message);
        if (answer === undefined) report(new Error('ignored a malformed execution answer'));
        else handler(answer);
      });
    },
    cancelEverywhere(executionId) {
      options.bus.publish('cancel', executionId).catch(report);
    },
    async onCancel(handler) {
      await options.bus.subscribe('cancel', handler);
    },
  };
}
