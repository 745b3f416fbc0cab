/** Execution queues: the contract, the in-process implementation and the BullMQ one (queue mode). */
export type { Queue, QueueJob, QueueStats, EnqueueResult, JobProcessor, JobOutcome } from './types.js';
export { createInProcessQueue } from './in-process.js';
export type { InProcessQueueOptions } from './in-process.js';
export { createBullQueue } from './bullmq.js';
export type { BullQueueOptions } from './bullmq.js';
export { createRedisBus } from './bus.js';
export type { MessageBus, RedisBusOptions } from './bus.js';
export { checkRedis, redisConnection, redisTarget } from './redis.js';
