import type { RequestHandler } from 'express';
import { errorBody } from '../http/errors.js';
import { parseCookies, SESSION_COOKIE } from './cookies.js';
import type { AuthService, Principal } from './service.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by `authenticate` when a session cookie or API key was valid. */
      principal?: Principal;
    }
  }
}

/** Resolves the session cookie or `X-API-Key` into `req.principal` (leaves it unset when neither is valid). */
export function authenticate(auth: AuthService): RequestHandler {
  return async (req, _res, next) => {
    const apiKey = req.get('x-api-key');
    if (apiKey !== undefined && apiKey !== '') {
      const principal = await auth.fromApiKey(apiKey);
      if (principal !== undefined) req.principal = principal;
      next();
      return;
    }
    const token = parseCookies(req.get('cookie'))[SESSION_COOKIE];
    if (token !== undefined && token !== '') {
      const principal = await auth.fromSession(token);
      if (principal !== undefined) req.principal = principal;
    }
    next();
  };
}

/** 401 unless `authenticate` found a principal. */
export function requireAuth(): RequestHandler {
  return (req, res, next) => {
    if (req.principal !== undefined) {
      next();
      return;
    }
    res.status(401).json(errorBody('UNAUTHORIZED', 'sign in or send a valid X-API-Key header'));
  };
}
