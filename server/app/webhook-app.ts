import express, { type Express } from 'express';
import type { AppDeps } from '../http/index.js';
import { errorBody, errorMiddleware, notFoundHandler } from '../http/errors.js';
import { webhookHandler } from '../triggers/index.js';
import { downParts } from '../http/health.js';


/**
 * The HTTP app of `flowwerk start --role webhook` (queue mode): `/healthz` and the production `/webhook/*` routes
 * only — no API, editor or test webhooks (those belong to a main process). Runs are stored and queued for workers.
 */
export function createWebhookApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.options.trustProxy);
  app.set('etag', false);
  app.get('/healthz', async (_req, res) => {
    const down = await downParts(deps);
    if (down.length === 0) res.json({ status: 'ok', role: 'webhook' });
    else res.status(503).json({ status: 'unavailable', down, ...errorBody('UNHEALTHY', `${down.join(' and ')} not answering`) });
  });
  app.use(
    '/webhook',
    webhookHandler('production', {
      triggers: deps.triggers,
      executions: deps.executions,
      maxBodyBytes: deps.options.maxBodyBytes,
      timeoutMs: deps.options.webhookTimeoutMs,
      onRequest: (kind, status) => deps.metrics.webhookRequest(kind, status),
      logger: deps.logger,
    }),
  );
  app.use(notFoundHandler());
  app.use(errorMiddleware(deps.logger));
  return app;
}
