import { z } from 'zod';

/**
 * The server's configuration from the environment (contract: "Configuration"). Every variable is optional and
 * has a default; a present but invalid value is a `ConfigError` naming the variable.
 */

const port = z.coerce.number().int('must be an integer').min(0, 'must be 0..65535').max(65535, 'must be 0..65535');
const positiveInt = z.coerce.number().int('must be an integer').positive('must be positive');
const nonNegativeInt = z.coerce.number().int('must be an integer').min(0, 'must be at least 0');
const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], { error: 'must be true or false' })
  .transform((value) => ['1', 'true', 'yes', 'on'].includes(value));

export const envSchema = z.object({
  FLOWWERK_PORT: port.default(5680),
  FLOWWERK_HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
  FLOWWERK_DATA_DIR: z.string().min(1, 'must not be empty').default('./.flowwerk'),
  FLOWWERK_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  /** PostgreSQL schema of the store (created if missing); tests and side-by-side installations use their own. */
  FLOWWERK_DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier (a-z, 0-9, _)')
    .optional(),
  FLOWWERK_REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  /** Queue mode: prefix of every Redis key and channel (several installations or tests can share one Redis). */
  FLOWWERK_REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1-64 characters of A-Z a-z 0-9 _ . : -')
    .default('flowwerk'),
  /** Queue mode: a worker that stops renewing its execution lease (and BullMQ job lock) for this long counts as dead. */
  FLOWWERK_LEASE_MS: positiveInt.min(1000, 'must be at least 1000').max(600_000, 'must be at most 600000').default(30_000),
  /** Queue mode: a worker answers GET /healthz on this port (FLOWWERK_HOST) for orchestrators; unset: no HTTP. */
  FLOWWERK_WORKER_HEALTH_PORT: port.optional(),
  /** Queue mode: how often a main re-queues what the store has accepted but no worker holds (jobs lost with Redis). */
  FLOWWERK_RECOVERY_INTERVAL_MS: positiveInt.min(500, 'must be at least 500').default(15_000),
  /** Any string of 16+ characters; hashed into the AES-256 key by the credential store. */
  FLOWWERK_ENCRYPTION_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  FLOWWERK_API_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  FLOWWERK_CUSTOM_NODES: z.string().optional(),
  FLOWWERK_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Executions run at the same time in this process. */
  FLOWWERK_CONCURRENCY: positiveInt.max(10_000, 'must be at most 10000').default(20),
  /** Queued executions beyond which webhooks answer 429. */
  FLOWWERK_QUEUE_LIMIT: positiveInt.default(10_000),
  /** Grace period for running executions on SIGTERM. */
  FLOWWERK_SHUTDOWN_TIMEOUT_MS: nonNegativeInt.default(10_000),
  /** `respondNode`/`lastNode` webhooks answer 202 + executionId after this long; the run goes on. */
  FLOWWERK_WEBHOOK_TIMEOUT_MS: positiveInt.default(30_000),
  /** Request body limit for webhooks and the API. */
  FLOWWERK_MAX_BODY_MB: positiveInt.max(1024, 'must be at most 1024').default(16),
  /** Trust X-Forwarded-* from a reverse proxy (express `trust proxy`): `true`, `false`, or a hop count. */
  FLOWWERK_TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d+)$/, 'must be true, false or a hop count')
    .default('false'),
  /** Public base URL used in the setup link and webhook URLs; default http://HOST:PORT. */
  FLOWWERK_PUBLIC_URL: z.url({ error: 'must be an http(s) URL' }).optional(),
  /** Code node limits. */
  FLOWWERK_CODE_TIMEOUT_MS: positiveInt.max(600_000, 'must be at most 600000').default(5_000),
  FLOWWERK_CODE_MEMORY_MB: positiveInt.max(4096, 'must be at most 4096').default(64),
  /** Login attempts per client IP per minute. */
  FLOWWERK_LOGIN_RATE_LIMIT: positiveInt.default(10),
  /** Serve the editor from this folder (default: dist/editor of the package). */
  FLOWWERK_EDITOR_DIR: z.string().min(1).optional(),
  /** Log each HTTP request (info level). */
  FLOWWERK_LOG_REQUESTS: bool.default(false),
});

export type Env = z.output<typeof envSchema>;
