import type { Item, JsonObject, NodeLogger, NodeServices, CodeScope } from '../../../nodes/sdk/index.js';
import type { NodeAccessor } from '../expressions/types.js';
import type { CompiledNode, CompiledWorkflow } from '../compile/compile-workflow.js';
import type { RunOptions } from '../run-options.js';
import type { ExecutionMode, ExecutionStatus, NodeRun, RunRecord } from '../run-record.js';
import type { SerializedError } from '../../../nodes/sdk/index.js';
import { RunAborted, defaultSleep } from './abort.js';
import type { AbortKind } from './abort.js';

/** Edge states in `RunState.edges`. */
export const EDGE_PENDING = 0;
export const EDGE_DATA = 1;
export const EDGE_SKIPPED = 2;

const EMPTY_JSON_LIST: readonly JsonObject[] = Object.freeze([]);
const NO_SERVICES: NodeServices = Object.freeze({});

/**
 * Mutable state of one run: node outputs, edge states, the record being built, clock, signal. Only the
 * executor touches it; hooks and callers see snapshots (`snapshot()`).
 */
export class RunState {
  readonly executionId: string;
  readonly mode: ExecutionMode;
  readonly execution: { readonly id: string; readonly mode: string };
  readonly workflowInfo: { readonly id: string; readonly name: string };
  readonly services: NodeServices;
  readonly now: () => number;
  readonly random: () => number;
  readonly parkAfterMs: number;
  readonly timeoutMs: number | undefined;
  readonly logger: NodeLogger | undefined;
  readonly startedAt: number;
  readonly triggerNodeId: string;
  readonly triggerItems: readonly Item[];
  abortKind: AbortKind | undefined;

  /** Outputs of decided, non-skipped nodes, by node index. */
  readonly outputs: (Record<string, readonly Item[]> | undefined)[];
  readonly edges: Uint8Array;
  readonly nodeRuns: Record<string, NodeRun>;
  readonly order: string[];

  /** Created on first use of `signal`: most synchronous runs never need one. */
  private controller: AbortController | undefined;
  private readonly sleepFn: (ms: number, signal: AbortSignal) => Promise<void>;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly detach: (() => void) | undefined;
  private identityCache: Map<number, Set<Item>> | undefined;
  private jsonCache: Map<number, readonly JsonObject[]> | undefined;

  constructor(
    readonly options: RunOptions,
    readonly compiled: CompiledWorkflow,
    start: { readonly triggerNodeId: string; readonly triggerItems: readonly Item[] },
  ) {
    const workflow = compiled.workflow;
    this.executionId = options.executionId;
    this.mode = options.mode ?? options.resumeFrom?.mode ?? 'manual';
    this.execution = Object.freeze({ id: this.executionId, mode: this.mode });
    this.workflowInfo = Object.freeze({ id: workflow.id ?? '', name: workflow.name ?? '' });
    this.services = options.services ?? NO_SERVICES;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.parkAfterMs = options.parkAfterMs ?? 5000;
    this.timeoutMs = options.timeoutMs ?? workflow.settings?.timeoutMs;
    this.logger = options.logger;
    this.sleepFn = options.sleep ?? defaultSleep;
    this.startedAt = options.resumeFrom?.startedAt ?? this.now();
    this.triggerNodeId = start.triggerNodeId;
    this.triggerItems = start.triggerItems;
    this.outputs = new Array(compiled.nodes.length).fill(undefined);
    this.edges = new Uint8Array(compiled.edgeCount);
    this.nodeRuns = {};
    this.order = [];

    const external = options.signal;
    if (external !== undefined) {
      if (external.aborted) this.abort('cancelled');
      else {
        const onAbort = (): void => this.abort('cancelled');
        external.addEventListener('abort', onAbort, { once: true });
        this.detach = () => external.removeEventListener('abort', onAbort);
      }
    }
    if (this.timeoutMs !== undefined && Number.isFinite(this.timeoutMs)) {
      this.timer = setTimeout(() => this.abort('timeout'), this.timeoutMs);
    }
  }

  abort(kind: AbortKind): void {
    if (this.abortKind !== undefined) return;
    this.abortKind = kind;
    this.controller?.abort(new RunAborted(kind));
  }

