/** The durable execution service. */
export type {
  ExecutionService, ExecutionServiceDeps, ExecutionEndEvent, AcceptRequest, AcceptResult, AwaitMode, ExecutionAnswer,
  RetryResult, CancelResult,
} from './types.js';
export { createExecutionService } from './service.js';
export { planRetry } from './retry-nodes.js';
export { errorTriggerItem, pickTrigger } from './error-workflow.js';
export { startPruning } from './pruning.js';
export type { PruningOptions } from './pruning.js';
