import path from 'node:path';
import { envSchema, type Env } from './schema.js';

/** The validated configuration the server runs with. */
export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  /** Absolute. */
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  /** PostgreSQL schema (default `public`). */
  readonly databaseSchema: string | undefined;
  readonly redisUrl: string | undefined;
  /** Queue mode settings (used only with `redisUrl`). */
  readonly redisPrefix: string;
  readonly leaseMs: number;
  readonly recoveryIntervalMs: number;
  /** Queue mode: the worker's /healthz port (FLOWWERK_WORKER_HEALTH_PORT), or none. */
  readonly workerHealthPort: number | undefined;
  readonly encryptionKey: string | undefined;
  readonly apiKey: string | undefined;
  /** Absolute folders, in the given order. */
  readonly customNodeDirs: readonly string[];
  readonly logLevel: Env['FLOWWERK_LOG_LEVEL'];
  readonly concurrency: number;
  readonly queueLimit: number;
  readonly shutdownTimeoutMs: number;
  readonly webhookTimeoutMs: number;
  readonly maxBodyBytes: number;
  readonly trustProxy: boolean | number;
  readonly publicUrl: string | undefined;
  readonly codeTimeoutMs: number;
  readonly codeMemoryMb: number;
  readonly loginRateLimit: number;
  readonly editorDir: string | undefined;
  readonly logRequests: boolean;
}

/** A bad environment value: `message` is one line that names the variable. */
export class ConfigError extends Error {
  readonly variable: string;
  constructor(variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

export interface ConfigOverrides {
  readonly port?: number;
  readonly dataDir?: string;
  /** `flowwerk worker --concurrency N`. */
  readonly concurrency?: number;
}

/**
 * Reads the FLOWWERK_* variables of `env` (empty strings count as unset), applies CLI overrides, and resolves
 * paths against `cwd`. Throws `ConfigError` for the first invalid variable.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>, overrides: ConfigOverrides = {}, cwd = process.cwd()): ServerConfig {
  const relevant: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') relevant[key] = value.trim();
  }
  const parsed = envSchema.safeParse(relevant);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'FLOWWERK_*');
    throw new ConfigError(variable, `${issue?.message ?? 'invalid'} (got ${JSON.stringify(relevant[variable] ?? '')})`);
  }
  const e = parsed.data;
  if (overrides.port !== undefined && (!Number.isInteger(overrides.port) || overrides.port < 0 || overrides.port > 65535)) {
    throw new ConfigError('--port', `must be an integer 0..65535 (got ${overrides.port})`);
  }
  const trust = e.FLOWWERK_TRUST_PROXY;
  return {
    port: overrides.port ?? e.FLOWWERK_PORT,
    host: e.FLOWWERK_HOST,
    dataDir: path.resolve(cwd, overrides.dataDir ?? e.FLOWWERK_DATA_DIR),
    databaseUrl: e.FLOWWERK_DATABASE_URL,
    databaseSchema: e.FLOWWERK_DATABASE_SCHEMA,
    redisUrl: e.FLOWWERK_REDIS_URL,
    redisPrefix: e.FLOWWERK_REDIS_PREFIX,
    leaseMs: e.FLOWWERK_LEASE_MS,
    recoveryIntervalMs: e.FLOWWERK_RECOVERY_INTERVAL_MS,
    workerHealthPort: e.FLOWWERK_WORKER_HEALTH_PORT,
    encryptionKey: e.FLOWWERK_ENCRYPTION_KEY,
    apiKey: e.FLOWWERK_API_KEY,
    customNodeDirs: (e.FLOWWERK_CUSTOM_NODES ?? '')
      .split(':')
      .map((dir) => dir.trim())
      .filter((dir) => dir !== '')
      .map((dir) => path.resolve(cwd, dir)),
    logLevel: e.FLOWWERK_LOG_LEVEL,
    concurrency: overrides.concurrency ?? e.FLOWWERK_CONCURRENCY,
    queueLimit: e.FLOWWERK_QUEUE_LIMIT,
    shutdownTimeoutMs: e.FLOWWERK_SHUTDOWN_TIMEOUT_MS,
    webhookTimeoutMs: e.FLOWWERK_WEBHOOK_TIMEOUT_MS,
    maxBodyBytes: e.FLOWWERK_MAX_BODY_MB * 1024 * 1024,
    trustProxy: trust === 'true' ? true : trust === 'false' ? false : Number(trust),
    publicUrl: e.FLOWWERK_PUBLIC_URL?.replace(/\/+$/, ''),
    codeTimeoutMs: e.FLOWWERK_CODE_TIMEOUT_MS,
    codeMemoryMb: e.FLOWWERK_CODE_MEMORY_MB,
    loginRateLimit: e.FLOWWERK_LOGIN_RATE_LIMIT,
    editorDir: e.FLOWWERK_EDITOR_DIR === undefined ? undefined : path.resolve(cwd, e.FLOWWERK_EDITOR_DIR),
    logRequests: e.FLOWWERK_LOG_REQUESTS,
  };
}
