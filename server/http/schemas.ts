import { z } from 'zod';

/** Request and response schemas of /api/v1 (validation and the OpenAPI document). */

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .meta({ id: 'Error' });

export const idParams = z.object({ id: z.string().min(1) });

const limit = z.coerce.number().int().min(1).max(500).optional();
const cursor = z.string().min(1).optional();

export const pageQuery = z.object({ limit, cursor });

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() });
}

const boolString = z.enum(['true', 'false']).transform((value) => value === 'true');

// ---------------------------------------------------------------------------------------------- workflows

export const workflowListQuery = pageQuery.extend({ active: boolString.optional() });

export const workflowMetaSchema = z.object({
  id: z.string(),
  name: z.string(),
  active: z.boolean(),
  version: z.int().describe('Current version; every save adds one'),
  createdAt: z.number().describe('Epoch ms'),
  updatedAt: z.number().describe('Epoch ms'),
});

/** The workflow JSON (format 1) with the store's metadata next to it. */
export const workflowResourceSchema = z
  .looseObject({
    ...workflowMetaSchema.shape,
    nodes: z.array(z.unknown()),
    connections: z.array(z.unknown()),
  })
  .meta({ id: 'Workflow', description: 'Workflow JSON (format 1) plus active, version, createdAt, updatedAt' });

export const workflowBodySchema = z
  .record(z.string(), z.unknown())
  .meta({ id: 'WorkflowInput', description: 'Workflow JSON (format 1); see the workflow schema. Metadata fields (active, version, createdAt, updatedAt) are ignored.' });

export const versionParams = z.object({ id: z.string().min(1), version: z.coerce.number().int().min(1) });

export const versionSchema = z.object({ workflowId: z.string(), version: z.int(), createdAt: z.number() });

export const runBodySchema = z.object({
  input: z.unknown().optional().describe('Trigger output: an object is one item, an array one item per element'),
  triggerNodeId: z.string().min(1).optional(),
  wait: z.boolean().default(false).describe('Wait for the run to end and answer with its result'),
  timeoutMs: z.int().min(1).max(600_000).default(60_000).describe('With wait: answer 202 after this long'),
});

export const runResultSchema = z.object({
  executionId: z.string(),
  status: z.enum(['queued', 'running', 'waiting', 'success', 'failed', 'cancelled']),
  output: z.array(z.record(z.string(), z.unknown())).optional(),
  error: z.object({ node: z.string().optional(), code: z.string(), message: z.string() }).optional(),
});

export const testWebhookBodySchema = z.object({
  seconds: z.int().min(1).max(3600).default(120).describe('How long to listen for one test call'),
});

export const testWebhookStateSchema = z.object({
  status: z.enum(['listening', 'received', 'expired', 'idle']),
  expiresAt: z.number().nullable(),
  executionId: z.string().nullable(),
  urls: z.array(z.object({ nodeId: z.string(), method: z.string(), url: z.string() })),
});

// --------------------------------------------------------------------------------------------- executions

export const executionStatusSchema = z.enum(['queued', 'running', 'waiting', 'success', 'failed', 'cancelled']);

export const executionListQuery = pageQuery.extend({
  workflowId: z.string().min(1).optional(),
  status: executionStatusSchema.optional(),
});

const serializedError = z.looseObject({ code: z.string(), message: z.string(), node: z.string().optional() });

export const executionSummarySchema = z
  .object({
    id: z.string(),
    workflowId: z.string(),
    workflowVersion: z.int(),
    status: executionStatusSchema,
    mode: z.string(),
    createdAt: z.number(),
    startedAt: z.number().nullable(),
    finishedAt: z.number().nullable(),
    resumeAt: z.number().nullable(),
    error: serializedError.nullable(),
    retryOf: z.string().nullable(),
    parentExecutionId: z.string().nullable(),
  })
  .meta({ id: 'ExecutionSummary' });

const itemSchema = z.looseObject({ json: z.record(z.string(), z.unknown()) });

export const nodeRunSchema = z.looseObject({
  nodeId: z.string(),
  status: z.enum(['running', 'success', 'failed', 'skipped', 'waiting']),
  attempts: z.int(),
  startedAt: z.number().optional(),
  finishedAt: z.number().optional(),
  inputCount: z.int(),
  input: z.array(itemSchema).optional().describe('Items the node received (from the connected outputs)'),
  outputs: z.record(z.string(), z.array(itemSchema)),
  error: serializedError.optional(),
});

