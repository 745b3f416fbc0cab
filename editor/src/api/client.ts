import { z } from 'zod';
import { workflowSchema, type Workflow, type WorkflowInput } from '../../../server/engine/workflow/schema.js';
import { request } from './http.js';
import {
  authStatusSchema, credentialSchema, credentialTypeSchema, executionDetailSchema, executionSummarySchema, listOf,
  nodeTypeSchema, stockDetailSchema, stockLevelSchema, stockSetResultSchema, userSchema, workflowSummarySchema,
  type Credential, type CredentialTypeInfo, type ExecutionDetail, type ExecutionSummary, type NodeType, type StockDetail,
  type StockLevel, type StockSetResult, type User, type WorkflowSummary,
} from './schemas.js';

/** The typed REST client of `/api/v1` (contract "HTTP"). Every method throws ApiError on failure. */

const base = '/api/v1';
const anything = z.unknown();

export type AuthState =
  | { readonly kind: 'setup' }
  | { readonly kind: 'login' }
  | { readonly kind: 'ready'; readonly user: User };

/** A stored workflow: the format-1 document plus the server's `active` flag. */
export interface StoredWorkflow {
  readonly workflow: Workflow;
  readonly active: boolean;
}

const storedWorkflowSchema = z.looseObject({ active: z.boolean().optional() }).transform((raw, ctx) => {
  const { active, ...rest } = raw;
  const stripped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) if (key in workflowSchema.shape) stripped[key] = value;
  const parsed = workflowSchema.safeParse(stripped);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    return z.NEVER;
  }
  return { workflow: parsed.data, active: active ?? false };
});

/** Unwraps `{ data: X }` when the server wraps a single resource, else takes the body as is. */
function maybeWrapped<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const keys = Object.keys(value);
      if (keys.length === 1 && keys[0] === 'data' && 'data' in value) return value.data;
    }
    return value;
  }, schema);
}

const testWebhookSchema = z.looseObject({
  status: z.enum(['listening', 'received', 'expired', 'idle']),
  expiresAt: z.number().nullable().optional(),
  executionId: z.string().nullable().optional(),
  urls: z.array(z.object({ nodeId: z.string(), method: z.string(), url: z.string() })).default([]),
});
export type TestWebhookAnswer = z.output<typeof testWebhookSchema>;

const runAnswerSchema = z.looseObject({ id: z.string().optional(), executionId: z.string().optional() });

