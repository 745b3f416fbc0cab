import express, { type Express, type Request } from 'express';
import { authenticate } from '../auth/index.js';
import { webhookHandler } from '../triggers/index.js';
import type { AppDeps } from './deps.js';
import { ApiError, errorBody, errorMiddleware, notFoundHandler } from './errors.js';
import { openApiDocument } from './openapi.js';
import { RouteTable } from './route.js';
import { authRoutes } from './routes/auth.js';
import { credentialRoutes } from './routes/credentials.js';
import { stockRoutes } from './routes/stock.js';
import { executionRoutes } from './routes/executions.js';
import { nodeRoutes } from './routes/nodes.js';
import { workflowRoutes } from './routes/workflows.js';
import { editorRouter } from './static.js';
import { downParts } from './health.js';

/**
 * The HTTP app (no socket: tests drive it with supertest). Public: `/healthz`, `/webhook*`, the auth status,
 * setup, login and logout endpoints, and the editor's files. Everything else needs a session cookie or
 * `X-API-Key`, else 401. Errors are JSON `{ error: { code, message, details? } }` from one middleware.
 */

const VERSION = '0.1.0';

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.options.trustProxy);
  app.set('etag', false);

  if (deps.options.logRequests === true) {
    app.use((req, res, next) => {
      const started = process.hrtime.bigint();
      res.on('finish', () => {
        deps.logger.info({ method: req.method, url: req.originalUrl, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'request');
      });
      next();
    });
  }

  app.get('/healthz', async (_req, res) => {
    const down = await downParts(deps);
    if (down.length === 0) res.json({ status: 'ok' });
    else res.status(503).json({ status: 'unavailable', down, ...errorBody('UNHEALTHY', `${down.join(' and ')} not answering`) });
  });

  const webhookDeps = {
    triggers: deps.triggers,
    executions: deps.executions,
    maxBodyBytes: deps.options.maxBodyBytes,
    timeoutMs: deps.options.webhookTimeoutMs,
    onRequest: (kind: 'production' | 'test', status: number) => deps.metrics.webhookRequest(kind, status),
    logger: deps.logger,
    credentials: deps.credentials,
  };
  app.use('/webhook', webhookHandler('production', webhookDeps));
  app.use('/webhook-test', webhookHandler('test', webhookDeps));

  const authenticated = authenticate(deps.auth);
  const api = express.Router();
  const table = new RouteTable(api);
  authRoutes(table, deps);
  workflowRoutes(table, deps);
  executionRoutes(table, deps);
  credentialRoutes(table, deps);
  stockRoutes(table, deps);
  nodeRoutes(table, deps);
  let openApi: Record<string, unknown> | undefined;
  table.add({
    method: 'get', path: '/openapi.json', tag: 'meta', summary: 'This document',
    responses: { 200: { description: 'OpenAPI 3.1 document' } },
    handler: ({ res }) => {
      openApi ??= openApiDocument(table.docs, { version: VERSION });
      res.json(openApi);
    },
  });
  const publicPaths = new Set(table.docs.filter((doc) => doc.public === true).map((doc) => `${doc.method.toUpperCase()} ${doc.path}`));
  const isPublic = (req: Request): boolean => publicPaths.has(`${req.method} ${req.path.replace(/\/+$/, '')}`);

  app.use(
    '/api/v1',
    authenticated,
    (req, _res, next) => {
      if (req.principal === undefined && !isPublic(req)) throw new ApiError(401, 'UNAUTHORIZED', 'sign in or send a valid X-API-Key header');
      next();
    },
    express.json({ limit: deps.options.maxBodyBytes, type: ['application/json', 'application/*+json'] }),
    api,
  );

  app.get('/metrics', authenticated, async (req, res) => {
    if (req.principal === undefined) throw new ApiError(401, 'UNAUTHORIZED', 'sign in or send a valid X-API-Key header');
    res.setHeader('Content-Type', deps.metrics.registry.contentType);
    res.send(await deps.metrics.registry.metrics());
  });

  const editor = editorRouter(deps.options.editorDir);
  if (editor !== undefined) app.use(editor);

  app.use(notFoundHandler());
  app.use(errorMiddleware(deps.logger));
  return app;
}
