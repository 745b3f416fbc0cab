import { errorBodySchema } from './schemas.js';

/** One problem with one field, as the server (zod) reports it. */
export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * Every failed API call ends as an ApiError: the server's code and message when it sent the contract's error
 * body, `NETWORK_ERROR` when no answer came, `BAD_RESPONSE` when the answer had an unexpected shape.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: readonly FieldProblem[];

  constructor(status: number, code: string, message: string, details: readonly FieldProblem[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** Builds the ApiError for a non-2xx answer from its parsed body (or undefined when it was not JSON). */
export function apiErrorFrom(status: number, statusText: string, body: unknown): ApiError {
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) return new ApiError(status, `HTTP_${status}`, statusText || `HTTP ${status}`);
  const { code, message, details } = parsed.data.error;
  return new ApiError(
    status,
    code,
    message,
    (details ?? []).map((d) => ({ path: Array.isArray(d.path) ? d.path.join('.') : (d.path ?? ''), message: d.message })),
  );
}

/** A message for any thrown value, for notices. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
