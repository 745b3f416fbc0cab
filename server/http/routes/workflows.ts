import { randomUUID } from 'node:crypto';
import type { Item } from '../../../nodes/sdk/index.js';
import type { Workflow } from '../../engine/workflow/schema.js';
import { StoreError, type StoredWorkflow } from '../../store/index.js';
import type { AppDeps } from '../deps.js';
import { ApiError, notFound } from '../errors.js';
import type { RouteTable } from '../route.js';
import { credentialProblems } from './activation-credentials.js';
import {
  errorResponses, errorSchema, idParams, pageOf, runBodySchema, runResultSchema, testWebhookBodySchema, testWebhookStateSchema, versionParams,
  versionSchema, workflowBodySchema, workflowListQuery, workflowMetaSchema, workflowResourceSchema, pageQuery,
} from '../schemas.js';

/** The workflow JSON with the store's metadata beside it; PUT accepts it back (metadata is ignored). */
export function workflowResource(stored: StoredWorkflow): Record<string, unknown> {
  return { ...stored.workflow, id: stored.id, active: stored.active, version: stored.version, createdAt: stored.createdAt, updatedAt: stored.updatedAt };
}

const META_KEYS = new Set(['active', 'version', 'createdAt', 'updatedAt']);

function withoutMeta(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([key]) => !META_KEYS.has(key)));
}

/** Items for a manual run: an object is one item, an array one per element, nothing is one empty item. */
export function inputItems(input: unknown): Item[] {
  const toJson = (value: unknown): Item['json'] =>
    typeof value === 'object' && value !== null && !Array.isArray(value) ? JSON.parse(JSON.stringify(value)) : { value: JSON.parse(JSON.stringify(value ?? null)) };
  if (input === undefined) return [{ json: {} }];
  if (Array.isArray(input)) return input.map((value) => ({ json: toJson(value) }));
  return [{ json: toJson(input) }];
}


