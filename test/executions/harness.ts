import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { builtinNodes } from '../../nodes/builtin.js';
import { FatalError, defineNode, defineCredentialType } from '../../nodes/sdk/index.js';
import type { JsonObject } from '../../nodes/sdk/index.js';
import { MapNodeRegistry } from '../../server/engine/registry.js';
import { workflowSchema, type WorkflowInput } from '../../server/engine/workflow/schema.js';
import { createExecutionService } from '../../server/executions/service.js';
import type { ExecutionService, ExecutionServiceDeps } from '../../server/executions/types.js';
import { createCipher } from '../../server/store/credentials/crypto.js';
import { createCredentialService, credentialTypesFrom, type CredentialService } from '../../server/store/credentials/service.js';
import { openSqliteStore } from '../../server/store/sqlite/open.js';
import type { Store, StoredWorkflow } from '../../server/store/types.js';

/**
 * Test nodes and a service factory on a real SQLite file. `probe` counts its runs per node id and behaves as
 * `probeState.behaviour[nodeId]` says: pass (default), `fail` (FatalError), `block` (never returns, ignores
 * cancellation: a crash stand-in) or `blockAbortable` (returns only when aborted).
 */
export const probeState = {
  calls: {} as Record<string, number>,
  keys: {} as Record<string, string[]>,
  behaviour: {} as Record<string, 'pass' | 'fail' | 'block' | 'blockAbortable'>,
  started: {} as Record<string, () => void>,
  reset() {
    this.calls = {};
    this.keys = {};
    this.behaviour = {};
    this.started = {};
  },
};

/** Resolves when the probe `nodeId` starts its next run. */
export function probeStarted(nodeId: string): Promise<void> {
  return new Promise((resolve) => {
    probeState.started[nodeId] = resolve;
  });
}

const probe = defineNode({
  type: 'test.probe',
  version: 1,
  displayName: 'Probe',
  description: 'counts runs',
  group: 'flow',
  mode: 'allItems',
  params: z.object({}),
  run: async (ctx) => {
    probeState.calls[ctx.nodeId] = (probeState.calls[ctx.nodeId] ?? 0) + 1;
    (probeState.keys[ctx.nodeId] ??= []).push(ctx.idempotencyKey(0));
    probeState.started[ctx.nodeId]?.();
    const behaviour = probeState.behaviour[ctx.nodeId] ?? 'pass';
    switch (behaviour) {
      case 'pass':
        break;
      case 'fail':
        throw new FatalError(`probe ${ctx.nodeId} failed`, { code: 'PROBE_FAILED' });
      case 'block':
        await new Promise(() => undefined);
        break;
      case 'blockAbortable':
        await new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
        break;
      default: {
        const unreachable: never = behaviour;
        throw new Error(String(unreachable));
      }
    }
    return ctx.items.map((item) => ({ ...item.json, [ctx.nodeId]: true }));
  },
});

export const tokenCredential = defineCredentialType({
  type: 'test.token',
  displayName: 'Test token',
  schema: z.object({ account: z.string(), token: z.string() }),
  secretFields: ['token'],
});

/** Outputs its credential's token (a node that leaks a secret into its output). */
const leaky = defineNode({
  type: 'test.leaky',
  version: 1,
  displayName: 'Leaky',
  description: 'echoes a secret',
  group: 'action',
  params: z.object({}),
  credentials: { auth: { type: tokenCredential, required: true } },
  run: async (ctx) => {
    const data = await ctx.credential('auth');
    return { account: data.account, header: `Bearer ${data.token}` } satisfies JsonObject;
  },
});

export const registry = new MapNodeRegistry([...builtinNodes, probe, leaky]);

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'flowwerk-exec-'));
}

export interface Harness {
  readonly store: Store;
  readonly service: ExecutionService;
  readonly credentials: CredentialService;
}

export async function openHarness(dataDir: string, overrides: Partial<ExecutionServiceDeps> = {}): Promise<Harness> {
  const store = await openSqliteStore({ dataDir, ...(overrides.now !== undefined && { now: overrides.now }) });
  const credentials = createCredentialService({
    store: store.credentials,
    cipher: createCipher('test-key-0123456789abcdef'),
    types: credentialTypesFrom(registry),
  });
  const service = createExecutionService({ store, registry, credentials, ...overrides });
  return { store, service, credentials };
}

export async function saveWorkflow(store: Store, input: WorkflowInput & { id: string }): Promise<StoredWorkflow> {
  const workflow = { ...workflowSchema.parse(input), id: input.id };
  const existing = await store.workflows.get(input.id);
  return existing === undefined ? store.workflows.create(workflow) : store.workflows.save(input.id, workflow);
}

/** manual → each probe id in a chain. */
export function chain(id: string, probes: readonly string[], settings: WorkflowInput['settings'] = {}): WorkflowInput & { id: string } {
  const ids = ['start', ...probes];
  return {
    id,
    nodes: [{ id: 'start', type: 'manual' }, ...probes.map((nodeId) => ({ id: nodeId, type: 'test.probe' }))],
    connections: ids.slice(1).map((to, index) => ({ from: ids[index] ?? 'start', to })),
    settings,
  };
}
