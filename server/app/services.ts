import { mkdirSync } from 'node:fs';
import type { Logger } from 'pino';
import { builtinCredentialTypes } from '../../nodes/credentials/index.js';
import { createBuiltinRegistry } from '../../nodes/builtin.js';
import { createHttpClient } from '../../nodes/sdk/http.js';
import type { CodeSandbox } from '../../nodes/sdk/index.js';
import { createAuthService, type AuthService } from '../auth/index.js';
import type { ServerConfig } from '../config/index.js';
import { loadCustomNodes } from '../custom-nodes/index.js';
import { validateWorkflow } from '../engine/index.js';
import type { NodeRegistry } from '../engine/registry.js';
import { createExecutionService, type ExecutionService } from '../executions/index.js';
import { createMetrics, type AppDeps, type ServerMetrics } from '../http/index.js';
import { createCipher, createCredentialService, credentialTypesFrom, loadEncryptionKey, openStore, type Store } from '../store/index.js';
import { TriggerManager } from '../triggers/index.js';
import { instrumentRegistry } from './instrument.js';
import { nodeLogger } from './logger.js';

/** Everything a running server holds, built from the config in dependency order. */
export interface ServerServices {
  readonly store: Store;
  readonly registry: NodeRegistry;
  readonly executions: ExecutionService;
  readonly auth: AuthService;
  readonly triggers: TriggerManager;
  readonly metrics: ServerMetrics;
  readonly deps: AppDeps;
}

/** The code node's sandbox when the sandbox module is present in this build. */
async function loadSandbox(config: ServerConfig, logger: Logger): Promise<CodeSandbox | undefined> {
  const specifier = '../sandbox/index.js';
  try {
    const module_: { createCodeSandbox?: (options: Record<string, unknown>) => CodeSandbox } = await import(specifier);
    if (typeof module_.createCodeSandbox !== 'function') return undefined;
    return module_.createCodeSandbox({ timeoutMs: config.codeTimeoutMs, memoryMb: config.codeMemoryMb });
  } catch (error) {
    logger.warn({ error: String(error) }, 'code sandbox not available: code nodes will fail with SERVICE_UNAVAILABLE');
    return undefined;
  }
}

export async function buildServices(config: ServerConfig, logger: Logger): Promise<ServerServices> {
  mkdirSync(config.dataDir, { recursive: true });
  const base = createBuiltinRegistry();
  const custom = await loadCustomNodes(config.customNodeDirs, new Set(base.list().map((node) => node.type)), logger);
  const customTypes = new Set<string>();
  for (const pkg of custom.packages) for (const node of pkg.nodes) {
    base.add(node);
    customTypes.add(node.type);
  }

  const store = await openStore({ dataDir: config.dataDir, ...(config.databaseUrl !== undefined && { databaseUrl: config.databaseUrl }) });
  const key = loadEncryptionKey(config.dataDir, config.encryptionKey);
  if (key.source === 'generated') logger.info({ path: `${config.dataDir}/encryption.key` }, 'generated a credential encryption key');
  const credentials = createCredentialService({ store: store.credentials, cipher: createCipher(key.key), types: credentialTypesFrom(base, builtinCredentialTypes) });

  let executionsRef: ExecutionService | undefined;
  const metrics = createMetrics({
    queue: () => executionsRef?.stats() ?? { running: 0, backlog: 0 },
    executionCounts: () => store.executions.countByStatus(),
    defaultMetrics: true,
  });
  const registry = instrumentRegistry(base, metrics, logger);
  const sandbox = await loadSandbox(config, logger);
  const executions = createExecutionService({
    store,
    registry,
    credentials,
    ...(sandbox !== undefined && { sandbox }),
    hostServices: { stock: store.stock, orders: store.orders },
    concurrency: config.concurrency,
    maxBacklog: config.queueLimit,
    logger: nodeLogger(logger),
    onExecutionEnd: (event) => {
      metrics.executionEnded(event.status, event.mode, event.durationMs);
      logger.info({ executionId: event.executionId, workflowId: event.workflowId, mode: event.mode, status: event.status, ms: event.durationMs }, 'execution ended');
    },
  });
  executionsRef = executions;
  const auth = createAuthService({ store: store.auth, ...(config.apiKey !== undefined && { envApiKey: config.apiKey }), loginRateLimit: config.loginRateLimit });
  const triggers = new TriggerManager({ store, registry, executions, logger });
  const deps: AppDeps = {
    store,
    executions,
    credentials,
    registry,
    auth,
    triggers,
    metrics,
    logger,
    customTypes,
    validateWorkflow: (input) => validateWorkflow(input, registry),
    http: createHttpClient({ signal: new AbortController().signal, idempotencyKey: 'credential-test' }),
    options: {
      maxBodyBytes: config.maxBodyBytes,
      webhookTimeoutMs: config.webhookTimeoutMs,
      trustProxy: config.trustProxy,
      ...(config.editorDir !== undefined && { editorDir: config.editorDir }),
      ...(config.publicUrl !== undefined && { publicUrl: config.publicUrl }),
      logRequests: config.logRequests,
    },
  };
  return { store, registry, executions, auth, triggers, metrics, deps };
}
