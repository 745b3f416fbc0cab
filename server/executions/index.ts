/** The durable execution service. */
export type {
  ExecutionService, ExecutionServiceDeps, ExecutionEndEvent, AcceptRequest, AcceptResult, AwaitMode, ExecutionAnswer,
  RetryResult, CancelResult,
} from './types.js';
