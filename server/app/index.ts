/** Server wiring: `startServer` for `flowwerk start`, and the pieces tests assemble in-process. */
export { startServer } from './start.js';
export type { StartOptions, RunningServer } from './start.js';
export { buildServices } from './services.js';
export type { ServerServices } from './services.js';
export { createLogger, nodeLogger } from './logger.js';
export { ConfigError, loadConfig } from '../config/index.js';
export type { ServerConfig } from '../config/index.js';
