import type { Request, RequestHandler, Response } from 'express';
import type { Item, JsonObject, JsonValue, WebhookSpec } from '../../nodes/sdk/index.js';
import type { AcceptRequest, ExecutionAnswer, ExecutionService } from '../executions/types.js';
import type { CredentialResolver } from '../engine/run-options.js';
import type { StoredWorkflow } from '../store/types.js';
import { ApiError, errorBody } from '../http/errors.js';
import { normalizePath } from './paths.js';
import { eventIdHeaderFor, eventIdOf, isWooCommercePing, verifyWebhookAuth } from './signature.js';
import { parseBody, readRawBody } from './body.js';
import { verifyWebhookCall } from './verify.js';
import type { TriggerManager } from './manager.js';

/**
 * `ANY /webhook/<path>` (active workflows) and `ANY /webhook-test/<path>` (the editor's listener). Order of checks:
 * route → body size (413) → auth over the raw body, then the spec's `verify` (401, nothing stored) → body parse (400) → duplicate event id
 * (200 with the first execution) → store + queue (429 when full) → answer per response mode:
 * `onReceived` 202 `{ executionId }` once stored; `lastNode` the end nodes' output; `respondNode` the `respond`
 * node's answer; both of the latter fall back to 202 `{ executionId }` after the timeout while the run goes on.
 */

export interface WebhookHandlerDeps {
  readonly triggers: TriggerManager;
  readonly executions: ExecutionService;
  readonly maxBodyBytes: number;
  readonly timeoutMs: number;
  readonly onRequest?: (kind: 'production' | 'test', status: number) => void;
  readonly logger: { warn(data: Record<string, unknown>, message: string): void };
  /** Credentials for triggers whose spec has `verify`. */
  readonly credentials?: CredentialResolver;
}

const DEFAULT_DEDUPE_WINDOW_S = 24 * 3600;

interface Target {
  readonly workflow: StoredWorkflow;
  readonly nodeId: string;
  readonly spec: WebhookSpec;
  readonly params: Record<string, string>;
  readonly started?: (executionId: string) => void;
}

