import type { Workflow } from '../engine/workflow/schema.js';
import type { WorkflowStore } from '../store/types.js';

/**
 * Workflow versions by `id@version`. Versions never change once saved, so entries never go stale; the cache is
 * bounded (oldest entry evicted first).
 */
export class WorkflowVersions {
  private readonly entries = new Map<string, Workflow & { readonly id: string }>();

  constructor(private readonly store: WorkflowStore, private readonly max = 500) {}

  remember(id: string, version: number, workflow: Workflow & { readonly id: string }): void {
    const key = `${id}@${version}`;
    if (this.entries.has(key)) return;
    if (this.entries.size >= this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, workflow);
  }

  async get(id: string, version: number): Promise<(Workflow & { readonly id: string }) | undefined> {
    const cached = this.entries.get(`${id}@${version}`);
    if (cached !== undefined) return cached;
    const stored = await this.store.getVersion(id, version);
    if (stored === undefined) return undefined;
    this.remember(id, version, stored.workflow);
    return stored.workflow;
  }
}
