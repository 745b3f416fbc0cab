import { createHttpClient } from '../../../nodes/sdk/http.js';
import type {
  AllItemsContext, CodeScope, CredentialSlots, EmitOptions, Emitted, HttpClient, Item, JsonObject, NodeLogger,
  NodeServices, PerItemContext,
} from '../../../nodes/sdk/index.js';
import type { NodeParams } from '../compile/params-plan.js';
import { emitted } from './items.js';
import type { NodeRunScope } from './node-scope.js';
import { paramsFor } from './params.js';

/** Fields and methods every node context shares; all read through the node run, so a context is cheap. */
abstract class BaseNodeContext {
  private httpClient: HttpClient | undefined;

  constructor(protected readonly scope: NodeRunScope, readonly attempt: number) {}

  get nodeId(): string {
    return this.scope.node.id;
  }

  get nodeType(): string {
    return this.scope.node.node.type;
  }

  get execution(): { readonly id: string; readonly mode: string } {
    return this.scope.run.execution;
  }

  get workflow(): { readonly id: string; readonly name: string } {
    return this.scope.run.workflowInfo;
  }

  get signal(): AbortSignal {
    return this.scope.run.signal;
  }

  get logger(): NodeLogger {
    return this.scope.logger;
  }

  get services(): NodeServices {
    return this.scope.run.services;
  }

  now(): number {
    return this.scope.run.now();
  }

  get vars(): JsonObject {
    return this.scope.run.compiled.vars;
  }

  /** Created on first use, with this context's idempotency key. */
  get http(): HttpClient {
    return this.httpClient ?? (this.httpClient = createHttpClient({
      signal: this.scope.run.signal,
      idempotencyKey: this.httpIdempotencyKey(),
      logger: this.scope.logger,
    }));
  }

  protected abstract httpIdempotencyKey(): string;

  credential(slot: string): Promise<Record<string, unknown>> {
    return this.scope.credential(slot);
  }

  hasCredential(slot: string): boolean {
    return this.scope.hasCredential(slot);
  }

  emit(json: JsonObject, options?: EmitOptions): Emitted {
    return emitted(options?.output ?? 'main', json, options?.binary, options?.pairedIndex);
  }

  codeScope(): CodeScope {
    return this.scope.run.codeScope();
  }

  waitUntil(epochMs: number): Promise<void> {
    return this.scope.waitUntil(epochMs);
  }

  protected keyFor(itemIndex: number): string {
    return `${this.scope.run.executionId}:${this.scope.node.id}:${itemIndex}`;
  }
}

export class PerItemNodeContext extends BaseNodeContext implements PerItemContext<NodeParams, CredentialSlots> {
  constructor(scope: NodeRunScope, attempt: number, readonly item: Item, readonly itemIndex: number, readonly params: NodeParams) {
    super(scope, attempt);
  }

  get idempotencyKey(): string {
    return this.keyFor(this.itemIndex);
  }

  protected httpIdempotencyKey(): string {
    return this.keyFor(this.itemIndex);
  }
}

export class AllItemsNodeContext extends BaseNodeContext implements AllItemsContext<NodeParams, CredentialSlots> {
  private inputsByName: Readonly<Record<string, readonly Item[]>> | undefined;

  /** `params`: evaluated for the first item by the executor before `run` is called. */
  constructor(scope: NodeRunScope, attempt: number, readonly params: NodeParams) {
    super(scope, attempt);
  }

  paramsAt(index: number): NodeParams {
    return paramsFor(this.scope, this.scope.inputs.first.items[index], index);
  }

  get items(): readonly Item[] {
    return this.scope.inputs.first.items;
  }

  get inputs(): Readonly<Record<string, readonly Item[]>> {
    if (this.inputsByName === undefined) {
      const byName: Record<string, readonly Item[]> = {};
      for (const [name, list] of Object.entries(this.scope.inputs.byName)) byName[name] = list.items;
      this.inputsByName = Object.freeze(byName);
    }
    return this.inputsByName;
  }

  idempotencyKey(itemIndex: number): string {
    return this.keyFor(itemIndex);
  }

  protected httpIdempotencyKey(): string {
    return `${this.scope.run.executionId}:${this.scope.node.id}`;
  }
}
