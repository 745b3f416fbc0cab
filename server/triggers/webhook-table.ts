import type { WebhookSpec } from '../../nodes/sdk/index.js';
import { matchSegments, normalizePath, parsePattern, routeKey, specificity, type Segment } from './paths.js';

/**
 * The production webhook routes: (method, path pattern) → the workflow node serving it. At most one active
 * workflow node per method and path shape; `conflicts` reports clashes before a workflow is activated.
 */

export interface WebhookRoute {
  readonly workflowId: string;
  readonly nodeId: string;
  readonly spec: WebhookSpec;
  readonly segments: readonly Segment[];
}

export interface WebhookMatch {
  readonly route: WebhookRoute;
  readonly params: Record<string, string>;
}

function keyOf(method: string, segments: readonly Segment[]): string {
  return `${method.toUpperCase()} ${routeKey(segments)}`;
}

export class WebhookTable {
  private readonly routes = new Map<string, WebhookRoute>();
  private sorted: WebhookRoute[] | undefined;

  /** Routes of other workflows that the given ones would clash with. */
  conflicts(workflowId: string, hooks: readonly { readonly nodeId: string; readonly spec: WebhookSpec }[]): { nodeId: string; takenBy: WebhookRoute }[] {
    const found: { nodeId: string; takenBy: WebhookRoute }[] = [];
    const own = new Set<string>();
    for (const hook of hooks) {
      const key = keyOf(hook.spec.method, parsePattern(hook.spec.path));
      const taken = this.routes.get(key);
      if (taken !== undefined && taken.workflowId !== workflowId) found.push({ nodeId: hook.nodeId, takenBy: taken });
      if (own.has(key)) found.push({ nodeId: hook.nodeId, takenBy: { workflowId, nodeId: hook.nodeId, spec: hook.spec, segments: parsePattern(hook.spec.path) } });
      own.add(key);
    }
    return found;
  }

  /** Replaces a workflow's routes (an empty list removes them). Clashing routes of others are kept. */
  set(workflowId: string, hooks: readonly { readonly nodeId: string; readonly spec: WebhookSpec }[]): void {
    this.remove(workflowId);
    for (const hook of hooks) {
      const segments = parsePattern(hook.spec.path);
      const key = keyOf(hook.spec.method, segments);
      if (!this.routes.has(key)) this.routes.set(key, { workflowId, nodeId: hook.nodeId, spec: hook.spec, segments });
    }
    this.sorted = undefined;
  }

  remove(workflowId: string): void {
    for (const [key, route] of this.routes) if (route.workflowId === workflowId) this.routes.delete(key);
    this.sorted = undefined;
  }

  /** The most specific route for the method and path; `allowed` lists methods the path has when none matched. */
  match(method: string, path: string): { match?: WebhookMatch; allowed: string[] } {
    this.sorted ??= [...this.routes.values()].sort((a, b) => specificity(b.segments) - specificity(a.segments));
    const wanted = method.toUpperCase();
    const allowed: string[] = [];
    const normalized = normalizePath(path);
    for (const route of this.sorted) {
      const params = matchSegments(route.segments, normalized);
      if (params === undefined) continue;
      if (route.spec.method === wanted || (wanted === 'HEAD' && route.spec.method === 'GET')) return { match: { route, params }, allowed };
      allowed.push(route.spec.method);
    }
    return { allowed };
  }

  list(): readonly WebhookRoute[] {
    return [...this.routes.values()];
  }
}
