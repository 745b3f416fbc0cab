import type { Item } from '../../nodes/sdk/index.js';
import type { NodeRegistry } from '../engine/registry.js';
import type { Workflow } from '../engine/workflow/schema.js';
import type { ExecutionService } from '../executions/types.js';
import type { Store, StoredWorkflow } from '../store/types.js';
import { Scheduler, type SchedulerLogger, type Timer } from './scheduler.js';
import { triggersOf, type TriggerProblem, type WebhookTrigger } from './specs.js';
import { TestListeners } from './test-listeners.js';
import { WebhookTable } from './webhook-table.js';

/**
 * Keeps the server's trigger registrations in line with the store: production webhook routes and schedules of
 * every active workflow (rebuilt by `start`, updated by `sync` after activate/deactivate/save/delete), and the
 * editor's test-webhook listeners.
 */

export interface TriggerManagerDeps {
  readonly store: Store;
  readonly registry: NodeRegistry;
  readonly executions: ExecutionService;
  readonly logger: SchedulerLogger;
  readonly now?: () => number;
  readonly setTimer?: (callback: () => void, ms: number) => Timer;
}

export class TriggerManager {
  readonly webhooks = new WebhookTable();
  readonly tests: TestListeners;
  readonly scheduler: Scheduler;
  /** Active workflows at their current version, by id (webhook calls read them from here). */
  private readonly active = new Map<string, StoredWorkflow>();

  constructor(private readonly deps: TriggerManagerDeps) {
    this.tests = new TestListeners(deps.now);
    this.scheduler = new Scheduler({
      store: deps.store.triggers,
      logger: deps.logger,
      fire: (workflowId, nodeId, tick) => this.fireSchedule(workflowId, nodeId, tick),
      ...(deps.now !== undefined && { now: deps.now }),
      ...(deps.setTimer !== undefined && { setTimer: deps.setTimer }),
    });
  }

  /** Registers every active workflow's triggers. */
  async start(): Promise<void> {
    for (const stored of await this.deps.store.workflows.listActive()) {
      try {
        await this.register(stored);
      } catch (error) {
        this.deps.logger.error({ workflowId: stored.id, error: String(error) }, 'triggers of workflow not registered');
      }
    }
  }

  stop(): void {
    this.scheduler.stop();
  }

  /** Reloads one workflow from the store and (re)registers or removes its triggers. */
  async sync(workflowId: string): Promise<void> {
    const stored = await this.deps.store.workflows.get(workflowId);
    if (stored === undefined || !stored.active) {
      this.unregister(workflowId);
      if (stored === undefined) await this.deps.store.triggers.clear(workflowId);
      return;
    }
    await this.register(stored);
  }

  /**
   * Brings the registrations in line with the store: registers active workflows that are new or changed (version
   * or update time), removes those no longer active. Processes sharing a store call it periodically, so that a
   * change announced while they did not listen (message bus down) still takes effect.
   */
  async resyncAll(): Promise<{ readonly registered: readonly string[]; readonly removed: readonly string[] }> {
    const active = await this.deps.store.workflows.listActive();
    const ids = new Set(active.map((stored) => stored.id));
    const removed = [...this.active.keys()].filter((id) => !ids.has(id));
    for (const id of removed) this.unregister(id);
    const registered: string[] = [];
    for (const stored of active) {
      const current = this.active.get(stored.id);
      if (current !== undefined && current.version === stored.version && current.updatedAt === stored.updatedAt) continue;
      try {
        await this.register(stored);
        registered.push(stored.id);
      } catch (error) {
        this.deps.logger.error({ workflowId: stored.id, error: String(error) }, 'triggers of workflow not registered');
      }
    }
    return { registered, removed };
  }

  /** Problems that stop `workflow` from being active: bad trigger params, webhook routes taken by others. */
  activationProblems(workflowId: string, workflow: Workflow): TriggerProblem[] {
    const triggers = triggersOf(workflow, this.deps.registry);
    const problems = [...triggers.problems];
    for (const clash of this.webhooks.conflicts(workflowId, triggers.webhooks)) {
      const index = workflow.nodes.findIndex((node) => node.id === clash.nodeId);
      problems.push({
        path: `nodes[${index}].params.path`,
        message:
          clash.takenBy.workflowId === workflowId
            ? `${clash.takenBy.spec.method} /webhook/${clash.takenBy.spec.path} is used by two nodes of this workflow`
            : `${clash.takenBy.spec.method} /webhook/${clash.takenBy.spec.path} is already served by active workflow "${clash.takenBy.workflowId}"`,
      });
    }
    return problems;
  }

  webhookTriggers(workflow: Workflow): readonly WebhookTrigger[] {
    return triggersOf(workflow, this.deps.registry).webhooks;
  }

  activeWorkflow(workflowId: string): StoredWorkflow | undefined {
    return this.active.get(workflowId);
  }

  /** Forgets the schedule state of a deactivated workflow so reactivating does not replay old ticks. */
  async forgetSchedules(workflowId: string): Promise<void> {
    await this.deps.store.triggers.clear(workflowId);
  }

  private async register(stored: StoredWorkflow): Promise<void> {
    const triggers = triggersOf(stored.workflow, this.deps.registry);
    for (const problem of triggers.problems) {
      this.deps.logger.warn({ workflowId: stored.id, path: problem.path, error: problem.message }, 'trigger skipped');
    }
    this.active.set(stored.id, stored);
    this.webhooks.set(stored.id, triggers.webhooks);
    await this.scheduler.set(stored.id, triggers.schedules, stored.workflow.settings.timezone);
  }

  private unregister(workflowId: string): void {
    this.active.delete(workflowId);
    this.webhooks.remove(workflowId);
    this.scheduler.remove(workflowId);
  }

  private async fireSchedule(workflowId: string, nodeId: string, tick: number): Promise<void> {
    const stored = this.active.get(workflowId) ?? (await this.deps.store.workflows.get(workflowId));
    if (stored === undefined || !stored.active) return;
    const triggerItems: Item[] = [{ json: { firedAt: new Date(tick).toISOString() } }];
    const result = await this.deps.executions.accept({ workflow: stored, mode: 'schedule', triggerNodeId: nodeId, triggerItems });
    switch (result.status) {
      case 'accepted':
        this.deps.logger.info({ workflowId, nodeId, executionId: result.executionId, tick: new Date(tick).toISOString() }, 'schedule fired');
        return;
      case 'duplicate':
        return;
      case 'full':
      case 'closed':
        this.deps.logger.warn({ workflowId, nodeId, tick: new Date(tick).toISOString(), reason: result.status }, 'schedule tick not run');
        return;
      default: {
        const unreachable: never = result;
        throw new Error(`unknown accept result ${JSON.stringify(unreachable)}`);
      }
    }
  }
}
