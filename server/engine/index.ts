/** The engine's public surface: validation, compilation, execution and the types they share. */
export { runWorkflow } from './executor/index.js';
export { compileWorkflow } from './compile/compile-workflow.js';
export type { CompiledWorkflow, CompiledNode } from './compile/compile-workflow.js';
export { validateWorkflow, parseWorkflowText } from './workflow/validate.js';
export type { ValidationProblem, ValidationResult, ParseTextResult } from './workflow/validate.js';
export { MapNodeRegistry } from './registry.js';
export type { NodeRegistry } from './registry.js';
export type { RunOptions, CredentialResolver } from './run-options.js';
export type {
  RunRecord, RunOutcome, RunHooks, NodeRun, NodeRunStatus, NodeProgress, ExecutionStatus, ExecutionMode,
} from './run-record.js';
export { workflowSchema, workflowJsonSchema } from './workflow/schema.js';
export type { Workflow, WorkflowInput, WorkflowNode, Connection, RetryPolicy, OnError } from './workflow/schema.js';
