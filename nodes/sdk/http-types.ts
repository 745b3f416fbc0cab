/** The HTTP helper offered to nodes as `ctx.http` (implementation: `http.ts`). */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

export interface HttpRequest {
  readonly method?: HttpMethod;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** A string or Uint8Array is sent as is; anything else is serialised per `bodyType` (default json). */
  readonly body?: unknown;
  readonly bodyType?: 'json' | 'form' | 'text';
  readonly responseType?: 'json' | 'text' | 'binary';
  /** Per attempt; default 30 s. */
  readonly timeoutMs?: number;
  /** Extra attempts inside this call for 429/5xx/network errors (default 0: the node's retry policy decides). */
  readonly retries?: number;
  /** Header carrying the idempotency key (default `Idempotency-Key`); `false` sends none. */
  readonly idempotencyHeader?: string | false;
  /** Override of the key itself (default: the node run's `idempotencyKey`). */
  readonly idempotencyKey?: string;
  /** When false a non-2xx answer is returned instead of thrown as HttpError. Default true. */
  readonly throwOnError?: boolean;
}

export interface HttpResponse<B = unknown> {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed per `responseType`: JSON value, string, or Uint8Array for binary. */
  readonly body: B;
}

export interface HttpClient {
  request<B = unknown>(request: HttpRequest): Promise<HttpResponse<B>>;
}
