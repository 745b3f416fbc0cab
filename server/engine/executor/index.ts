/** The executor: `runWorkflow` runs or resumes one execution of a workflow. */
export { runWorkflow } from './run-workflow.js';
export { retryDelay, retryPolicyOf, shouldRetry } from './retry.js';
