import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';
import { FlowError } from '../../nodes/sdk/index.js';
import { isServiceUnavailable } from '../store/unavailable.js';

/** One error type for HTTP: the error middleware renders it as `{ error: { code, message, details? } }`. */

export interface ApiErrorDetail {
  readonly path: string;
  readonly message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: readonly ApiErrorDetail[],
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound = (what: string): ApiError => new ApiError(404, 'NOT_FOUND', `${what} not found`);

/** `a.b[0].c` style path of a zod issue ("" for the root). */
export function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

export function validationError(error: z.ZodError, prefix = ''): ApiError {
  const details = error.issues.map((issue) => ({
    path: [prefix, issuePath(issue.path)].filter((part) => part !== '').join('.'),
    message: issue.message,
  }));
  return new ApiError(400, 'VALIDATION_FAILED', `invalid request: ${details.map((d) => `${d.path || '(body)'}: ${d.message}`).join('; ')}`, details);
}

/** Parses `value` with `schema` or throws a 400 ApiError carrying every issue. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, prefix);
  return result.data;
}

export function errorBody(code: string, message: string, details?: readonly ApiErrorDetail[]): { error: { code: string; message: string; details?: readonly ApiErrorDetail[] } } {
  return { error: { code, message, ...(details !== undefined && details.length > 0 && { details }) } };
}

interface BodyParserError {
  readonly type?: string;
  readonly status?: number;
  readonly message?: string;
}

function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof z.ZodError) return validationError(error);
  if (error instanceof FlowError) {
    const status = error.code === 'VALIDATION_FAILED' || error.code === 'INVALID_WORKFLOW' ? 400 : error.httpStatus && error.httpStatus >= 400 && error.httpStatus < 600 ? error.httpStatus : 500;
    return new ApiError(status, error.code, error.message, error.details);
  }
  const parser = (typeof error === 'object' && error !== null ? error : {}) as BodyParserError;
  if (parser.type === 'entity.too.large') return new ApiError(413, 'PAYLOAD_TOO_LARGE', 'request body exceeds the size limit');
  if (parser.type === 'entity.parse.failed') return new ApiError(400, 'INVALID_JSON', `malformed JSON body: ${parser.message ?? ''}`.trim());
  if (isServiceUnavailable(error)) {
    return new ApiError(503, 'STORE_UNAVAILABLE', 'the database is not reachable; try again shortly', undefined, { 'Retry-After': '5' });
  }
  if (typeof parser.status === 'number' && parser.status >= 400 && parser.status < 500) {
    return new ApiError(parser.status, 'BAD_REQUEST', parser.message ?? 'bad request');
  }
  return new ApiError(500, 'INTERNAL_ERROR', 'internal server error');
}

export interface ErrorLogger {
  error(data: Record<string, unknown>, message: string): void;
}

/** The one error middleware. 5xx errors are logged with the request id; their message is not exposed. */
export function errorMiddleware(logger: ErrorLogger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const apiError = asApiError(error);
    if (apiError.status >= 500) {
      logger.error({ err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error), method: req.method, url: req.originalUrl }, 'request failed');
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    for (const [name, value] of Object.entries(apiError.headers ?? {})) res.setHeader(name, value);
    res.status(apiError.status).json(errorBody(apiError.code, apiError.message, apiError.details));
  };
}

export function notFoundHandler(): RequestHandler {
  return (req, res) => {
    res.status(404).json(errorBody('NOT_FOUND', `no route for ${req.method} ${req.path}`));
  };
}