export function workflowRoutes(table: RouteTable, deps: AppDeps): void {
  const validate = (body: Record<string, unknown>, id: string | undefined): Workflow & { id: string } => {
    const result = deps.validateWorkflow(withoutMeta(body));
    if (!result.ok) {
      throw new ApiError(400, 'INVALID_WORKFLOW', `the workflow has ${result.problems.length} problem(s): ${result.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, result.problems);
    }
    return { ...result.workflow, id: id ?? result.workflow.id ?? randomUUID() };
  };

  const load = async (id: string): Promise<StoredWorkflow> => {
    const stored = await deps.store.workflows.get(id);
    if (stored === undefined) throw notFound(`workflow "${id}"`);
    return stored;
  };

  table.add({
    method: 'get', path: '/workflows', tag: 'workflows', summary: 'List workflows (ordered by id)',
    query: workflowListQuery,
    responses: { 200: { description: 'A page of workflows', schema: pageOf(workflowMetaSchema) }, ...errorResponses },
    handler: async ({ query, res }) => {
      res.json(await deps.store.workflows.list(query));
    },
  });

  table.add({
    method: 'post', path: '/workflows', tag: 'workflows', summary: 'Create a workflow (keeps its id; 409 when taken)',
    body: workflowBodySchema,
    responses: { 201: { description: 'Created', schema: workflowResourceSchema }, 409: { description: 'Id taken', schema: errorSchema }, ...errorResponses },
    handler: async ({ body, res }) => {
      const workflow = validate(body, typeof body.id === 'string' ? body.id : undefined);
      try {
        const stored = await deps.store.workflows.create(workflow);
        res.status(201).location(`/api/v1/workflows/${encodeURIComponent(stored.id)}`).json(workflowResource(stored));
      } catch (error) {
        if (error instanceof StoreError && error.code === 'CONFLICT') throw new ApiError(409, 'CONFLICT', `a workflow with id "${workflow.id}" already exists`);
        throw error;
      }
    },
  });

  table.add({
    method: 'get', path: '/workflows/:id', tag: 'workflows', summary: 'Get a workflow at its current version',
    params: idParams,
    responses: { 200: { description: 'The workflow', schema: workflowResourceSchema }, ...errorResponses },
    handler: async ({ params, res }) => {
      res.json(workflowResource(await load(params.id)));
    },
  });

  table.add({
    method: 'put', path: '/workflows/:id', tag: 'workflows', summary: 'Save a new version',
    params: idParams, body: workflowBodySchema,
    responses: { 200: { description: 'Saved', schema: workflowResourceSchema }, ...errorResponses },
    handler: async ({ params, body, res }) => {
      const current = await load(params.id);
      const workflow = validate(body, params.id);
      if (current.active) {
        const problems = deps.triggers.activationProblems(params.id, workflow);
        if (problems.length > 0) throw new ApiError(409, 'TRIGGER_CONFLICT', problems.map((p) => p.message).join('; '), problems);
      }
      const stored = await deps.store.workflows.save(params.id, workflow);
      if (stored.active) await deps.triggers.sync(stored.id);
      res.json(workflowResource(stored));
    },
  });

  table.add({
    method: 'delete', path: '/workflows/:id', tag: 'workflows', summary: 'Delete a workflow and its versions (executions stay)',
    params: idParams,
    responses: { 204: { description: 'Deleted' }, ...errorResponses },
    handler: async ({ params, res }) => {
      if (!(await deps.store.workflows.delete(params.id))) throw notFound(`workflow "${params.id}"`);
      deps.triggers.tests.stop(params.id);
      await deps.triggers.sync(params.id);
      res.status(204).end();
    },
  });

  table.add({
    method: 'get', path: '/workflows/:id/versions', tag: 'workflows', summary: 'List saved versions, newest first',
    params: idParams, query: pageQuery,
    responses: { 200: { description: 'A page of versions', schema: pageOf(versionSchema) }, ...errorResponses },
    handler: async ({ params, query, res }) => {
      await load(params.id);
      res.json(await deps.store.workflows.listVersions(params.id, query));
    },
  });

  table.add({
    method: 'get', path: '/workflows/:id/versions/:version', tag: 'workflows', summary: 'Get one saved version',
    params: versionParams,
    responses: { 200: { description: 'The version', schema: versionSchema.extend({ workflow: workflowBodySchema }) }, ...errorResponses },
    handler: async ({ params, res }) => {
      const version = await deps.store.workflows.getVersion(params.id, params.version);
      if (version === undefined) throw notFound(`version ${params.version} of workflow "${params.id}"`);
      res.json(version);
    },
  });

  for (const active of [true, false]) {
    table.add({
      method: 'post', path: `/workflows/:id/${active ? 'activate' : 'deactivate'}`, tag: 'workflows',
      summary: active ? 'Switch the workflow\'s triggers on' : 'Switch the workflow\'s triggers off',
      params: idParams,
      responses: { 200: { description: 'The workflow', schema: workflowResourceSchema }, 409: { description: 'A trigger clashes', schema: errorSchema }, ...errorResponses },
      handler: async ({ params, res }) => {
        const current = await load(params.id);
        if (active) {
          const problems = deps.triggers.activationProblems(params.id, current.workflow);
          if (problems.length > 0) throw new ApiError(409, 'TRIGGER_CONFLICT', problems.map((p) => p.message).join('; '), problems);
          const missing = await credentialProblems(current.workflow, deps.registry, (id) => deps.credentials.get(id));
          if (missing.length > 0) throw new ApiError(400, 'CREDENTIALS_MISSING', missing.map((p) => p.message).join('; '), missing);
        }
        const stored = current.active === active ? current : await deps.store.workflows.setActive(params.id, active);
        if (!active) await deps.triggers.forgetSchedules(params.id);
        await deps.triggers.sync(params.id);
        res.json(workflowResource(stored));
      },
    });
  }

  table.add({
    method: 'post', path: '/workflows/:id/run', tag: 'workflows', summary: 'Run the workflow with `{ input }` (mode manual)',
    params: idParams, body: runBodySchema,
    responses: {
      200: { description: 'With wait: the run ended', schema: runResultSchema },
      202: { description: 'Accepted (or still running after the wait timeout)', schema: runResultSchema },
      429: { description: 'Queue full', schema: errorSchema },
      ...errorResponses,
    },
    handler: async ({ params, body, res }) => {
      const stored = await load(params.id);
      const result = await deps.executions.accept({
        workflow: stored,
        mode: 'manual',
        triggerItems: inputItems(body.input),
        ...(body.triggerNodeId !== undefined && { triggerNodeId: body.triggerNodeId }),
        ...(body.wait && { await: { mode: 'lastNode', timeoutMs: body.timeoutMs } }),
      });
      switch (result.status) {
        case 'accepted': {
          if (result.answer === undefined) {
            res.status(202).json({ executionId: result.executionId, status: 'queued' });
            return;
          }
          const answer = await result.answer;
          if (answer.kind === 'finished') {
            res.status(200).json({
              executionId: answer.executionId,
              status: answer.status,
              output: answer.output,
              ...(answer.error !== undefined && { error: { ...(answer.error.node !== undefined && { node: answer.error.node }), code: answer.error.code, message: answer.error.message } }),
            });
          } else {
            res.status(202).json({ executionId: answer.executionId, status: answer.kind === 'pending' && answer.reason === 'waiting' ? 'waiting' : 'running' });
          }
          return;
        }
        case 'duplicate':
          res.status(200).json({ executionId: result.executionId, status: 'queued' });
          return;
        case 'full':
          throw new ApiError(429, 'QUEUE_FULL', 'too many executions waiting; try again later', undefined, { 'Retry-After': String(result.retryAfterSeconds) });
        case 'closed':
          throw new ApiError(503, 'SHUTTING_DOWN', 'the server is shutting down');
        default: {
          const unreachable: never = result;
          throw new Error(`unknown accept result ${JSON.stringify(unreachable)}`);
        }
      }
    },
  });

  const testState = (req: { protocol: string; get(name: string): string | undefined }, stored: StoredWorkflow) => {
    const state = deps.triggers.tests.state(stored.id);
    const base = deps.options.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    return {
      status: state.status,
      expiresAt: state.status === 'idle' ? null : state.expiresAt,
      executionId: state.status === 'received' ? state.executionId : null,
      urls: deps.triggers.webhookTriggers(stored.workflow).map((hook) => ({ nodeId: hook.nodeId, method: hook.spec.method, url: `${base}/webhook-test/${hook.spec.path}` })),
    };
  };

  table.add({
    method: 'post', path: '/workflows/:id/test-webhook', tag: 'workflows',
    summary: 'Listen for one test call on /webhook-test/<path> for N seconds; the call runs the saved workflow in test mode',
    params: idParams, body: testWebhookBodySchema,
    responses: { 200: { description: 'Listening', schema: testWebhookStateSchema }, ...errorResponses },
    handler: async ({ params, body, req, res }) => {
      const stored = await load(params.id);
      const hooks = deps.triggers.webhookTriggers(stored.workflow);
      if (hooks.length === 0) throw new ApiError(400, 'NO_WEBHOOK_TRIGGER', `workflow "${params.id}" has no webhook trigger`);
      deps.triggers.tests.listen(stored, hooks, body.seconds);
      res.json(testState(req, stored));
    },
  });

  table.add({
    method: 'get', path: '/workflows/:id/test-webhook', tag: 'workflows', summary: 'State of the test listener and the execution it started',
    params: idParams,
    responses: { 200: { description: 'State', schema: testWebhookStateSchema }, ...errorResponses },
    handler: async ({ params, req, res }) => {
      res.json(testState(req, await load(params.id)));
    },
  });

  table.add({
    method: 'delete', path: '/workflows/:id/test-webhook', tag: 'workflows', summary: 'Stop listening for a test call',
    params: idParams,
    responses: { 204: { description: 'Stopped' }, ...errorResponses },
    handler: ({ params, res }) => {
      deps.triggers.tests.stop(params.id);
      res.status(204).end();
    },
  });
}
