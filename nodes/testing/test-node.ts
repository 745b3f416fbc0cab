import { defineNode, inputsOf, isJsonObject } from '../sdk/index.js';
import type {
  Item, JsonObject, NodeDefinition, NodeLogger, NodeServices, SerializedError,
} from '../sdk/index.js';
import { z } from 'zod';
import { MapNodeRegistry } from '../../server/engine/registry.js';
import { runWorkflow } from '../../server/engine/executor/index.js';
import type { RunOutcome, RunRecord } from '../../server/engine/run-record.js';
import type { OnError, RetryPolicy, Workflow, WorkflowNode } from '../../server/engine/workflow/schema.js';

/** An input item: plain json, or a full item (`{ json, binary? }`). */
export type TestItem = JsonObject | Item;

export interface TestNodeOptions {
  /** The node's params as a workflow file holds them (`{{ }}` expressions allowed). */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Items of the node's first input. Default: one empty item, unless `inputs` is given. */
  readonly items?: readonly TestItem[];
  /** Items by input name (merge: `a`, `b`). An input not named here is not connected. */
  readonly inputs?: Readonly<Record<string, readonly TestItem[]>>;
  /** Credential data by slot. */
  readonly credentials?: Readonly<Record<string, Record<string, unknown>>>;
  readonly services?: NodeServices;
  readonly onError?: OnError;
  readonly retry?: Partial<RetryPolicy>;
  readonly vars?: JsonObject;
  readonly nodeId?: string;
  readonly executionId?: string;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  readonly parkAfterMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly random?: () => number;
  readonly logger?: NodeLogger;
}

export interface TestNodeResult {
  /** The run's outcome status (`success` also when onError `continue`/`errorOutput` absorbed an error). */
  readonly status: RunOutcome['status'];
  /** Json of the node's output items by output name (every declared output, possibly empty). */
  readonly outputs: Record<string, JsonObject[]>;
  /** The same output items in full (binary, lineage). */
  readonly items: Record<string, Item[]>;
  /** The node's error: the run's error when it failed, else the first error onError absorbed. */
  readonly error?: SerializedError;
  readonly logs: readonly string[];
  readonly attempts: number;
  readonly record: RunRecord;
}

const TRIGGER_ID = '__testTrigger';
const noParams = z.object({});

/**
 * Runs one node through the real executor, in a generated workflow: a trigger, one source node per given input
 * that emits the items, and the node under test. A trigger node under test gets the items as trigger input.
 */
export async function testNode(definition: NodeDefinition, options: TestNodeOptions = {}): Promise<TestNodeResult> {
  const nodeId = options.nodeId ?? 'node';
  const inputNames = inputsOf(definition);
  const isTrigger = inputNames.length === 0;
  const given = givenInputs(inputNames, options);

  const registry = new MapNodeRegistry([definition]);
  const nodes: WorkflowNode[] = [workflowNode(nodeId, definition.type, options)];
  const connections: Workflow['connections'] = [];
  if (!isTrigger) {
    registry.add(defineNode({
      type: '__testNode.trigger', version: 1, displayName: 'Test trigger', description: 'Starts a testNode run',
      group: 'trigger', inputs: [], params: noParams, run: (ctx) => ctx.item.json,
    }));
    nodes.push(workflowNode(TRIGGER_ID, '__testNode.trigger', {}));
    for (const [name, items] of Object.entries(given)) {
      const type = `__testNode.source.${name}`;
      const sourceId = `__input_${name}`;
      registry.add(sourceNode(type, items));
      nodes.push(workflowNode(sourceId, type, {}));
      connections.push({ from: TRIGGER_ID, output: 'main', to: sourceId, input: 'main' });
      connections.push({ from: sourceId, output: 'main', to: nodeId, input: name });
    }
  }
  const workflow: Workflow = {
    formatVersion: 1,
    id: 'test-node',
    name: `testNode ${definition.type}`,
    nodes,
    connections,
    settings: { saveExecutions: 'none' },
    vars: options.vars ?? {},
  };
  const credentialData = options.credentials ?? {};
  const outcome = await runWorkflow({
    workflow,
    registry,
    executionId: options.executionId ?? 'test-execution',
    mode: 'test',
    triggerNodeId: isTrigger ? nodeId : TRIGGER_ID,
    triggerItems: isTrigger ? (given[inputNames[0] ?? 'main'] ?? [{ json: {} }]) : [{ json: {} }],
    credentials: {
      resolve: async ({ credentialId }) => {
        const data = credentialData[credentialId];
        if (data === undefined) throw new Error(`testNode: no credential data for slot "${credentialId}"`);
        return data;
      },
    },
    ...(options.services !== undefined && { services: options.services }),
    ...(options.signal !== undefined && { signal: options.signal }),
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
    ...(options.parkAfterMs !== undefined && { parkAfterMs: options.parkAfterMs }),
    ...(options.now !== undefined && { now: options.now }),
    ...(options.sleep !== undefined && { sleep: options.sleep }),
    ...(options.random !== undefined && { random: options.random }),
    ...(options.logger !== undefined && { logger: options.logger }),
  });
  return resultOf(outcome, nodeId);
}

function workflowNode(id: string, type: string, options: TestNodeOptions): WorkflowNode {
  const credentials: Record<string, string> = {};
  for (const slot of Object.keys(options.credentials ?? {})) credentials[slot] = slot;
  return {
    id,
    type,
    params: { ...options.params },
    onError: options.onError ?? 'fail',
    disabled: false,
    ...(Object.keys(credentials).length > 0 && { credentials }),
    ...(options.retry !== undefined && {
      retry: { maxAttempts: 3, initialDelayMs: 1000, backoff: 2, maxDelayMs: 300_000, jitter: 0.2, ...options.retry },
    }),
  };
}

function givenInputs(inputNames: readonly string[], options: TestNodeOptions): Record<string, readonly Item[]> {
  const first = inputNames[0] ?? 'main';
  const given: Record<string, readonly Item[]> = {};
  for (const [name, items] of Object.entries(options.inputs ?? {})) given[name] = items.map(toItem);
  if (options.items !== undefined) given[first] = options.items.map(toItem);
  else if (options.inputs === undefined) given[first] = [{ json: {} }];
  return given;
}

function toItem(value: TestItem): Item {
  if (isItem(value)) return value;
  return { json: value };
}

function isItem(value: TestItem): value is Item {
  const json: unknown = value.json;
  return isJsonObject(json) && Object.keys(value).every((key) => key === 'json' || key === 'binary' || key === 'paired');
}

function sourceNode(type: string, items: readonly Item[]): NodeDefinition {
  return defineNode({
    type, version: 1, displayName: 'Test input', description: 'Emits the items given to testNode',
    group: 'flow', mode: 'allItems', params: noParams,
    run: (ctx) => items.map((item) => ctx.emit(item.json, item.binary === undefined ? {} : { binary: item.binary })),
  });
}

function resultOf(outcome: RunOutcome, nodeId: string): TestNodeResult {
  const nodeRun = outcome.record.nodes[nodeId];
  const items: Record<string, Item[]> = {};
  const outputs: Record<string, JsonObject[]> = {};
  for (const [name, list] of Object.entries(nodeRun?.outputs ?? {})) {
    items[name] = [...list];
    outputs[name] = list.map((item) => item.json);
  }
  const error = outcome.status === 'failed' ? outcome.error : nodeRun?.error;
  return {
    status: outcome.status,
    outputs,
    items,
    ...(error !== undefined && { error }),
    logs: nodeRun?.logs ?? [],
    attempts: nodeRun?.attempts ?? 0,
    record: outcome.record,
  };
}
