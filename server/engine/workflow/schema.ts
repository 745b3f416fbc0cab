import { z } from 'zod';

/**
 * Workflow format 1: the one schema for files, the REST API, the store and the editor. Structural rules live
 * here; graph and node-type rules (unknown types, cycles, params, outputs) are checked by `validateWorkflow`.
 */

const jsonValue: z.ZodType<unknown> = z.unknown();

export const nodeIdSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .regex(/^[^\u0000-\u001f"`]+$/, 'must not contain control characters, quotes or backticks');

export const retryPolicySchema = z.strictObject({
  maxAttempts: z.int().min(1).max(100).default(3).describe('Tries in all, the first included'),
  initialDelayMs: z.int().min(0).max(86_400_000).default(1000).describe('Delay before the second try'),
  backoff: z.number().min(1).max(10).default(2).describe('Factor applied to the delay after each try'),
  maxDelayMs: z.int().min(0).max(86_400_000).default(300_000).describe('Upper bound of any delay'),
  jitter: z.number().min(0).max(1).default(0.2).describe('Random share of the delay, 0..1'),
});
export type RetryPolicy = z.output<typeof retryPolicySchema>;

export const onErrorSchema = z.enum(['fail', 'continue', 'errorOutput']);
export type OnError = z.output<typeof onErrorSchema>;

export const positionSchema = z.strictObject({ x: z.number(), y: z.number() });

export const workflowNodeSchema = z.strictObject({
  id: nodeIdSchema,
  type: z.string().min(1, 'must name a node type'),
  name: z.string().max(200).optional(),
  params: z.record(z.string(), jsonValue).default({}),
  position: positionSchema.optional(),
  credentials: z.record(z.string(), z.string().min(1)).optional(),
  retry: retryPolicySchema.optional(),
  onError: onErrorSchema.default('fail'),
  disabled: z.boolean().default(false),
  notes: z.string().max(10_000).optional(),
});
export type WorkflowNode = z.output<typeof workflowNodeSchema>;

export const connectionSchema = z.strictObject({
  from: nodeIdSchema,
  output: z.string().min(1).default('main'),
  to: nodeIdSchema,
  input: z.string().min(1).default('main'),
});
export type Connection = z.output<typeof connectionSchema>;

export const stickyNoteSchema = z.strictObject({
  id: z.string().min(1),
  text: z.string().max(10_000),
  position: positionSchema,
  width: z.number().positive().optional(),
  height: z.number().positive().optional(),
  color: z.string().max(32).optional(),
});

export const workflowSettingsSchema = z.strictObject({
  timezone: z.string().min(1).optional(),
  /** Workflow id started (its `errorTrigger`) when a run of this workflow fails. */
  errorWorkflow: z.string().min(1).optional(),
  /** Which finished executions are kept; a running one is always checkpointed. */
  saveExecutions: z.enum(['all', 'errors', 'none']).default('all'),
  /** Whole-run limit; unset means no limit. */
  timeoutMs: z.int().positive().optional(),
});

export const workflowSchema = z.strictObject({
  formatVersion: z.literal(1).default(1),
  id: nodeIdSchema.optional(),
  name: z.string().min(1, 'must not be empty').max(200).default('Untitled workflow'),
  description: z.string().max(10_000).optional(),
  nodes: z.array(workflowNodeSchema),
  connections: z.array(connectionSchema).default([]),
  settings: workflowSettingsSchema.default({ saveExecutions: 'all' }),
  /** Workflow variables, `$vars` in expressions. */
  vars: z.record(z.string(), jsonValue).default({}),
  /** Output items pinned in the editor per node id: test runs reuse them instead of running the node. */
  pinData: z.record(z.string(), z.array(z.record(z.string(), jsonValue))).optional(),
  stickyNotes: z.array(stickyNoteSchema).optional(),
});

/** A workflow after parsing: defaults filled in. */
export type Workflow = z.output<typeof workflowSchema>;
/** A workflow as written in a file (defaults optional). */
export type WorkflowInput = z.input<typeof workflowSchema>;

/** The JSON Schema of the format, for the editor and the docs. */
export function workflowJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(workflowSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
