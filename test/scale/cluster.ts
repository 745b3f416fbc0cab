import { createPgSchema, spawnFlowwerk, tempDir, type FlowwerkProcess, type PgSchema } from './services.js';
import { clearRedisPrefix, uniquePrefix } from './redis.js';

/**
 * A queue-mode installation made of separate OS processes: mains (`flowwerk start`), webhook fronts
 * (`flowwerk start --role webhook`) and workers (`flowwerk worker`), sharing one PostgreSQL schema and one Redis
 * key prefix that no other test uses. `close` kills every process and removes the schema, keys and folders.
 */

export const ENCRYPTION_KEY = 'scale-test-encryption-key-0123456789';

export interface Cluster {
  readonly db: PgSchema;
  readonly prefix: string;
  readonly env: Record<string, string>;
  readonly processes: FlowwerkProcess[];
  main(name?: string, role?: 'main' | 'webhook'): Promise<FlowwerkProcess>;
  worker(name: string, concurrency: number): Promise<FlowwerkProcess>;
  close(): Promise<void>;
}

export interface ClusterOptions {
  readonly redisUrl: string;
  /** PostgreSQL URL the processes use (e.g. through a proxy); default the test database. */
  readonly databaseUrl?: string;
  readonly env?: Record<string, string>;
}

export async function createCluster(name: string, options: ClusterOptions): Promise<Cluster> {
  const db = await createPgSchema(name);
  const prefix = uniquePrefix(name);
  const env: Record<string, string> = {
    FLOWWERK_DATABASE_URL: db.urlVia(options.databaseUrl),
    FLOWWERK_REDIS_URL: options.redisUrl,
    FLOWWERK_REDIS_PREFIX: prefix,
    FLOWWERK_ENCRYPTION_KEY: ENCRYPTION_KEY,
    ...options.env,
  };
  const processes: FlowwerkProcess[] = [];
  const dirs: { remove(): void }[] = [];
  const dirFor = (label: string): string => {
    const dir = tempDir(`${name}-${label}`);
    dirs.push(dir);
    return dir.path;
  };
  return {
    db,
    prefix,
    env,
    processes,
    async main(label = 'main', role = 'main') {
      const p = await spawnFlowwerk({ name: label, args: ['start', '--port', '0', '--data-dir', dirFor(label), '--role', role], env });
      processes.push(p);
      return p;
    },
    async worker(label, concurrency) {
      const p = await spawnFlowwerk({ name: label, args: ['worker', '--concurrency', String(concurrency), '--data-dir', dirFor(label)], env, ready: /flowwerk worker ready()/ });
      processes.push(p);
      return p;
    },
    async close() {
      await Promise.all(processes.map((p) => p.kill('SIGKILL')));
      for (const dir of dirs) dir.remove();
      await db.drop().catch(() => undefined);
      await clearRedisPrefix(options.redisUrl, prefix).catch(() => undefined);
    },
  };
}
