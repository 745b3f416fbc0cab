import type { z } from 'zod';
import type { NodeDefinition, ScheduleSpec, WebhookSpec } from '../../nodes/sdk/index.js';
import type { NodeRegistry } from '../engine/registry.js';
import type { Workflow } from '../engine/workflow/schema.js';

/**
 * The trigger specs of a workflow: for every enabled node whose type declares a `webhook` or `schedule`
 * trigger, the spec computed from its (static, schema-parsed) params. Params that fail their schema are
 * reported as problems instead.
 */

export interface WebhookTrigger {
  readonly nodeId: string;
  readonly spec: WebhookSpec;
}

export interface ScheduleTrigger {
  readonly nodeId: string;
  readonly spec: ScheduleSpec;
}

export interface TriggerProblem {
  readonly path: string;
  readonly message: string;
}

export interface WorkflowTriggers {
  readonly webhooks: readonly WebhookTrigger[];
  readonly schedules: readonly ScheduleTrigger[];
  readonly problems: readonly TriggerProblem[];
}

type StaticParams = z.output<NodeDefinition['params']>;

function parsedParams(definition: NodeDefinition, params: unknown): { ok: true; value: StaticParams } | { ok: false; message: string } {
  const result = definition.params.safeParse(params);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, message: result.error.issues.map((issue) => `${issue.path.join('.') || '(params)'}: ${issue.message}`).join('; ') };
}

export function triggersOf(workflow: Workflow, registry: NodeRegistry): WorkflowTriggers {
  const webhooks: WebhookTrigger[] = [];
  const schedules: ScheduleTrigger[] = [];
  const problems: TriggerProblem[] = [];
  workflow.nodes.forEach((node, index) => {
    if (node.disabled) return;
    const definition = registry.get(node.type);
    const trigger = definition?.trigger;
    if (definition === undefined || trigger === undefined) return;
    if (trigger.kind !== 'webhook' && trigger.kind !== 'schedule') return;
    const params = parsedParams(definition, node.params);
    if (!params.ok) {
      problems.push({ path: `nodes[${index}].params`, message: params.message });
      return;
    }
    try {
      if (trigger.kind === 'webhook' && trigger.webhook !== undefined) {
        webhooks.push({ nodeId: node.id, spec: trigger.webhook(params.value) });
      } else if (trigger.kind === 'schedule' && trigger.schedule !== undefined) {
        schedules.push({ nodeId: node.id, spec: trigger.schedule(params.value) });
      }
    } catch (error) {
      problems.push({ path: `nodes[${index}].params`, message: error instanceof Error ? error.message : String(error) });
    }
  });
  return { webhooks, schedules, problems };
}
