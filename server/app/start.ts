import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, type ServerConfig } from '../config/index.js';
import { createApp } from '../http/index.js';
import { createLogger } from './logger.js';
import { checkQueueConfig } from './preflight.js';
import { buildServices } from './services.js';
import { SharedTriggerManager } from './shared-triggers.js';
import { createWebhookApp } from './webhook-app.js';

export interface StartOptions {
  readonly port?: number;
  readonly dataDir?: string;
  /** `main` (default): API, editor, webhooks, schedules. `webhook` (queue mode only): webhooks and /healthz. */
  readonly role?: 'main' | 'webhook';
  /** Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Install SIGTERM/SIGINT handlers that close gracefully and exit 0 (default true). */
  readonly handleSignals?: boolean;
  /** Log destination (default stdout). */
  readonly logStream?: NodeJS.WritableStream;
}

export interface RunningServer {
  readonly url: string;
  readonly config: ServerConfig;
  /** Stops accepting, drains running executions within the grace period, closes the store. Idempotent. */
  close(): Promise<void>;
}

/** `dist/editor` next to the package root (this file is server/app/start.ts or dist/server/app/start.js). */
function defaultEditorDir(): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of [path.resolve(here, '../../editor'), path.resolve(here, '../../dist/editor'), path.resolve(here, '../../../dist/editor')]) {
    if (existsSync(path.join(candidate, 'index.html'))) return candidate;
  }
  return undefined;
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      if (address === null || typeof address === 'string') reject(new Error('server has no TCP address'));
      else resolve(address);
    });
  });
}

/**
 * `flowwerk start`: validates the environment (throws ConfigError naming the variable), checks Redis in queue mode,
 * opens the store, loads custom nodes, recovers unfinished executions, registers triggers, then listens. Prints a
 * one-time setup link while no owner account exists. In queue mode a main re-queues orphaned executions every
 * `FLOWWERK_RECOVERY_INTERVAL_MS`; a `webhook` process serves webhooks only (no schedules, no recovery).
 */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const loaded = loadConfig(options.env ?? process.env, {
    ...(options.port !== undefined && { port: options.port }),
    ...(options.dataDir !== undefined && { dataDir: options.dataDir }),
  });
  const config: ServerConfig = loaded.editorDir === undefined ? { ...loaded, editorDir: defaultEditorDir() } : loaded;
  const role = options.role ?? 'main';
  if (role === 'webhook' && config.redisUrl === undefined) throw new ConfigError('--role', 'webhook needs queue mode: set FLOWWERK_REDIS_URL');
  const logger = createLogger(config.logLevel, options.logStream);
  await checkQueueConfig(config);
  const services = await buildServices(config, logger, { role });
  const app = role === 'webhook' ? createWebhookApp(services.deps) : createApp(services.deps);

  let reconciler: NodeJS.Timeout | undefined;
  if (role === 'main') {
    const recovered = await services.executions.recover();
    if (recovered.length > 0) logger.info({ count: recovered.length }, 'resuming unfinished executions');
    if (services.queueMode) {
      reconciler = setInterval(() => {
        services.executions.reconcile(config.recoveryIntervalMs).then(
          (ids) => {
            if (ids.length > 0) logger.info({ count: ids.length }, 're-queued orphaned executions');
          },
          (error: unknown) => logger.warn({ error: String(error) }, 'recovery sweep failed'),
        );
      }, config.recoveryIntervalMs);
      reconciler.unref();
    }
  } else {
    // Schedules belong to main processes.
    services.triggers.scheduler.stop();
  }
  await services.triggers.start();
  // Queue mode: heal trigger tables that missed a change message (Redis restart).
  const triggers = services.triggers;
  const resync =
    triggers instanceof SharedTriggerManager
      ? setInterval(() => void triggers.resync().catch((error: unknown) => logger.warn({ error: String(error) }, 'trigger resync failed')), 30_000)
      : undefined;
  resync?.unref();

  const server = createServer(app);
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 0;
  const address = await listen(server, config.port, config.host);
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
  const publicUrl = config.publicUrl ?? url;
  logger.info(
    { url, role, queue: services.queueMode ? `redis (prefix ${config.redisPrefix})` : 'in-process', dataDir: config.dataDir, store: services.store.dialect, customNodes: config.customNodeDirs },
    `flowwerk listening on ${url}`,
  );

  if (role === 'main' && (await services.auth.setupRequired())) {
    const link = `${publicUrl}/setup?token=${services.auth.setupToken}`;
    logger.info({ setupUrl: link }, 'create the owner account');
    process.stderr.write(`flowwerk: open ${link} to create the owner account (one-time link)\n`);
  }

  const maintenance = setInterval(() => {
    const now = Date.now();
    void services.store.dedupe.prune(now).catch(() => undefined);
    void services.store.auth.pruneSessions(now).catch(() => undefined);
  }, 3600_000);
  maintenance.unref();

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      logger.info({ graceMs: config.shutdownTimeoutMs }, 'shutting down');
      clearInterval(maintenance);
      clearInterval(reconciler);
      clearInterval(resync);
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await services.close(config.shutdownTimeoutMs);
      server.closeAllConnections();
      await stopped;
      logger.info({}, 'stopped');
      logger.flush();
    })());

  if (options.handleSignals !== false) {
    const onSignal = (signal: NodeJS.Signals): void => {
      logger.info({ signal }, 'signal received');
      close().then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`flowwerk: shutdown failed: ${String(error)}\n`);
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }

  return { url, config, close };
}
