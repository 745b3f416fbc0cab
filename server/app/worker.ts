import { ConfigError, loadConfig, type ServerConfig } from '../config/index.js';
import { createLogger } from './logger.js';
import { checkQueueConfig } from './preflight.js';
import { buildServices } from './services.js';
import { startWorkerHealth, type WorkerHealth } from './worker-health.js';

export interface WorkerOptions {
  readonly dataDir?: string;
  /** Executions run at once (default FLOWWERK_CONCURRENCY). */
  readonly concurrency?: number;
  /** Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Install SIGTERM/SIGINT handlers that drain and exit 0 (default true). */
  readonly handleSignals?: boolean;
  readonly logStream?: NodeJS.WritableStream;
}

export interface RunningWorker {
  readonly config: ServerConfig;
  /** `http://host:port` of GET /healthz when FLOWWERK_WORKER_HEALTH_PORT is set. */
  readonly healthUrl: string | undefined;
  /** Stops taking jobs; running executions finish within the grace period, the rest go back to the queue. */
  close(): Promise<void>;
}

/**
 * `flowwerk worker`: queue mode only (FLOWWERK_REDIS_URL). Takes executions from Redis and runs them under a
 * lease in the shared store; no HTTP. Logs `flowwerk worker ready` once it takes jobs.
 */
export async function startWorker(options: WorkerOptions = {}): Promise<RunningWorker> {
  const config = loadConfig(options.env ?? process.env, {
    ...(options.dataDir !== undefined && { dataDir: options.dataDir }),
    ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
  });
  if (config.redisUrl === undefined) {
    throw new ConfigError('FLOWWERK_REDIS_URL', 'must be set: the worker takes executions from Redis (queue mode)');
  }
  const logger = createLogger(config.logLevel, options.logStream);
  await checkQueueConfig(config);
  const services = await buildServices(config, logger, { role: 'worker' });
  let health: WorkerHealth | undefined;
  if (config.workerHealthPort !== undefined) {
    try {
      health = await startWorkerHealth(services, config.host, config.workerHealthPort);
    } catch (error) {
      await services.close(0);
      throw new ConfigError('FLOWWERK_WORKER_HEALTH_PORT', `cannot listen on ${config.host}:${config.workerHealthPort} (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  logger.info(
    { concurrency: config.concurrency, prefix: config.redisPrefix, store: services.store.dialect, leaseMs: config.leaseMs, ...(health !== undefined && { health: `${health.url}/healthz` }) },
    `flowwerk worker ready (concurrency ${config.concurrency})`,
  );

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      logger.info({ graceMs: config.shutdownTimeoutMs }, 'worker shutting down');
      await health?.close();
      await services.close(config.shutdownTimeoutMs);
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
  return { config, healthUrl: health?.url, close };
}
