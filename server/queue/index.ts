/** Execution queues: the contract and the in-process implementation. */
export type { Queue, QueueJob, QueueStats, EnqueueResult, JobProcessor } from './types.js';
export { createInProcessQueue } from './in-process.js';
export type { InProcessQueueOptions } from './in-process.js';
