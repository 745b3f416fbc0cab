import type { z } from 'zod';
import type { JsonObject } from './json.js';
import type { BinaryMap, Item } from './items.js';
import type { CredentialData, CredentialSlots, LocalizedText } from './credentials.js';
import type { HttpClient } from './http-types.js';
import type { CodeScope, NodeServices } from './services.js';

export type NodeGroup = 'trigger' | 'flow' | 'data' | 'commerce' | 'action';

/** Params are always a zod object; its output type is what `run` sees. */
export type ParamsSchema = z.ZodObject<z.ZodRawShape>;

/**
 * How a trigger node is started. `webhook` and `schedule` triggers are served by the server, which reads the
 * spec from the node's params through the matching function below; `manual` and `error` are started by hand or
 * by a failed run.
 */
export type TriggerKind = 'manual' | 'webhook' | 'schedule' | 'error';

export type WebhookAuth =
  | { readonly type: 'none' }
  | { readonly type: 'header'; readonly name: string; readonly value: string }
  | { readonly type: 'basic'; readonly user: string; readonly password: string }
  | {
      readonly type: 'hmac';
      /** Presets fill header/algorithm/encoding; `generic` takes them from the fields. */
      readonly preset: 'shopify' | 'woocommerce' | 'shopware' | 'generic';
      readonly secret: string;
      readonly header?: string;
      readonly algorithm?: 'sha1' | 'sha256' | 'sha512';
      readonly encoding?: 'hex' | 'base64';
    };

export interface WebhookSpec {
  readonly path: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  readonly responseMode: 'onReceived' | 'lastNode' | 'respondNode';
  readonly auth: WebhookAuth;
  /** Header whose value identifies a delivery; a value seen again within the window runs nothing. */
  readonly eventIdHeader?: string;
  readonly dedupeWindowSeconds?: number;
  /**
   * Checks a call after `auth` and before anything is stored (certificate signatures and other checks that
   * need a credential). A verdict `ok: false` answers 401 `WEBHOOK_UNAUTHORIZED` and starts no run; a throw
   * answers 500 `WEBHOOK_VERIFY_ERROR` (e.g. the credential is missing), also starting no run.
   */
  readonly verify?: (call: WebhookCall, tools: WebhookVerifyTools) => WebhookVerdict | Promise<WebhookVerdict>;
}

/** A webhook call as `WebhookSpec.verify` sees it. */
export interface WebhookCall {
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body bytes exactly as received. */
  readonly rawBody: Uint8Array;
}

export type WebhookVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export interface WebhookVerifyTools {
  /**
   * Decrypted data of the trigger node's credential in `slot`, which must be of credential type `type`; not yet
   * validated (parse it with the type's schema). Throws when the node has none.
   */
  credential(slot: string, type: string): Promise<Record<string, unknown>>;
}

export interface ScheduleSpec {
  readonly cron?: string;
  readonly everySeconds?: number;
  readonly timezone?: string;
  /** What to do with ticks missed while the server was down. */
  readonly missed: 'skip' | 'runOnce';
}

export interface TriggerSpec<P> {
  readonly kind: TriggerKind;
  /** For `webhook` triggers: where and how the server listens, from the node's (static) params. */
  readonly webhook?: (params: P) => WebhookSpec;
  /** For `schedule` triggers. */
  readonly schedule?: (params: P) => ScheduleSpec;
}

export interface NodeLogger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

declare const EMITTED: unique symbol;

/** An output item with routing or binary data, made by `ctx.emit`. A plain object return means json on `main`. */
export interface Emitted {
  readonly [EMITTED]: true;
  readonly output: string;
  readonly json: JsonObject;
  readonly binary?: BinaryMap;
  /** allItems nodes: index of the input item (of the first input) this item derives from. */
  readonly pairedIndex?: number;
}

export interface EmitOptions {
  readonly output?: string;
  readonly binary?: BinaryMap;
  readonly pairedIndex?: number;
}

export type Emission = JsonObject | Emitted;
/** What `run` returns: nothing (drop), one item, or many. */
export type RunResult = Emission | readonly Emission[] | null | undefined;

export interface BaseContext<C extends CredentialSlots> {
  readonly nodeId: string;
  readonly nodeType: string;
  readonly execution: { readonly id: string; readonly mode: string };
  readonly workflow: { readonly id: string; readonly name: string };
  /** 1 on the first try; grows with each retry of this node run. */
  readonly attempt: number;
  readonly signal: AbortSignal;
  readonly logger: NodeLogger;
  /** HTTP with timeouts and the run's idempotency key applied. */
  readonly http: HttpClient;
  readonly services: NodeServices;
  /** The run's clock in epoch ms (the host's `now`, replaced in tests); use it instead of `Date.now()`. */
  now(): number;
  /** Workflow variables (`$vars`). */
  readonly vars: JsonObject;
  /** Decrypted data of the credential in `slot`; throws `CREDENTIAL_MISSING` when none is set. */
  credential<K extends keyof C & string>(slot: K): Promise<CredentialData<C[K]>>;
  hasCredential(slot: keyof C & string): boolean;
  emit(json: JsonObject, options?: EmitOptions): Emitted;
  /** The expression scope as plain data, for the code sandbox. */
  codeScope(): CodeScope;
}

