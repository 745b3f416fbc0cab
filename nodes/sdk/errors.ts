/**
 * The typed error set. Every failure inside a run becomes a FlowError (see `toFlowError`), which decides whether
 * the node is retried and serialises into the run record as `SerializedError`.
 */

export interface ErrorDetail {
  readonly path: string;
  readonly message: string;
}

export interface SerializedError {
  readonly code: string;
  readonly message: string;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly node?: string;
  readonly param?: string;
  readonly httpStatus?: number;
  readonly details?: readonly ErrorDetail[];
}

export interface FlowErrorOptions {
  readonly retryable?: boolean;
  readonly retryAfterMs?: number;
  readonly param?: string;
  readonly httpStatus?: number;
  readonly details?: readonly ErrorDetail[];
  readonly cause?: unknown;
}

/** Base of every error the engine knows. `code` is a stable UPPER_SNAKE identifier users can search for. */
export class FlowError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly param: string | undefined;
  readonly httpStatus: number | undefined;
  readonly details: readonly ErrorDetail[] | undefined;
  node: string | undefined;

  constructor(code: string, message: string, options: FlowErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FlowError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
    this.param = options.param;
    this.httpStatus = options.httpStatus;
    this.details = options.details;
    this.node = undefined;
  }

  toJSON(): SerializedError {
    return {
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      ...(this.retryAfterMs !== undefined && { retryAfterMs: this.retryAfterMs }),
      ...(this.node !== undefined && { node: this.node }),
      ...(this.param !== undefined && { param: this.param }),
      ...(this.httpStatus !== undefined && { httpStatus: this.httpStatus }),
      ...(this.details !== undefined && { details: this.details }),
    };
  }
}

/** A transient failure: the node's retry policy applies. */
export class RetryableError extends FlowError {
  constructor(message: string, options: Omit<FlowErrorOptions, 'retryable'> & { code?: string } = {}) {
    super(options.code ?? 'RETRYABLE', message, { ...options, retryable: true });
    this.name = 'RetryableError';
  }
}

/** A transient failure that knows when to try again (HTTP `Retry-After`, a rate-limit reset). */
export class RetryAfterError extends FlowError {
  constructor(message: string, delayMs: number, options: Omit<FlowErrorOptions, 'retryable' | 'retryAfterMs'> & { code?: string } = {}) {
    super(options.code ?? 'RETRY_AFTER', message, { ...options, retryable: true, retryAfterMs: Math.max(0, delayMs) });
    this.name = 'RetryAfterError';
  }
}

/** A permanent failure: never retried (bad input, 4xx, business rule). */
export class FatalError extends FlowError {
  constructor(message: string, options: Omit<FlowErrorOptions, 'retryable'> & { code?: string } = {}) {
    super(options.code ?? 'FATAL', message, { ...options, retryable: false });
    this.name = 'FatalError';
  }
}

/** Thrown when an HTTP call answered non-2xx: 429 and 5xx are retryable, everything else is not. */
export class HttpError extends FlowError {
  readonly responseBody: string;
  constructor(status: number, statusText: string, body: string, retryAfterMs?: number) {
    const excerpt = body.length > 500 ? `${body.slice(0, 500)}…` : body;
    super('HTTP_ERROR', `HTTP ${status} ${statusText}${excerpt ? `: ${excerpt}` : ''}`, {
      retryable: status === 429 || status >= 500,
      httpStatus: status,
      ...(retryAfterMs !== undefined && { retryAfterMs }),
    });
    this.name = 'HttpError';
    this.responseBody = excerpt;
  }
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED',
]);

function networkCodeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Normalises anything thrown into a FlowError. Network failures are retryable; unknown errors are not. */
export function toFlowError(error: unknown): FlowError {
  if (error instanceof FlowError) return error;
  const networkCode = networkCodeOf(error);
  if (networkCode !== undefined) {
    const message = error instanceof Error ? error.message : String(error);
    return new FlowError('NETWORK_ERROR', `${message} (${networkCode})`, { retryable: true, cause: error });
  }
  if (error instanceof Error) {
    if (error.name === 'AbortError' || error.name === 'TimeoutError') {
      return new FlowError('TIMEOUT', error.message || 'operation timed out', { retryable: true, cause: error });
    }
    return new FlowError('NODE_ERROR', error.message || error.name, { cause: error });
  }
  return new FlowError('NODE_ERROR', typeof error === 'string' ? error : JSON.stringify(error) ?? String(error));
}

/** Rebuilds a FlowError from its record form (resume, retry from the store). */
export function fromSerializedError(error: SerializedError): FlowError {
  const flowError = new FlowError(error.code, error.message, {
    retryable: error.retryable,
    ...(error.retryAfterMs !== undefined && { retryAfterMs: error.retryAfterMs }),
    ...(error.param !== undefined && { param: error.param }),
    ...(error.httpStatus !== undefined && { httpStatus: error.httpStatus }),
    ...(error.details !== undefined && { details: error.details }),
  });
  flowError.node = error.node;
  return flowError;
}
