/** What the compile step uses from the SDK and the engine's contract files, in one place. */
export { FlowError, inputsOf, outputsOf } from '../../../nodes/sdk/index.js';
export type { NodeDefinition, JsonObject } from '../../../nodes/sdk/index.js';
export type { RetryPolicy, OnError, Workflow, WorkflowNode } from '../workflow/schema.js';
export type { NodeRegistry } from '../registry.js';
export { retryPolicyOf } from '../executor/retry.js';