export interface PerItemContext<P, C extends CredentialSlots> extends BaseContext<C> {
  /** Params with expressions evaluated for this item and validated by the node's schema. */
  readonly params: P;
  readonly item: Item;
  readonly itemIndex: number;
  /** executionId:nodeId:itemIndex — the same across retries and resumes of this node run. */
  readonly idempotencyKey: string;
}

export interface AllItemsContext<P, C extends CredentialSlots> extends BaseContext<C> {
  /** Params evaluated for the first item (or with an empty `$json` when there is none). */
  readonly params: P;
  /** Params evaluated for item `index` of the first input. */
  paramsAt(index: number): P;
  /** Items of the first input. */
  readonly items: readonly Item[];
  /** Items by input name (merge has `a` and `b`). A skipped input is an empty list. */
  readonly inputs: Readonly<Record<string, readonly Item[]>>;
  idempotencyKey(itemIndex: number): string;
  /**
   * Resolves at `epochMs`. Short waits are slept (abortably); longer ones park the run: the executor ends it as
   * `waiting` and, when the host resumes it after `epochMs`, calls `run` again, where this resolves at once.
   */
  waitUntil(epochMs: number): Promise<void>;
}

interface NodeSpecBase<P extends ParamsSchema, C extends CredentialSlots> {
  readonly type: string;
  readonly version: number;
  readonly displayName: string;
  readonly description: string;
  readonly group: NodeGroup;
  /** Input names; `[]` for triggers. Default `['main']`. */
  readonly inputs?: readonly string[];
  /** Output names, fixed or computed from the static params (switch rules). Default `['main']`. */
  readonly outputs?: readonly string[] | ((params: z.output<P>) => readonly string[]);
  readonly params: P;
  /** Param names whose strings are never evaluated as expressions (e.g. the `code` node's source). */
  readonly literalParams?: readonly (keyof z.output<P> & string)[];
  readonly credentials?: C;
  readonly trigger?: TriggerSpec<z.output<P>>;
  /** German (and later other) texts for the editor: display name, description, param labels by param path. */
  readonly translations?: { readonly de?: NodeTranslation };
  readonly icon?: string;
}

export interface NodeTranslation {
  readonly displayName?: string;
  readonly description?: string;
  readonly params?: Readonly<Record<string, LocalizedParam>>;
}

export interface LocalizedParam {
  readonly label?: string;
  readonly description?: string;
}

export interface PerItemNodeSpec<P extends ParamsSchema, C extends CredentialSlots> extends NodeSpecBase<P, C> {
  /** Default: run once per input item. */
  readonly mode?: 'perItem';
  run(ctx: PerItemContext<z.output<P>, C>): RunResult | Promise<RunResult>;
}

export interface AllItemsNodeSpec<P extends ParamsSchema, C extends CredentialSlots> extends NodeSpecBase<P, C> {
  /** Run once with the whole list of input items. */
  readonly mode: 'allItems';
  run(ctx: AllItemsContext<z.output<P>, C>): RunResult | Promise<RunResult>;
}

export type NodeSpec<P extends ParamsSchema, C extends CredentialSlots> = PerItemNodeSpec<P, C> | AllItemsNodeSpec<P, C>;

/** The type-erased form the registry and executor hold. */
export type NodeDefinition = NodeSpec<ParamsSchema, CredentialSlots> & { readonly __node: true };

/** Declares a node: one object, params as zod, `run` typed from them. */
export function defineNode<P extends ParamsSchema, C extends CredentialSlots = Record<never, never>>(
  spec: PerItemNodeSpec<P, C>,
): NodeDefinition;
export function defineNode<P extends ParamsSchema, C extends CredentialSlots = Record<never, never>>(
  spec: AllItemsNodeSpec<P, C>,
): NodeDefinition;
export function defineNode(spec: NodeSpec<ParamsSchema, CredentialSlots>): NodeDefinition {
  return Object.freeze({ ...spec, __node: true as const }) as NodeDefinition;
}

export function inputsOf(definition: NodeDefinition): readonly string[] {
  return definition.inputs ?? ['main'];
}

/** Output names for the given static params; `error` is added by the executor when onError is errorOutput. */
export function outputsOf(definition: NodeDefinition, params: unknown): readonly string[] {
  const outputs = definition.outputs;
  if (outputs === undefined) return ['main'];
  if (typeof outputs === 'function') return outputs(params as never);
  return outputs;
}
