/** Owner account, sessions, API keys, and the middleware that guards the API. */
export { createAuthService, publicUser } from './service.js';
export type { AuthService, AuthServiceOptions, Principal, PublicUser, PublicApiKey, LoginResult, SetupResult } from './service.js';
export { authenticate, requireAuth } from './middleware.js';
export { SESSION_COOKIE, parseCookies, sessionCookie, clearSessionCookie } from './cookies.js';
export { hashPassword, verifyPassword } from './password.js';
export { hashToken, newToken } from './tokens.js';
export { RateLimiter } from './rate-limit.js';
