import type { Request } from 'express';
import { clearSessionCookie, parseCookies, SESSION_COOKIE, sessionCookie } from '../../auth/index.js';
import type { AppDeps } from '../deps.js';
import { ApiError, notFound } from '../errors.js';
import type { RouteTable } from '../route.js';
import { errorSchema, apiKeyCreateSchema, apiKeyCreatedSchema, apiKeySchema, authStatusSchema, idParams, loginBodySchema, pageOf, setupBodySchema, userSchema } from '../schemas.js';

function isLoopback(req: Request): boolean {
  const address = req.socket.remoteAddress ?? '';
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

function userOf(req: Request) {
  const principal = req.principal;
  if (principal === undefined || principal.kind === 'env') return undefined;
  return principal.user;
}

const unauthorized = { 401: { description: 'No session or API key', schema: errorSchema } };

export function authRoutes(table: RouteTable, deps: AppDeps): void {
  const auth = deps.auth;
  const cookie = (req: Request, token: string) => sessionCookie(token, { maxAgeSeconds: auth.sessionTtlMs / 1000, secure: req.secure });

  table.add({
    method: 'get', path: '/auth/status', tag: 'auth', summary: 'Whether the owner account still has to be created, and who is signed in',
    public: true,
    responses: { 200: { description: 'Status', schema: authStatusSchema } },
    handler: async ({ req, res }) => {
      const user = userOf(req);
      res.json({ setupRequired: await auth.setupRequired(), authenticated: req.principal !== undefined, user: user ?? null });
    },
  });

  table.add({
    method: 'post', path: '/auth/setup', tag: 'auth',
    summary: 'Create the owner account (only while none exists); needs the setup link\'s token unless called from this machine',
    public: true, body: setupBodySchema,
    responses: {
      201: { description: 'Owner created and signed in', schema: userSchema },
      403: { description: 'Wrong or missing setup token', schema: errorSchema },
      409: { description: 'Setup already done', schema: errorSchema },
      400: { description: 'Invalid request', schema: errorSchema },
    },
    handler: async ({ body, req, res }) => {
      if (!(await auth.setupRequired())) throw new ApiError(409, 'SETUP_DONE', 'the owner account already exists; sign in instead');
      const tokenOk = body.token !== undefined ? auth.checkSetupToken(body.token) : isLoopback(req) && req.get('x-forwarded-for') === undefined;
      if (!tokenOk) throw new ApiError(403, 'SETUP_TOKEN_INVALID', 'open the setup link printed by `flowwerk start` to create the owner account');
      const result = await auth.setup({ email: body.email, password: body.password, ...(body.name !== undefined && { name: body.name }) });
      switch (result.status) {
        case 'ok':
          res.setHeader('Set-Cookie', cookie(req, result.sessionToken));
          res.status(201).json(result.user);
          return;
        case 'done':
          throw new ApiError(409, 'SETUP_DONE', 'the owner account already exists; sign in instead');
        case 'bad_token':
          throw new ApiError(403, 'SETUP_TOKEN_INVALID', 'invalid setup token');
        default: {
          const unreachable: never = result;
          throw new Error(`unknown setup result ${JSON.stringify(unreachable)}`);
        }
      }
    },
  });

  table.add({
    method: 'post', path: '/auth/login', tag: 'auth', summary: 'Sign in; sets the session cookie (rate-limited per client)',
    public: true, body: loginBodySchema,
    responses: {
      200: { description: 'Signed in', schema: userSchema },
      401: { description: 'Wrong email or password', schema: errorSchema },
      429: { description: 'Too many attempts', schema: errorSchema },
      400: { description: 'Invalid request', schema: errorSchema },
    },
    handler: async ({ body, req, res }) => {
      const result = await auth.login({ email: body.email, password: body.password, client: req.ip ?? 'unknown' });
      switch (result.status) {
        case 'ok':
          res.setHeader('Set-Cookie', cookie(req, result.sessionToken));
          res.json(result.user);
          return;
        case 'invalid':
          throw new ApiError(401, 'INVALID_CREDENTIALS', 'wrong email or password');
        case 'rate_limited':
          throw new ApiError(429, 'TOO_MANY_ATTEMPTS', 'too many sign-in attempts; wait and try again', undefined, { 'Retry-After': String(result.retryAfterSeconds) });
        default: {
          const unreachable: never = result;
          throw new Error(`unknown login result ${JSON.stringify(unreachable)}`);
        }
      }
    },
  });

  table.add({
    method: 'post', path: '/auth/logout', tag: 'auth', summary: 'Sign out (ends the session)',
    public: true,
    responses: { 204: { description: 'Signed out' } },
    handler: async ({ req, res }) => {
      const token = parseCookies(req.get('cookie'))[SESSION_COOKIE];
      if (token !== undefined && token !== '') await auth.logout(token);
      res.setHeader('Set-Cookie', clearSessionCookie(req.secure));
      res.status(204).end();
    },
  });

  table.add({
    method: 'get', path: '/auth/me', tag: 'auth', summary: 'The signed-in user',
    responses: { 200: { description: 'The user (null for the FLOWWERK_API_KEY)', schema: userSchema.nullable() }, ...unauthorized },
    handler: ({ req, res }) => {
      res.json(userOf(req) ?? null);
    },
  });

  const requireUser = (req: Request) => {
    const user = userOf(req);
    if (user === undefined) throw new ApiError(403, 'USER_REQUIRED', 'API keys belong to a user: sign in (or use a user API key) to manage them');
    return user;
  };

  table.add({
    method: 'get', path: '/auth/api-keys', tag: 'auth', summary: 'Your API keys (never the keys themselves)',
    responses: { 200: { description: 'Keys', schema: pageOf(apiKeySchema) }, ...unauthorized },
    handler: async ({ req, res }) => {
      res.json({ data: await auth.listApiKeys(requireUser(req).id), nextCursor: null });
    },
  });

  table.add({
    method: 'post', path: '/auth/api-keys', tag: 'auth', summary: 'Create an API key (shown once; send it as X-API-Key)',
    body: apiKeyCreateSchema,
    responses: { 201: { description: 'Created', schema: apiKeyCreatedSchema }, ...unauthorized },
    handler: async ({ body, req, res }) => {
      res.status(201).json(await auth.createApiKey(requireUser(req).id, body.name));
    },
  });

  table.add({
    method: 'delete', path: '/auth/api-keys/:id', tag: 'auth', summary: 'Delete an API key',
    params: idParams,
    responses: { 204: { description: 'Deleted' }, ...unauthorized },
    handler: async ({ params, req, res }) => {
      if (!(await auth.deleteApiKey(requireUser(req).id, params.id))) throw notFound(`API key "${params.id}"`);
      res.status(204).end();
    },
  });
}
