import type { MessageBus } from '../queue/bus.js';
import { TriggerManager, type TriggerManagerDeps } from '../triggers/index.js';

const CHANNEL = 'workflows';

/**
 * Queue mode: a TriggerManager that keeps the webhook routes and schedules of every main and webhook process in
 * line. A process that changes a workflow (activate, save, delete) syncs it and tells the others, which reload it
 * from the store. A missed message (Redis restart) is healed by `resync`, which reloads the workflows whose
 * active version differs from this process's view (a main calls it periodically).
 */
export class SharedTriggerManager extends TriggerManager {
  private readonly store: TriggerManagerDeps['store'];
  /** Workflow ids this process has registered at some point. */
  private readonly known = new Set<string>();

  constructor(deps: TriggerManagerDeps, private readonly bus: MessageBus, private readonly onError: (error: unknown) => void) {
    super(deps);
    this.store = deps.store;
  }

  /** Subscribes to the other processes' changes; call before `start`. */
  async listen(): Promise<void> {
    await this.bus.subscribe(CHANNEL, (workflowId) => {
      this.known.add(workflowId);
      super.sync(workflowId).catch((error: unknown) => this.onError(error));
    });
  }

  override async start(): Promise<void> {
    await super.start();
    for (const stored of await this.store.workflows.listActive()) this.known.add(stored.id);
  }

  override async sync(workflowId: string): Promise<void> {
    this.known.add(workflowId);
    await super.sync(workflowId);
    await this.bus.publish(CHANNEL, workflowId).catch((error: unknown) => this.onError(error));
  }

  /** Reloads (locally) every workflow whose active version in the store differs from what this process serves. */
  async resync(): Promise<void> {
    const active = await this.store.workflows.listActive();
    const stale = new Set<string>();
    for (const stored of active) {
      if (this.activeWorkflow(stored.id)?.version !== stored.version) stale.add(stored.id);
    }
    const activeIds = new Set(active.map((stored) => stored.id));
    for (const id of this.known) if (!activeIds.has(id) && this.activeWorkflow(id) !== undefined) stale.add(id);
    for (const id of stale) {
      this.known.add(id);
      await super.sync(id);
    }
  }
}
