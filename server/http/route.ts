import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import { parseOr400 } from './errors.js';

/**
 * One declaration per endpoint: the zod schemas validate the request (400 with `details[].path`) and are the
 * same objects the OpenAPI document is generated from (`openapi.ts`).
 */

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ResponseDoc {
  readonly description: string;
  readonly schema?: z.ZodType;
  /** Non-JSON response (e.g. text/plain). */
  readonly contentType?: string;
}

export interface RouteDoc {
  readonly method: Method;
  /** Express-style path relative to /api/v1, e.g. `/workflows/:id`. */
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  readonly responses: Readonly<Record<number, ResponseDoc>>;
  /** Answers without a session or API key. */
  readonly public?: boolean;
}

export interface Parsed<P extends z.ZodType | undefined, Q extends z.ZodType | undefined, B extends z.ZodType | undefined> {
  readonly params: P extends z.ZodType ? z.output<P> : Record<string, string>;
  readonly query: Q extends z.ZodType ? z.output<Q> : Record<string, unknown>;
  readonly body: B extends z.ZodType ? z.output<B> : unknown;
  readonly req: Request;
  readonly res: Response;
}

export interface RouteSpec<P extends z.ZodType | undefined, Q extends z.ZodType | undefined, B extends z.ZodType | undefined>
  extends RouteDoc {
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** Writes the response (or returns nothing after writing it). Throw ApiError for errors. */
  readonly handler: (input: Parsed<P, Q, B>) => Promise<void> | void;
}

/** Collects route docs while registering handlers on a router. */
export class RouteTable {
  readonly docs: RouteDoc[] = [];

  constructor(private readonly router: Router) {}

  add<P extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined, B extends z.ZodType | undefined = undefined>(
    spec: RouteSpec<P, Q, B>,
  ): void {
    const { handler, ...doc } = spec;
    this.docs.push(doc);
    this.router[spec.method](spec.path, async (req: Request, res: Response) => {
      const params = spec.params === undefined ? req.params : parseOr400(spec.params, req.params, 'params');
      const query = spec.query === undefined ? req.query : parseOr400(spec.query, req.query, 'query');
      const body = spec.body === undefined ? req.body : parseOr400(spec.body, req.body ?? {});
      await handler({ params, query, body, req, res } as Parsed<P, Q, B>);
    });
  }
}