  /** Aborts (reason: RunAborted) when the run is cancelled or times out; given to nodes as `ctx.signal`. */
  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.abortKind !== undefined) this.controller.abort(new RunAborted(this.abortKind));
    }
    return this.controller.signal;
  }

  /** Throws RunAborted when the run was cancelled or timed out. */
  throwIfAborted(): void {
    if (this.abortKind !== undefined) throw new RunAborted(this.abortKind);
  }

  /** Sleeps abortably (the injected `sleep` when given); throws RunAborted when the run is aborted meanwhile. */
  async sleep(ms: number): Promise<void> {
    if (ms > 0) {
      try {
        await this.sleepFn(ms, this.signal);
      } catch (error) {
        this.throwIfAborted();
        throw error;
      }
    }
    this.throwIfAborted();
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.detach?.();
  }

  get hasHooks(): boolean {
    return this.options.hooks !== undefined;
  }

  setNodeRun(nodeRun: NodeRun, decided: boolean): void {
    this.nodeRuns[nodeRun.nodeId] = nodeRun;
    if (decided) this.order.push(nodeRun.nodeId);
  }

  snapshot(status: ExecutionStatus, end?: { finishedAt?: number; error?: SerializedError; resumeAt?: number }): RunRecord {
    return {
      executionId: this.executionId,
      workflowId: this.workflowInfo.id,
      mode: this.mode,
      status,
      startedAt: this.startedAt,
      ...(end?.finishedAt !== undefined && { finishedAt: end.finishedAt }),
      triggerNodeId: this.triggerNodeId,
      triggerItems: this.triggerItems,
      nodes: { ...this.nodeRuns },
      order: [...this.order],
      ...(end?.error !== undefined && { error: end.error }),
      ...(end?.resumeAt !== undefined && { resumeAt: end.resumeAt }),
    };
  }

  /** Json of every output item of a decided node (outputs in declared order, then any extra ones). */
  allJson(node: CompiledNode): readonly JsonObject[] {
    const outputs = this.outputs[node.index];
    if (outputs === undefined) return EMPTY_JSON_LIST;
    const cache = this.jsonCache ?? (this.jsonCache = new Map());
    const cached = cache.get(node.index);
    if (cached !== undefined) return cached;
    const json: JsonObject[] = [];
    for (const name of outputNamesOf(node, outputs)) for (const item of outputs[name] ?? []) json.push(item.json);
    Object.freeze(json);
    cache.set(node.index, json);
    return json;
  }

  /** All output items of a decided node, in the same order as `allJson`. */
  allItems(node: CompiledNode): readonly Item[] {
    const outputs = this.outputs[node.index];
    if (outputs === undefined) return [];
    const items: Item[] = [];
    for (const name of outputNamesOf(node, outputs)) for (const item of outputs[name] ?? []) items.push(item);
    return items;
  }

  /** `$node(id)` as seen from `item` (the item being evaluated, for `.item` lineage). */
  nodeAccessor(id: string, item: Item | undefined): NodeAccessor {
    const node = this.compiled.byId.get(id);
    const state = this;
    return {
      all: () => (node === undefined ? EMPTY_JSON_LIST : state.allJson(node)),
      first: () => (node === undefined ? undefined : state.allJson(node)[0]),
      get item() {
        return node === undefined || item === undefined ? undefined : state.lineage(node, item);
      },
    };
  }

  /**
   * The json of the item of `node` that `item` derives from: `item` itself when `node` produced it, else the
   * first ancestor along `paired` refs that `node` produced. Bounded by the graph's depth.
   */
  lineage(node: CompiledNode, item: Item): JsonObject | undefined {
    const produced = this.identitySet(node);
    if (produced === undefined) return undefined;
    let current: Item | undefined = item;
    for (let hops = 0; current !== undefined && hops <= this.compiled.nodes.length; hops++) {
      if (produced.has(current)) return current.json;
      const ref: Item['paired'] = current.paired;
      if (ref === undefined) return undefined;
      const source = this.compiled.byId.get(ref.node);
      current = source === undefined ? undefined : this.outputs[source.index]?.[ref.output]?.[ref.index];
    }
    return undefined;
  }

  private identitySet(node: CompiledNode): Set<Item> | undefined {
    if (this.outputs[node.index] === undefined) return undefined;
    const cache = this.identityCache ?? (this.identityCache = new Map());
    let set = cache.get(node.index);
    if (set === undefined) {
      set = new Set(this.allItems(node));
      cache.set(node.index, set);
    }
    return set;
  }

  codeScope(): CodeScope {
    const nodes: Record<string, readonly JsonObject[]> = {};
    for (const node of this.compiled.nodes) {
      if (this.outputs[node.index] !== undefined) nodes[node.id] = this.allJson(node);
    }
    return { execution: this.execution, workflow: this.workflowInfo, vars: this.compiled.vars, nodes };
  }
}

function outputNamesOf(node: CompiledNode, outputs: Record<string, readonly Item[]>): readonly string[] {
  const names = Object.keys(outputs);
  if (names.length <= 1) return names;
  const declared = node.outputNames.filter((name) => name in outputs);
  return declared.length === names.length ? declared : [...declared, ...names.filter((name) => !declared.includes(name))];
}
