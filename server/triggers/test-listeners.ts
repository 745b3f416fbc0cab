import type { StoredWorkflow } from '../store/types.js';
import { matchSegments, parsePattern, type Segment } from './paths.js';
import type { WebhookTrigger } from './specs.js';

/**
 * "Listen for a test call": the editor registers a one-shot listener per workflow for N seconds. The next call to
 * `/webhook-test/<path>` matching one of its webhook triggers is taken (once) and runs in `test` mode; the editor
 * then reads `state()` to find the execution.
 */

export type TestListenerState =
  | { readonly status: 'idle' }
  | { readonly status: 'listening'; readonly expiresAt: number }
  | { readonly status: 'received'; readonly expiresAt: number; readonly executionId: string | null }
  | { readonly status: 'expired'; readonly expiresAt: number };

interface Listener {
  readonly workflow: StoredWorkflow;
  readonly hooks: readonly (WebhookTrigger & { readonly segments: readonly Segment[] })[];
  readonly expiresAt: number;
  received: boolean;
  executionId: string | null;
}

export interface TestMatch {
  readonly workflow: StoredWorkflow;
  readonly hook: WebhookTrigger;
  readonly params: Record<string, string>;
  /** Records the execution the call started, for `state()`. */
  readonly started: (executionId: string) => void;
}

export class TestListeners {
  private readonly listeners = new Map<string, Listener>();

  constructor(private readonly now: () => number = Date.now) {}

  listen(workflow: StoredWorkflow, hooks: readonly WebhookTrigger[], seconds: number): TestListenerState {
    const expiresAt = this.now() + seconds * 1000;
    this.listeners.set(workflow.id, {
      workflow,
      hooks: hooks.map((hook) => ({ ...hook, segments: parsePattern(hook.spec.path) })),
      expiresAt,
      received: false,
      executionId: null,
    });
    return { status: 'listening', expiresAt };
  }

  stop(workflowId: string): boolean {
    return this.listeners.delete(workflowId);
  }

  state(workflowId: string): TestListenerState {
    const listener = this.listeners.get(workflowId);
    if (listener === undefined) return { status: 'idle' };
    if (listener.received) return { status: 'received', expiresAt: listener.expiresAt, executionId: listener.executionId };
    if (listener.expiresAt <= this.now()) return { status: 'expired', expiresAt: listener.expiresAt };
    return { status: 'listening', expiresAt: listener.expiresAt };
  }

  /** Takes the listener a test call matches (it then stops listening); `allowed` lists methods of path-only matches. */
  take(method: string, path: string): { match?: TestMatch; allowed: string[] } {
    const now = this.now();
    const allowed: string[] = [];
    for (const listener of this.listeners.values()) {
      if (listener.received || listener.expiresAt <= now) continue;
      for (const hook of listener.hooks) {
        const params = matchSegments(hook.segments, path);
        if (params === undefined) continue;
        if (hook.spec.method !== method.toUpperCase()) {
          allowed.push(hook.spec.method);
          continue;
        }
        listener.received = true;
        return {
          match: { workflow: listener.workflow, hook, params, started: (executionId) => { listener.executionId = executionId; } },
          allowed,
        };
      }
    }
    return { allowed };
  }
}
