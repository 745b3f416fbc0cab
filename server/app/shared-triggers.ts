import type { MessageBus } from '../queue/bus.js';
import { TriggerManager, type TriggerManagerDeps } from '../triggers/index.js';

const CHANNEL = 'workflows';

/**
 * Queue mode: a TriggerManager that keeps the webhook routes and schedules of every main and webhook process in
 * line. A process that changes a workflow (activate, save, delete) syncs it and tells the others, which reload it
 * from the store. A missed message (Redis restart) is healed by the periodic `resyncAll`.
 */
export class SharedTriggerManager extends TriggerManager {
  constructor(deps: TriggerManagerDeps, private readonly bus: MessageBus, private readonly onError: (error: unknown) => void) {
    super(deps);
  }

  /** Subscribes to the other processes' changes; call before `start`. */
  async listen(): Promise<void> {
    await this.bus.subscribe(CHANNEL, (workflowId) => {
      super.sync(workflowId).catch((error: unknown) => this.onError(error));
    });
  }

  override async sync(workflowId: string): Promise<void> {
    await super.sync(workflowId);
    await this.bus.publish(CHANNEL, workflowId).catch((error: unknown) => this.onError(error));
  }
}
