import { z } from 'zod';

/**
 * Response shapes of the flowwerk REST API (contract "HTTP"), parsed leniently: unknown extra fields pass,
 * fields the editor needs are checked. Each type the editor uses is inferred from these.
 */

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.union([z.string(), z.array(z.union([z.string(), z.number()]))]).optional(), message: z.string() })).optional(),
  }),
});

export const userSchema = z.looseObject({
  id: z.string().optional(),
  email: z.string(),
  name: z.string().optional(),
});
export type User = z.output<typeof userSchema>;

export const authStatusSchema = z.looseObject({
  /** True until the owner account exists. */
  setupRequired: z.boolean().optional(),
  needsSetup: z.boolean().optional(),
  authenticated: z.boolean().optional(),
  user: userSchema.nullable().optional(),
});

export const executionStatusSchema = z.enum(['queued', 'running', 'waiting', 'success', 'failed', 'cancelled']);
export type ExecutionStatus = z.output<typeof executionStatusSchema>;

const timeSchema = z.union([z.string(), z.number()]).nullable().optional();

export const executionSummarySchema = z.looseObject({
  id: z.string(),
  workflowId: z.string(),
  status: executionStatusSchema,
  mode: z.string(),
  createdAt: timeSchema,
  startedAt: timeSchema,
  finishedAt: timeSchema,
  workflowName: z.string().optional(),
  error: z.looseObject({ code: z.string().optional(), message: z.string(), node: z.string().optional() }).nullable().optional(),
  retryOf: z.string().nullable().optional(),
});
export type ExecutionSummary = z.output<typeof executionSummarySchema>;

const itemSchema = z.looseObject({ json: z.record(z.string(), z.unknown()), binary: z.record(z.string(), z.unknown()).optional() });
export type ItemData = z.output<typeof itemSchema>;

export const serializedErrorSchema = z.looseObject({ code: z.string().optional(), message: z.string(), node: z.string().optional() });
export type ErrorInfo = z.output<typeof serializedErrorSchema>;

export const nodeRunStatusSchema = z.enum(['running', 'success', 'failed', 'skipped', 'waiting']);
export type NodeRunStatus = z.output<typeof nodeRunStatusSchema>;

export const nodeRunSchema = z.looseObject({
  nodeId: z.string().optional(),
  status: nodeRunStatusSchema,
  attempts: z.number().optional(),
  startedAt: timeSchema,
  finishedAt: timeSchema,
  inputCount: z.number().optional(),
  /** Input items by input name, when the server records them. */
  inputs: z.record(z.string(), z.array(itemSchema)).optional(),
  input: z.array(itemSchema).optional(),
  outputs: z.record(z.string(), z.array(itemSchema)).default({}),
  error: serializedErrorSchema.optional(),
  pinned: z.boolean().optional(),
});
export type NodeRunData = z.output<typeof nodeRunSchema>;

export const executionDetailSchema = executionSummarySchema.extend({
  nodes: z.record(z.string(), nodeRunSchema).default({}),
  order: z.array(z.string()).optional(),
  error: serializedErrorSchema.nullable().optional(),
  triggerNodeId: z.string().optional(),
  triggerItems: z.array(itemSchema).optional(),
});
export type ExecutionDetail = z.output<typeof executionDetailSchema>;

export const workflowSummarySchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  active: z.boolean().default(false),
  updatedAt: timeSchema,
  createdAt: timeSchema,
  version: z.number().optional(),
});
export type WorkflowSummary = z.output<typeof workflowSummarySchema>;

export const localizedTextSchema = z.union([z.string(), z.object({ en: z.string(), de: z.string().optional() })]);
export type LocalizedTextValue = z.output<typeof localizedTextSchema>;

export const credentialTypeSchema = z.looseObject({
  type: z.string(),
  displayName: localizedTextSchema.optional(),
  /** JSON Schema of the credential's data. */
  schema: z.record(z.string(), z.unknown()).optional(),
  secretFields: z.array(z.string()).optional(),
  testable: z.boolean().optional(),
});
export type CredentialTypeInfo = z.output<typeof credentialTypeSchema>;

const credentialSlotSchema = z.looseObject({
  slot: z.string().optional(),
  type: z.union([z.string(), credentialTypeSchema]),
  required: z.boolean().optional(),
});

const translationSchema = z.looseObject({
  displayName: z.string().optional(),
  description: z.string().optional(),
  params: z.record(z.string(), z.looseObject({ label: z.string().optional(), description: z.string().optional() })).optional(),
});

export const nodeGroupSchema = z.enum(['trigger', 'flow', 'data', 'commerce', 'action']);
export type NodeGroupName = z.output<typeof nodeGroupSchema>;

export const nodeTypeSchema = z.looseObject({
  type: z.string(),
  version: z.number().optional(),
  displayName: z.string(),
  description: z.string().default(''),
  group: nodeGroupSchema.catch('action'),
  inputs: z.array(z.string()).default(['main']),
  /** Fixed outputs; absent or null when they depend on params (then `outputsFrom` may say which param). */
  outputs: z.array(z.string()).nullable().optional(),
  params: z.record(z.string(), z.unknown()).default({}),
  literalParams: z.array(z.string()).optional(),
  credentials: z.union([z.record(z.string(), credentialSlotSchema), z.array(credentialSlotSchema)]).optional(),
  trigger: z.looseObject({ kind: z.string() }).nullable().optional(),
  custom: z.boolean().optional(),
  translations: z.looseObject({ de: translationSchema.optional().catch(undefined) }).optional().catch(undefined),
  icon: z.string().optional(),
});
export type NodeType = z.output<typeof nodeTypeSchema>;

export const credentialSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  createdAt: timeSchema,
  updatedAt: timeSchema,
});
export type Credential = z.output<typeof credentialSchema>;

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable().optional() });
}

export const stockLevelSchema = z.looseObject({
  sku: z.string(),
  quantity: z.number(),
  updatedAt: timeSchema,
});
export type StockLevel = z.output<typeof stockLevelSchema>;

export const stockHistoryEntrySchema = z.looseObject({
  sku: z.string(),
  delta: z.number(),
  quantityAfter: z.number(),
  reason: z.string().default(''),
  executionId: z.string().nullable().optional(),
  at: timeSchema,
});
export type StockHistoryEntry = z.output<typeof stockHistoryEntrySchema>;

/** One SKU with its latest changes, newest first. */
export const stockDetailSchema = stockLevelSchema.extend({ history: z.array(stockHistoryEntrySchema).default([]) });
export type StockDetail = z.output<typeof stockDetailSchema>;

export const stockSetResultSchema = z.looseObject({
  sku: z.string(),
  quantity: z.number(),
  previous: z.number(),
  replayed: z.boolean().optional(),
});
export type StockSetResult = z.output<typeof stockSetResultSchema>;