export const api = {
  async authState(): Promise<AuthState> {
    const status = await request('GET', `${base}/auth/status`, authStatusSchema);
    if (status.setupRequired === true || status.needsSetup === true) return { kind: 'setup' };
    if (status.user) return { kind: 'ready', user: status.user };
    if (status.authenticated === false) return { kind: 'login' };
    try {
      const me = await request('GET', `${base}/auth/me`, maybeWrapped(z.union([z.object({ user: userSchema }).transform((v) => v.user), userSchema])));
      return { kind: 'ready', user: me };
    } catch {
      return { kind: 'login' };
    }
  },
  setup: (body: { email: string; password: string; name?: string; token?: string }) => request('POST', `${base}/auth/setup`, anything, body),
  login: (body: { email: string; password: string }) => request('POST', `${base}/auth/login`, anything, body),
  logout: () => request('POST', `${base}/auth/logout`, anything, {}),

  async nodes(): Promise<NodeType[]> {
    return (await request('GET', `${base}/nodes`, listOf(nodeTypeSchema))).data;
  },
  async credentialTypes(): Promise<CredentialTypeInfo[]> {
    return (await request('GET', `${base}/credential-types`, listOf(credentialTypeSchema))).data;
  },

  async workflows(): Promise<WorkflowSummary[]> {
    return (await request('GET', `${base}/workflows?limit=500`, listOf(workflowSummarySchema))).data;
  },
  workflow: (id: string): Promise<StoredWorkflow> => request('GET', `${base}/workflows/${encodeURIComponent(id)}`, maybeWrapped(storedWorkflowSchema)),
  createWorkflow: (workflow: WorkflowInput): Promise<StoredWorkflow> => request('POST', `${base}/workflows`, maybeWrapped(storedWorkflowSchema), workflow),
  saveWorkflow: (id: string, workflow: WorkflowInput): Promise<StoredWorkflow> =>
    request('PUT', `${base}/workflows/${encodeURIComponent(id)}`, maybeWrapped(storedWorkflowSchema), workflow),
  deleteWorkflow: (id: string) => request('DELETE', `${base}/workflows/${encodeURIComponent(id)}`, anything),
  activate: (id: string) => request('POST', `${base}/workflows/${encodeURIComponent(id)}/activate`, anything, {}),
  deactivate: (id: string) => request('POST', `${base}/workflows/${encodeURIComponent(id)}/deactivate`, anything, {}),
  /** Starts a manual run; answers the new execution's id. */
  async run(id: string, input?: unknown, triggerNodeId?: string): Promise<string> {
    const body: Record<string, unknown> = {};
    if (input !== undefined) body['input'] = input;
    if (triggerNodeId !== undefined) body['triggerNodeId'] = triggerNodeId;
    const answer = await request('POST', `${base}/workflows/${encodeURIComponent(id)}/run`, maybeWrapped(runAnswerSchema), body);
    const executionId = answer.executionId ?? answer.id;
    if (executionId === undefined) throw new Error('run: the server answered without an execution id');
    return executionId;
  },
  /** Opens the test webhook of the workflow: the next call to its test URL runs the current version. */
  testWebhook: (id: string, seconds = 120): Promise<TestWebhookAnswer> =>
    request('POST', `${base}/workflows/${encodeURIComponent(id)}/test-webhook`, maybeWrapped(testWebhookSchema), { seconds }),
  /** The listener's state: `received` carries the execution the test call started. */
  testWebhookState: (id: string): Promise<TestWebhookAnswer> =>
    request('GET', `${base}/workflows/${encodeURIComponent(id)}/test-webhook`, maybeWrapped(testWebhookSchema)),
  stopTestWebhook: (id: string) => request('DELETE', `${base}/workflows/${encodeURIComponent(id)}/test-webhook`, anything),

  async executions(filter: { workflowId?: string; status?: string; limit?: number } = {}): Promise<ExecutionSummary[]> {
    const query = new URLSearchParams();
    if (filter.workflowId) query.set('workflowId', filter.workflowId);
    if (filter.status) query.set('status', filter.status);
    query.set('limit', String(filter.limit ?? 100));
    return (await request('GET', `${base}/executions?${query.toString()}`, listOf(executionSummarySchema))).data;
  },
  execution: (id: string): Promise<ExecutionDetail> => request('GET', `${base}/executions/${encodeURIComponent(id)}`, maybeWrapped(executionDetailSchema)),
  async retryExecution(id: string, version: 'original' | 'current' = 'original'): Promise<string> {
    const answer = await request('POST', `${base}/executions/${encodeURIComponent(id)}/retry`, maybeWrapped(runAnswerSchema), { version });
    const executionId = answer.executionId ?? answer.id;
    if (executionId === undefined) throw new Error('retry: the server answered without an execution id');
    return executionId;
  },
  cancelExecution: (id: string) => request('POST', `${base}/executions/${encodeURIComponent(id)}/cancel`, anything, {}),

  async credentials(): Promise<Credential[]> {
    return (await request('GET', `${base}/credentials`, listOf(credentialSchema))).data;
  },
  createCredential: (body: { name: string; type: string; data: Record<string, unknown> }): Promise<Credential> =>
    request('POST', `${base}/credentials`, maybeWrapped(credentialSchema), body),
  updateCredential: (id: string, body: { name?: string; data?: Record<string, unknown> }): Promise<Credential> =>
    request('PUT', `${base}/credentials/${encodeURIComponent(id)}`, maybeWrapped(credentialSchema), body),
  deleteCredential: (id: string) => request('DELETE', `${base}/credentials/${encodeURIComponent(id)}`, anything),
  testCredential: (id: string) => request('POST', `${base}/credentials/${encodeURIComponent(id)}/test`, anything, {}),

  /** A page of stock levels ordered by SKU; `nextCursor` is null on the last page. */
  async stock(query: { prefix?: string; cursor?: string; limit?: number } = {}): Promise<{ levels: StockLevel[]; nextCursor: string | null }> {
    const params = new URLSearchParams();
    params.set('limit', String(query.limit ?? 50));
    if (query.prefix) params.set('prefix', query.prefix);
    if (query.cursor) params.set('cursor', query.cursor);
    const page = await request('GET', `${base}/stock?${params.toString()}`, listOf(stockLevelSchema));
    return { levels: page.data, nextCursor: page.nextCursor ?? null };
  },
  /** One SKU with its latest history (newest first); ApiError 404 for an unknown SKU. */
  stockItem: (sku: string): Promise<StockDetail> => request('GET', `${base}/stock/${encodeURIComponent(sku)}`, stockDetailSchema),
  /** Sets a SKU's quantity (creating the SKU); the same `idempotencyKey` applies the change once. */
  setStock: (sku: string, body: { quantity: number; reason?: string }, idempotencyKey?: string): Promise<StockSetResult> =>
    request('PUT', `${base}/stock/${encodeURIComponent(sku)}`, stockSetResultSchema, body, idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
};

export type { Credential, CredentialTypeInfo, ExecutionDetail, ExecutionSummary, NodeType, StockDetail, StockLevel, StockSetResult, User, WorkflowSummary };
