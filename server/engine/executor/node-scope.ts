import { FatalError } from '../../../nodes/sdk/index.js';
import type { JsonObject, NodeLogger } from '../../../nodes/sdk/index.js';
import type { CompiledNode } from '../compile/compile-workflow.js';
import type { NodeInputs } from './inputs.js';
import type { RunState } from './run-state.js';

const MAX_LOG_LINES = 1000;

/** Thrown by `waitUntil` when the wait is longer than `parkAfterMs`: the node run parks until `resumeAt`. */
export class ParkRequest {
  constructor(readonly resumeAt: number) {}
}

/**
 * What one node run shares between its items and tries: the node, its inputs, logs, resolved credentials,
 * the `$input` json list, and whether a parked wait is being resumed.
 */
export class NodeRunScope {
  readonly logs: string[] = [];
  private inputJsonCache: readonly JsonObject[] | undefined;
  private credentialCache: Map<string, Promise<Record<string, unknown>>> | undefined;
  private loggerCache: NodeLogger | undefined;

  constructor(
    readonly run: RunState,
    readonly node: CompiledNode,
    readonly inputs: NodeInputs,
    /** True when this run resumes a node that parked in `waitUntil`: the next `waitUntil` resolves at once. */
    public waitReleased: boolean,
  ) {}

  /** `$input`: json of the first input's items, computed once. */
  inputJson(): readonly JsonObject[] {
    if (this.inputJsonCache === undefined) {
      this.inputJsonCache = Object.freeze(this.inputs.first.items.map((item) => item.json));
    }
    return this.inputJsonCache;
  }

  get logger(): NodeLogger {
    return this.loggerCache ?? (this.loggerCache = this.makeLogger());
  }

  private makeLogger(): NodeLogger {
    const line = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, data?: Record<string, unknown>): void => {
      if (this.logs.length < MAX_LOG_LINES) this.logs.push(`${level}: ${message}`);
      this.run.logger?.[level](message, { ...data, node: this.node.id, executionId: this.run.executionId });
    };
    return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
  }

  hasCredential(slot: string): boolean {
    return this.node.node.credentials?.[slot] !== undefined;
  }

  /** Resolves and validates the credential in `slot`, once per node run. */
  credential(slot: string): Promise<Record<string, unknown>> {
    const cache = this.credentialCache ?? (this.credentialCache = new Map());
    let pending = cache.get(slot);
    if (pending === undefined) {
      pending = this.resolveCredential(slot);
      cache.set(slot, pending);
    }
    return pending;
  }

  private async resolveCredential(slot: string): Promise<Record<string, unknown>> {
    const node = this.node;
    const declared = node.definition.credentials?.[slot];
    if (declared === undefined) {
      throw this.nodeError(new FatalError(`node "${node.id}" has no credential slot "${slot}"`, { code: 'CREDENTIAL_SLOT_UNKNOWN' }));
    }
    const credentialId = node.node.credentials?.[slot];
    const resolver = this.run.options.credentials;
    if (credentialId === undefined || resolver === undefined) {
      throw this.nodeError(new FatalError(`node "${node.id}" needs a "${declared.type.type}" credential in slot "${slot}"`, { code: 'CREDENTIAL_MISSING' }));
    }
    const data = await resolver.resolve({ credentialId, type: declared.type.type, nodeId: node.id });
    const parsed = declared.type.schema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue === undefined ? '' : ` (${issue.path.map(String).join('.') || 'data'}: ${issue.message})`;
      throw this.nodeError(new FatalError(`credential "${credentialId}" in slot "${slot}" is invalid${where}`, { code: 'CREDENTIAL_INVALID' }));
    }
    return parsed.data;
  }

  /**
   * Resolves at `epochMs`: at once when due or when a parked wait is being released; sleeps when the wait is at
   * most `parkAfterMs`; otherwise throws ParkRequest so the run parks.
   */
  async waitUntil(epochMs: number): Promise<void> {
    if (this.waitReleased) {
      this.waitReleased = false;
      return;
    }
    const delay = epochMs - this.run.now();
    if (!(delay > 0)) return;
    if (delay > this.run.parkAfterMs) throw new ParkRequest(epochMs);
    await this.run.sleep(delay);
  }

  private nodeError(error: FatalError): FatalError {
    error.node = this.node.id;
    return error;
  }
}
