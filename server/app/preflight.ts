import { ConfigError, type ServerConfig } from '../config/index.js';
import { checkRedis } from '../queue/redis.js';
import { openStore, type Store } from '../store/index.js';

/** `host:port/database` of a PostgreSQL URL, without credentials. */
function postgresTarget(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port === '' ? '5432' : parsed.port}${parsed.pathname}`;
  } catch {
    return '(unparsable URL)';
  }
}

/** Queue mode: Redis must answer before anything starts; a ConfigError (exit 2) names the variable otherwise. */
export async function checkQueueConfig(config: ServerConfig): Promise<void> {
  if (config.redisUrl === undefined) return;
  try {
    await checkRedis(config.redisUrl);
  } catch (error) {
    throw new ConfigError('FLOWWERK_REDIS_URL', error instanceof Error ? error.message : String(error));
  }
}

/**
 * Opens the configured store; an unreachable PostgreSQL or bad credentials become a ConfigError naming
 * FLOWWERK_DATABASE_URL (one line, no password), within `timeoutMs`.
 */
export async function openConfiguredStore(config: ServerConfig, timeoutMs = 15_000): Promise<Store> {
  const url = config.databaseUrl;
  const opening = openStore({
    dataDir: config.dataDir,
    ...(url !== undefined && { databaseUrl: url }),
    ...(config.databaseSchema !== undefined && { schema: config.databaseSchema }),
  });
  if (url === undefined) return opening;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      opening,
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).replace(/^PostgreSQL at FLOWWERK_DATABASE_URL is not usable: /, '');
    // A store that opens after the timeout is closed again.
    void opening.then((store) => store.close()).catch(() => undefined);
    throw new ConfigError('FLOWWERK_DATABASE_URL', `cannot use PostgreSQL at ${postgresTarget(url)}: ${message.split('\n')[0] ?? message}`);
  } finally {
    clearTimeout(timer);
  }
}
