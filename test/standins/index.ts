/** Local stand-ins for external services, for tests (127.0.0.1 only). */
export { startHttpStandin, sendJson, sendBody } from './http-server.js';
export type { HttpStandin, RecordedRequest, StandinHandler } from './http-server.js';
