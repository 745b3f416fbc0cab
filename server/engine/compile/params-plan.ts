import type { z } from 'zod';
import { FatalError, FlowError, toFlowError } from '../../../nodes/sdk/index.js';
import type { NodeDefinition, ParamsSchema } from '../../../nodes/sdk/index.js';
import { compileValue } from '../expressions/index.js';
import type { CompiledValue } from '../expressions/types.js';

export type NodeParams = z.output<ParamsSchema>;

export interface ParamEntry {
  readonly name: string;
  /** The raw value when `compiled` is undefined (static or literal param). */
  readonly raw: unknown;
  readonly compiled: CompiledValue | undefined;
}

/**
 * How a node's params become the object `run` sees:
 * - `static`: no expressions; parsed by the node's schema once, shared by every item.
 * - `dynamic`: entries evaluated per item, then parsed by the schema.
 * - `invalid`: static params the schema rejects, or an expression that does not compile; every item fails with
 *   `error` (a FatalError naming node and param).
 */
export type ParamsPlan =
  | { readonly kind: 'static'; readonly value: NodeParams }
  | { readonly kind: 'dynamic'; readonly entries: readonly ParamEntry[] }
  | { readonly kind: 'invalid'; readonly error: FlowError };

export function planParams(nodeId: string, definition: NodeDefinition, params: Readonly<Record<string, unknown>>): ParamsPlan {
  const literal = new Set<string>(definition.literalParams ?? []);
  const entries: ParamEntry[] = [];
  let dynamic = false;
  for (const name of Object.keys(params)) {
    const raw = params[name];
    if (literal.has(name)) {
      entries.push({ name, raw, compiled: undefined });
      continue;
    }
    let compiled: CompiledValue;
    try {
      compiled = compileValue(raw, { node: nodeId, param: name });
    } catch (error) {
      const flowError = toFlowError(error);
      flowError.node ??= nodeId;
      return { kind: 'invalid', error: flowError };
    }
    if (compiled.dynamic) dynamic = true;
    entries.push({ name, raw, compiled: compiled.dynamic ? compiled : undefined });
  }
  if (dynamic) return { kind: 'dynamic', entries };
  const parsed = parseParams(nodeId, definition, params);
  return parsed.ok ? { kind: 'static', value: parsed.value } : { kind: 'invalid', error: parsed.error };
}

export type ParamsParse = { readonly ok: true; readonly value: NodeParams } | { readonly ok: false; readonly error: FatalError };

/** Validates evaluated params with the node's schema; failure is FatalError `PARAM_INVALID` naming node and param. */
export function parseParams(nodeId: string, definition: NodeDefinition, params: unknown): ParamsParse {
  const result = definition.params.safeParse(params);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, error: paramError(nodeId, result.error.issues) };
}

function paramError(nodeId: string, issues: readonly z.core.$ZodIssue[]): FatalError {
  const details = issues.map((issue) => ({ path: ['params', ...issue.path.map(String)].join('.'), message: issue.message }));
  const first = issues[0];
  const param = first === undefined ? '' : first.path.map(String).join('.');
  const message = first === undefined
    ? `node "${nodeId}": params are invalid`
    : `node "${nodeId}": param "${param || '(params)'}": ${first.message}`;
  const error = new FatalError(message, { code: 'PARAM_INVALID', details, ...(param !== '' && { param }) });
  error.node = nodeId;
  return error;
}
