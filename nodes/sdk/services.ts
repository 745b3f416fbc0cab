import type { JsonObject, JsonValue } from './json.js';
import type { Item } from './items.js';

/**
 * Capabilities the host (CLI, server, worker) gives nodes. The engine passes them through unchanged; a node
 * that needs one the host lacks fails with `SERVICE_UNAVAILABLE`. Hosts extend this interface by declaration
 * merging (e.g. the stock ledger) rather than by casting.
 */
export interface NodeServices {
  readonly sandbox?: CodeSandbox;
  readonly workflows?: SubWorkflowRunner;
  readonly webhook?: WebhookResponder;
}

/** Runs user JavaScript of the `code` node outside the engine's process (see server/engine/sandbox). */
export interface CodeSandbox {
  run(request: CodeRequest, signal: AbortSignal): Promise<CodeResult>;
}

export interface CodeRequest {
  readonly code: string;
  readonly mode: 'allItems' | 'perItem';
  /** allItems: every item's json; perItem: the one item's json (as a one-element array). */
  readonly items: readonly JsonObject[];
  /** The same scope as expressions, pre-resolved to plain data. */
  readonly scope: CodeScope;
}

export interface CodeScope {
  readonly execution: { readonly id: string; readonly mode: string };
  readonly workflow: { readonly id: string; readonly name: string };
  readonly vars: JsonObject;
  /** Output items (json) of every node that ran before, by node id. */
  readonly nodes: Readonly<Record<string, readonly JsonObject[]>>;
}

export interface CodeResult {
  /** allItems: the returned array; perItem: one element, `null` when the item is dropped. */
  readonly items: readonly (JsonObject | null)[];
  readonly logs: readonly string[];
}

/** Runs another workflow with the given items as its trigger output. */
export interface SubWorkflowRunner {
  run(request: SubWorkflowRequest, signal: AbortSignal): Promise<SubWorkflowResult>;
}

export interface SubWorkflowRequest {
  readonly workflowId?: string;
  /** A path relative to the calling workflow's file (CLI), or absolute. */
  readonly file?: string;
  readonly items: readonly Item[];
  readonly mode: 'wait' | 'fireAndForget';
  readonly parentExecutionId: string;
}

export type SubWorkflowResult =
  | { readonly status: 'success'; readonly executionId: string; readonly output: readonly JsonObject[] }
  | { readonly status: 'started'; readonly executionId: string };

/** Answers the webhook call that started the run (`respond` node, `responseMode: respondNode`). */
export interface WebhookResponder {
  respond(response: WebhookResponse): void;
}

export interface WebhookResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: JsonValue | string;
}
