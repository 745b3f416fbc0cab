import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig, type ServerConfig } from '../config/index.js';
import { createApp } from '../http/index.js';
import { createLogger } from './logger.js';
import { buildServices } from './services.js';

export interface StartOptions {
  readonly port?: number;
  readonly dataDir?: string;
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
 * `flowwerk start`: validates the environment (throws ConfigError naming the variable), opens the store, loads
 * custom nodes, recovers unfinished executions, registers triggers, then listens. Prints a one-time setup link
 * while no owner account exists.
 */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const loaded = loadConfig(options.env ?? process.env, {
    ...(options.port !== undefined && { port: options.port }),
    ...(options.dataDir !== undefined && { dataDir: options.dataDir }),
  });
  const config: ServerConfig = loaded.editorDir === undefined ? { ...loaded, editorDir: defaultEditorDir() } : loaded;
  const logger = createLogger(config.logLevel, options.logStream);
  const services = await buildServices(config, logger);
  const app = createApp(services.deps);

  const recovered = await services.executions.recover();
  if (recovered.length > 0) logger.info({ count: recovered.length }, 'resuming unfinished executions');
  await services.triggers.start();

  const server = createServer(app);
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 0;
  const address = await listen(server, config.port, config.host);
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
  const publicUrl = config.publicUrl ?? url;
  logger.info({ url, dataDir: config.dataDir, store: services.store.dialect, customNodes: config.customNodeDirs }, `flowwerk listening on ${url}`);

  if (await services.auth.setupRequired()) {
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
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      services.triggers.stop();
      await services.executions.drain(config.shutdownTimeoutMs);
      server.closeAllConnections();
      await stopped;
      await services.store.close();
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