function headersOf(req: Request): JsonObject {
  const headers: JsonObject = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function queryOf(req: Request): JsonObject {
  const query: JsonObject = {};
  const at = req.originalUrl.indexOf('?');
  if (at === -1) return query;
  for (const [key, value] of new URLSearchParams(req.originalUrl.slice(at + 1))) {
    const existing = query[key];
    if (existing === undefined) query[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else query[key] = [existing, value];
  }
  return query;
}

function routeNotFound(kind: 'production' | 'test', method: string, path: string, allowed: readonly string[]): ApiError {
  if (allowed.length > 0) {
    return new ApiError(405, 'METHOD_NOT_ALLOWED', `webhook "${path}" does not accept ${method} (use ${[...new Set(allowed)].join(', ')})`, undefined, {
      Allow: [...new Set(allowed)].join(', '),
    });
  }
  return kind === 'production'
    ? new ApiError(404, 'WEBHOOK_NOT_FOUND', `no active workflow has the webhook path "${path}" for ${method}`)
    : new ApiError(404, 'WEBHOOK_NOT_FOUND', `no workflow is listening for a test call on "${path}" for ${method} (start listening in the editor first)`);
}

function sendValue(res: Response, status: number, headers: Readonly<Record<string, string>>, body: JsonValue | string): void {
  res.status(status);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (typeof body === 'string') {
    if (!res.hasHeader('content-type')) res.type('text/plain');
    res.send(body);
  } else {
    res.json(body);
  }
}

function sendAnswer(res: Response, answer: ExecutionAnswer): void {
  res.setHeader('X-Execution-Id', answer.executionId);
  switch (answer.kind) {
    case 'respond':
      sendValue(res, answer.response.status, answer.response.headers, answer.response.body);
      return;
    case 'finished': {
      if (answer.status === 'success') {
        const output = answer.output;
        res.status(200).json(output.length === 1 ? output[0] : output.length === 0 ? { executionId: answer.executionId, status: 'success' } : output);
        return;
      }
      const error = answer.error;
      res.status(answer.status === 'cancelled' ? 409 : 500).json({
        ...errorBody(error?.code ?? (answer.status === 'cancelled' ? 'EXECUTION_CANCELLED' : 'EXECUTION_FAILED'), error?.message ?? `execution ${answer.status}`),
        executionId: answer.executionId,
        ...(error?.node !== undefined && { node: error.node }),
      });
      return;
    }
    case 'pending':
      res.status(202).json({ executionId: answer.executionId });
      return;
    default: {
      const unreachable: never = answer;
      throw new Error(`unknown answer ${JSON.stringify(unreachable)}`);
    }
  }
}

export function webhookHandler(kind: 'production' | 'test', deps: WebhookHandlerDeps): RequestHandler {
  const resolve = (method: string, path: string): Target => {
    if (kind === 'production') {
      const { match, allowed } = deps.triggers.webhooks.match(method, path);
      const workflow = match === undefined ? undefined : deps.triggers.activeWorkflow(match.route.workflowId);
      if (match === undefined || workflow === undefined) throw routeNotFound(kind, method, path, allowed);
      return { workflow, nodeId: match.route.nodeId, spec: match.route.spec, params: match.params };
    }
    const { match, allowed } = deps.triggers.tests.take(method, path);
    if (match === undefined) throw routeNotFound(kind, method, path, allowed);
    return { workflow: match.workflow, nodeId: match.hook.nodeId, spec: match.hook.spec, params: match.params, started: match.started };
  };

  return async (req, res) => {
    if (deps.onRequest !== undefined) res.on('finish', () => deps.onRequest?.(kind, res.statusCode));
    const method = req.method.toUpperCase();
    const path = normalizePath(req.path);
    const target = resolve(method, path);
    const rawBody = await readRawBody(req, deps.maxBodyBytes);
    const call = { headers: req.headers, rawBody };
    if (isWooCommercePing(target.spec.auth, call)) {
      res.status(200).json({ ping: true });
      return;
    }
    let verdict = verifyWebhookAuth(target.spec.auth, call);
    if (verdict.ok) verdict = await verifyWebhookCall(target, call, deps.credentials);
    if (!verdict.ok) {
      deps.logger.warn({ workflowId: target.workflow.id, nodeId: target.nodeId, reason: verdict.reason }, 'webhook call rejected');
      throw new ApiError(401, 'WEBHOOK_UNAUTHORIZED', `webhook authentication failed: ${verdict.reason}`);
    }
    const parsed = parseBody(rawBody, req.get('content-type'));
    const item: Item = {
      json: { body: parsed.body, headers: headersOf(req), query: queryOf(req), params: target.params, method },
      ...(parsed.binary !== undefined && { binary: parsed.binary }),
    };
    const eventId = kind === 'production' ? eventIdOf({ headers: req.headers, rawBody }, eventIdHeaderFor(target.spec.auth, target.spec.eventIdHeader)) : undefined;
    const responseMode = target.spec.responseMode;
    const request: AcceptRequest = {
      workflow: target.workflow,
      mode: kind === 'production' ? 'webhook' : 'test',
      triggerNodeId: target.nodeId,
      triggerItems: [item],
      ...(eventId !== undefined && {
        dedupe: { key: `${target.workflow.id}:${target.nodeId}:${eventId}`, windowMs: (target.spec.dedupeWindowSeconds ?? DEFAULT_DEDUPE_WINDOW_S) * 1000 },
      }),
      ...(responseMode !== 'onReceived' && { await: { mode: responseMode, timeoutMs: deps.timeoutMs } }),
    };
    const result = await deps.executions.accept(request);
    switch (result.status) {
      case 'accepted':
        target.started?.(result.executionId);
        if (result.answer === undefined) {
          res.setHeader('X-Execution-Id', result.executionId);
          res.status(202).json({ executionId: result.executionId });
          return;
        }
        sendAnswer(res, await result.answer);
        return;
      case 'duplicate':
        res.setHeader('X-Execution-Id', result.executionId);
        res.status(200).json({ executionId: result.executionId, duplicate: true });
        return;
      case 'full':
        throw new ApiError(429, 'QUEUE_FULL', 'too many executions waiting; try again later', undefined, { 'Retry-After': String(result.retryAfterSeconds) });
      case 'closed':
        throw new ApiError(503, 'SHUTTING_DOWN', 'the server is shutting down; try again shortly', undefined, { 'Retry-After': '5' });
      default: {
        const unreachable: never = result;
        throw new Error(`unknown accept result ${JSON.stringify(unreachable)}`);
      }
    }
  };
}
