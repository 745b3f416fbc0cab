/** Server configuration from FLOWWERK_* environment variables. */
export { loadConfig, ConfigError } from './load.js';
export type { ServerConfig, ConfigOverrides } from './load.js';
export { envSchema } from './schema.js';
export type { Env } from './schema.js';
