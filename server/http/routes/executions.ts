import type { Item } from '../../../nodes/sdk/index.js';
import type { Workflow } from '../../engine/workflow/schema.js';
import type { ExecutionDetail } from '../../store/index.js';
import type { AppDeps } from '../deps.js';
import { ApiError, notFound } from '../errors.js';
import type { RouteTable } from '../route.js';
import { acceptedSchema, errorResponses, errorSchema, executionDetailSchema, executionListQuery, executionSummarySchema, idParams, pageOf, retryBodySchema } from '../schemas.js';

/**
 * Adds each node's input items (by input name, and `input` for the main one) from the outputs of the nodes
 * connected to it, so the detail shows input and output per node.
 */
export function withInputs(detail: ExecutionDetail, workflow: Workflow | undefined): unknown {
  if (workflow === undefined) return detail;
  const nodes: Record<string, unknown> = {};
  for (const [nodeId, run] of Object.entries(detail.nodes)) {
    const inputs: Record<string, Item[]> = {};
    if (nodeId === detail.triggerNodeId) inputs.main = [...detail.triggerItems];
    for (const connection of workflow.connections) {
      if (connection.to !== nodeId) continue;
      const items = detail.nodes[connection.from]?.outputs[connection.output];
      if (items !== undefined) (inputs[connection.input] ??= []).push(...items);
    }
    nodes[nodeId] = { ...run, inputs, input: inputs.main ?? [] };
  }
  return { ...detail, nodes };
}


export function executionRoutes(table: RouteTable, deps: AppDeps): void {
  table.add({
    method: 'get', path: '/executions', tag: 'executions', summary: 'List executions, newest first (filters: workflowId, status)',
    query: executionListQuery,
    responses: { 200: { description: 'A page of executions', schema: pageOf(executionSummarySchema) }, ...errorResponses },
    handler: async ({ query, res }) => {
      res.json(await deps.store.executions.list(query));
    },
  });

  table.add({
    method: 'get', path: '/executions/:id', tag: 'executions', summary: 'An execution with per-node status, attempts, timing, input, output and error',
    params: idParams,
    responses: { 200: { description: 'The execution', schema: executionDetailSchema }, ...errorResponses },
    handler: async ({ params, res }) => {
      const detail = await deps.store.executions.get(params.id);
      if (detail === undefined) throw notFound(`execution "${params.id}"`);
      const version = await deps.store.workflows.getVersion(detail.workflowId, detail.workflowVersion);
      res.json(withInputs(detail, version?.workflow));
    },
  });

  table.add({
    method: 'post', path: '/executions/:id/retry', tag: 'executions',
    summary: 'Retry a failed or cancelled execution from the failed node (completed nodes are not run again)',
    params: idParams, body: retryBodySchema,
    responses: { 202: { description: 'The new execution', schema: acceptedSchema }, 409: { description: 'Not retryable', schema: errorSchema }, 429: { description: 'Queue full', schema: errorSchema }, ...errorResponses },
    handler: async ({ params, body, res }) => {
      const result = await deps.executions.retry(params.id, { version: body.version });
      switch (result.status) {
        case 'accepted':
          res.status(202).json({ executionId: result.executionId });
          return;
        case 'not_found':
          throw notFound(`execution "${params.id}"`);
        case 'not_retryable':
          throw new ApiError(409, 'NOT_RETRYABLE', result.reason);
        case 'full':
          throw new ApiError(429, 'QUEUE_FULL', 'too many executions waiting; try again later', undefined, { 'Retry-After': String(result.retryAfterSeconds) });
        case 'closed':
          throw new ApiError(503, 'SHUTTING_DOWN', 'the server is shutting down');
        default: {
          const unreachable: never = result;
          throw new Error(`unknown retry result ${JSON.stringify(unreachable)}`);
        }
      }
    },
  });

  table.add({
    method: 'post', path: '/executions/:id/cancel', tag: 'executions', summary: 'Cancel a queued, waiting or running execution',
    params: idParams,
    responses: { 200: { description: 'Cancelled', schema: executionSummarySchema.pick({ id: true, status: true }) }, 409: { description: 'Already finished', schema: errorSchema }, ...errorResponses },
    handler: async ({ params, res }) => {
      const result = await deps.executions.cancel(params.id);
      switch (result.status) {
        case 'cancelled':
          res.json({ id: params.id, status: 'cancelled' });
          return;
        case 'not_found':
          throw notFound(`execution "${params.id}"`);
        case 'already_finished':
          throw new ApiError(409, 'ALREADY_FINISHED', `execution "${params.id}" already ended as ${result.current}`);
        default: {
          const unreachable: never = result;
          throw new Error(`unknown cancel result ${JSON.stringify(unreachable)}`);
        }
      }
    },
  });

  table.add({
    method: 'delete', path: '/executions/:id', tag: 'executions', summary: 'Delete a finished execution',
    params: idParams,
    responses: { 204: { description: 'Deleted' }, 409: { description: 'Still running', schema: errorSchema }, ...errorResponses },
    handler: async ({ params, res }) => {
      const detail = await deps.store.executions.get(params.id);
      if (detail === undefined) throw notFound(`execution "${params.id}"`);
      if (detail.status === 'queued' || detail.status === 'running' || detail.status === 'waiting') {
        throw new ApiError(409, 'NOT_FINISHED', `execution "${params.id}" is ${detail.status}; cancel it first`);
      }
      await deps.store.executions.delete(params.id);
      res.status(204).end();
    },
  });
}
