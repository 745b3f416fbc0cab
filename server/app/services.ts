import { randomUUID } from 'node:crypto';
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
import { createClusterLink } from '../executions/cluster.js';
import { createBullQueue } from '../queue/bullmq.js';
import { createRedisBus, type MessageBus } from '../queue/bus.js';
import { createMetrics, type AppDeps, type ServerMetrics } from '../http/index.js';
import { createCipher, createCredentialService, credentialTypesFrom, loadEncryptionKey, type Store } from '../store/index.js';
import { TriggerManager } from '../triggers/index.js';
import { instrumentRegistry } from './instrument.js';
import { checkEncryptionKey } from './key-check.js';
import { nodeLogger } from './logger.js';
import { openConfiguredStore } from './preflight.js';
import { SharedTriggerManager } from './shared-triggers.js';

/**
 * What a process does. Without Redis (`FLOWWERK_REDIS_URL` unset) there is only `main`, running everything
 * in-process. In queue mode: `main` (API, editor, webhooks, schedules; stores and queues runs), `webhook`
 * (webhooks only), `worker` (runs executions from Redis, no HTTP).
 */
export type ProcessRole = 'main' | 'webhook' | 'worker';

export interface BuildOptions {
  readonly role?: ProcessRole;
  /** Queue mode: this process's id (lease owner, reply address); default a random UUID. */
  readonly processId?: string;
  /** Waits longer than this park the execution (default 5000 ms; tests shorten it). */
  readonly parkAfterMs?: number;
}

/** Everything a running server holds, built from the config in dependency order. */
export interface ServerServices {
  readonly role: ProcessRole;
  /** True in queue mode (Redis). */
  readonly queueMode: boolean;
  readonly store: Store;
  readonly registry: NodeRegistry;
  readonly executions: ExecutionService;
  readonly auth: AuthService;
  readonly triggers: TriggerManager;
  readonly metrics: ServerMetrics;
  readonly deps: AppDeps;
  /** Stops triggers, drains executions within `graceMs`, closes Redis connections and the store. */
  close(graceMs: number): Promise<void>;
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

export async function buildServices(config: ServerConfig, logger: Logger, options: BuildOptions = {}): Promise<ServerServices> {
  const role = options.role ?? 'main';
  const redisUrl = config.redisUrl;
  if (role !== 'main' && redisUrl === undefined) throw new Error(`internal: the ${role} role needs queue mode (FLOWWERK_REDIS_URL)`);
  mkdirSync(config.dataDir, { recursive: true });
  const base = createBuiltinRegistry();
  const custom = await loadCustomNodes(config.customNodeDirs, new Set(base.list().map((node) => node.type)), logger);
  const customTypes = new Set<string>();
  for (const pkg of custom.packages) for (const node of pkg.nodes) {
    base.add(node);
    customTypes.add(node.type);
  }

  const store = await openConfiguredStore(config);
  const key = loadEncryptionKey(config.dataDir, config.encryptionKey);
  if (key.source === 'generated') logger.info({ path: `${config.dataDir}/encryption.key` }, 'generated a credential encryption key');
  if (redisUrl !== undefined && config.encryptionKey === undefined) {
    logger.warn({}, 'queue mode: set FLOWWERK_ENCRYPTION_KEY to the same value in every process (a process whose key cannot decrypt the stored credentials refuses to start)');
  }
  const cipher = createCipher(key.key);
  try {
    await checkEncryptionKey(store.credentials, cipher, { source: key.source, path: `${config.dataDir}/encryption.key` });
  } catch (error) {
    await store.close();
    throw error;
  }
  const credentials = createCredentialService({ store: store.credentials, cipher, types: credentialTypesFrom(base, builtinCredentialTypes) });

  let executionsRef: ExecutionService | undefined;
  const metrics = createMetrics({
    queue: () => executionsRef?.stats() ?? { running: 0, backlog: 0 },
    executionCounts: () => store.executions.countByStatus(),
    defaultMetrics: true,
  });
  const registry = instrumentRegistry(base, metrics, logger);
  const sandbox = role === 'worker' || role === 'main' ? await loadSandbox(config, logger) : undefined;
  const processId = options.processId ?? randomUUID();
  const reportRedis = (error: unknown): void => logger.warn({ error: String(error) }, 'redis');
  const bus: MessageBus | undefined = redisUrl === undefined ? undefined : createRedisBus({ redisUrl, prefix: config.redisPrefix, onError: reportRedis });
  const executions = createExecutionService({
    store,
    registry,
    credentials,
    ...(sandbox !== undefined && { sandbox }),
    hostServices: { stock: store.stock, orders: store.orders },
    concurrency: config.concurrency,
    maxBacklog: config.queueLimit,
    ...(options.parkAfterMs !== undefined && { parkAfterMs: options.parkAfterMs }),
    ...(redisUrl !== undefined &&
      bus !== undefined && {
        createQueue: (process) =>
          createBullQueue({
            redisUrl,
            prefix: config.redisPrefix,
            ...(role === 'worker' && { process }),
            concurrency: config.concurrency,
            maxBacklog: config.queueLimit,
            lockDurationMs: config.leaseMs,
            onError: (error, job) => logger.warn({ error: String(error), ...(job !== undefined && { executionId: job.executionId }) }, 'queue'),
          }),
        cluster: createClusterLink({ bus, processId, onError: reportRedis }),
        ...(role === 'worker' && { lease: { owner: processId, ttlMs: config.leaseMs } }),
      }),
    logger: nodeLogger(logger),
    onExecutionEnd: (event) => {
      metrics.executionEnded(event.status, event.mode, event.durationMs);
      logger.info({ executionId: event.executionId, workflowId: event.workflowId, mode: event.mode, status: event.status, ms: event.durationMs }, 'execution ended');
    },
  });
  executionsRef = executions;
  const auth = createAuthService({ store: store.auth, ...(config.apiKey !== undefined && { envApiKey: config.apiKey }), loginRateLimit: config.loginRateLimit });
  const triggers =
    bus === undefined
      ? new TriggerManager({ store, registry, executions, logger })
      : new SharedTriggerManager({ store, registry, executions, logger }, bus, (error) => logger.warn({ error: String(error) }, 'trigger sync'));
  if (triggers instanceof SharedTriggerManager && role !== 'worker') await triggers.listen();
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
  let closing: Promise<void> | undefined;
  const close = (graceMs: number): Promise<void> =>
    (closing ??= (async () => {
      triggers.stop();
      await executions.drain(graceMs);
      await bus?.close();
      await store.close();
    })());
  return { role, queueMode: redisUrl !== undefined, store, registry, executions, auth, triggers, metrics, deps, close };
}
