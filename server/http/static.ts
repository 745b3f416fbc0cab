import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';

/**
 * Serves the built editor (a Vite `dist/editor/` folder) at `/`, with SPA fallback: any GET that is not an API,
 * webhook or file path answers index.html. Returns undefined when the folder or its index.html is missing.
 */
export function editorRouter(dir: string | undefined): Router | undefined {
  if (dir === undefined || !existsSync(path.join(dir, 'index.html'))) return undefined;
  const router = express.Router();
  router.use(express.static(dir, { index: 'index.html', maxAge: '1h', setHeaders: (res, file) => {
    if (file.endsWith('index.html')) res.setHeader('Cache-Control', 'no-cache');
  } }));
  router.get(/^\/(?!api\/|webhook|webhook-test\/|healthz$|metrics$).*/, (req, res, next) => {
    if (!req.accepts('html')) {
      next();
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(path.join(dir, 'index.html'));
  });
  return router;
}
