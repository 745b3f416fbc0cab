import type { JsonObject, JsonValue } from '../../../nodes/sdk/index.js';

/**
 * The contract between the executor (which builds scopes) and the expression evaluator (which compiles
 * `{{ ... }}` once per workflow version and evaluates per item).
 */

/** `$node("id")` in expressions. */
export interface NodeAccessor {
  /** Json of all output items of that node (all outputs, in output order). */
  all(): readonly JsonObject[];
  /** Json of its first output item, or undefined. */
  first(): JsonObject | undefined;
  /** Json of the item of that node the current item derives from (lineage), or undefined. */
  readonly item: JsonObject | undefined;
}

/**
 * What an expression sees. The executor may implement fields as getters so that unused ones cost nothing;
 * `$input` is the same array for every item of one node run.
 */
export interface ExpressionScope {
  readonly $json: JsonObject;
  readonly $input: readonly JsonObject[];
  readonly $itemIndex: number;
  readonly $node: (id: string) => NodeAccessor;
  /** Epoch ms of "now" for this evaluation; the evaluator turns it into a Luxon DateTime in the user's zone. */
  readonly $nowMs: number;
  readonly $execution: { readonly id: string; readonly mode: string };
  readonly $workflow: { readonly id: string; readonly name: string };
  readonly $vars: JsonObject;
  /** IANA zone of the workflow (settings.timezone), for `$now`. */
  readonly timezone?: string;
}

/** Where an expression sits, for error messages: node id, param path, the source text. */
export interface ExpressionLocation {
  readonly node: string;
  readonly param: string;
}

/** A param value with its expressions compiled. `evaluate` throws a FlowError (`EXPRESSION_ERROR`, ...). */
export interface CompiledValue {
  /** False when the value contains no `{{ }}`: `evaluate` then returns the value itself, untouched. */
  readonly dynamic: boolean;
  evaluate(scope: ExpressionScope): unknown;
}

export type ExpressionResult = JsonValue | undefined;
