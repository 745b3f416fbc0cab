/** The HTTP layer: `createApp(deps)` (express 5), errors, metrics, OpenAPI. */
export { createApp } from './app.js';
export type { AppDeps, AppLogger, WorkflowValidator, ValidationProblem } from './deps.js';
export { ApiError, errorBody, errorMiddleware } from './errors.js';
export { createMetrics } from './metrics.js';
export type { ServerMetrics, MetricsSources } from './metrics.js';
export { openApiDocument } from './openapi.js';
export { catalogEntry } from './routes/nodes.js';
