/** Server wiring: `startServer` for `flowwerk start`, `startWorker` for `flowwerk worker`, and the pieces tests assemble in-process. */
export { startServer } from './start.js';
export type { StartOptions, RunningServer } from './start.js';
export { startWorker } from './worker.js';
export type { WorkerOptions, RunningWorker } from './worker.js';
export { buildServices } from './services.js';
export type { ServerServices, ProcessRole, BuildOptions } from './services.js';
export { createWebhookApp } from './webhook-app.js';
export { createLogger, nodeLogger } from './logger.js';
export { ConfigError, loadConfig } from '../config/index.js';
export type { ServerConfig } from '../config/index.js';