export const executionDetailSchema = executionSummarySchema
  .extend({
    triggerNodeId: z.string(),
    triggerItems: z.array(itemSchema),
    nodes: z.record(z.string(), nodeRunSchema),
    order: z.array(z.string()),
  })
  .meta({ id: 'ExecutionDetail' });

export const retryBodySchema = z.object({
  version: z.enum(['original', 'current']).default('original').describe('Run with the version that ran, or the current one'),
});

export const acceptedSchema = z.object({ executionId: z.string() });

// -------------------------------------------------------------------------------------------- credentials

export const credentialSummarySchema = z
  .object({ id: z.string(), name: z.string(), type: z.string(), createdAt: z.number(), updatedAt: z.number() })
  .meta({ id: 'Credential', description: 'A credential without its data (secrets are never returned)' });

export const credentialCreateSchema = z.object({
  name: z.string().min(1).max(200),
  type: z.string().min(1),
  data: z.record(z.string(), z.unknown()),
});

export const credentialUpdateSchema = z
  .object({
    name: z.string().min(1).max(200).optional(),
    data: z.record(z.string(), z.unknown()).optional().describe('Merged over the stored data: fields left out keep their value'),
  })
  .refine((body) => body.name !== undefined || body.data !== undefined, { message: 'give name or data', path: ['name'] });

export const credentialListQuery = pageQuery.extend({ type: z.string().min(1).optional() });

export const credentialTestBodySchema = z.object({ data: z.record(z.string(), z.unknown()).optional() });

export const credentialTestResultSchema = z.object({ status: z.enum(['ok', 'failed', 'unsupported']), message: z.string().optional() });

export const credentialTypeSchema = z.object({
  type: z.string(),
  displayName: z.union([z.string(), z.object({ en: z.string(), de: z.string().optional() })]),
  schema: z.record(z.string(), z.unknown()).describe('JSON Schema of the data'),
  secretFields: z.array(z.string()),
  testable: z.boolean(),
});

// -------------------------------------------------------------------------------------------------- nodes

export const nodeTypeParams = z.object({ type: z.string().min(1) });

export const nodeCatalogEntrySchema = z
  .object({
    type: z.string(),
    version: z.int(),
    displayName: z.string(),
    description: z.string(),
    group: z.enum(['trigger', 'flow', 'data', 'commerce', 'action']),
    inputs: z.array(z.string()),
    outputs: z.array(z.string()).nullable().describe('Null when computed from params (e.g. switch rules)'),
    params: z.record(z.string(), z.unknown()).describe('JSON Schema of the params'),
    literalParams: z.array(z.string()),
    credentials: z.record(z.string(), z.object({ type: credentialTypeSchema, required: z.boolean() })),
    trigger: z.object({ kind: z.enum(['manual', 'webhook', 'schedule', 'error']) }).nullable(),
    translations: z.record(z.string(), z.unknown()),
    icon: z.string().optional(),
    custom: z.boolean().describe('From a custom node package'),
  })
  .meta({ id: 'NodeType' });

// --------------------------------------------------------------------------------------------------- auth

export const userSchema = z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.enum(['owner', 'member']) }).meta({ id: 'User' });

export const authStatusSchema = z.object({
  setupRequired: z.boolean(),
  authenticated: z.boolean(),
  user: userSchema.nullable(),
});

export const setupBodySchema = z.object({
  email: z.email(),
  name: z.string().min(1).max(200).optional(),
  password: z.string().min(8, 'must be at least 8 characters').max(1024),
  token: z.string().optional().describe('From the setup link printed at start; not needed from the same machine'),
});

export const loginBodySchema = z.object({ email: z.string().min(1), password: z.string().min(1).max(1024) });

export const apiKeyCreateSchema = z.object({ name: z.string().min(1).max(200) });

export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.number(),
  lastUsedAt: z.number().nullable(),
});

export const apiKeyCreatedSchema = apiKeySchema.extend({ key: z.string().describe('Shown once; only its hash is stored') });

/** The error answers every authenticated resource route can give (OpenAPI). */
export const errorResponses = {
  400: { description: 'Invalid request', schema: errorSchema },
  401: { description: 'No session or API key', schema: errorSchema },
  404: { description: 'Not found', schema: errorSchema },
};
