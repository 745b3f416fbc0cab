/** The node SDK: everything a node author imports. */
export type { JsonPrimitive, JsonValue, JsonObject } from './json.js';
export { isJsonObject } from './json.js';
export type { Item, ItemRef, BinaryData, BinaryMap } from './items.js';
export {
  FlowError, RetryableError, RetryAfterError, FatalError, HttpError, toFlowError, fromSerializedError,
} from './errors.js';
export type { SerializedError, ErrorDetail, FlowErrorOptions } from './errors.js';
export type { CredentialType, CredentialSlot, CredentialSlots, CredentialData, LocalizedText } from './credentials.js';
export { defineCredentialType } from './credentials.js';
export type { HttpClient, HttpRequest, HttpResponse, HttpMethod } from './http-types.js';
export { createHttpClient, parseRetryAfter } from './http.js';
export type { HttpClientOptions } from './http.js';
export type {
  NodeServices, CodeSandbox, CodeRequest, CodeResult, CodeScope, SubWorkflowRunner, SubWorkflowRequest,
  SubWorkflowResult, WebhookResponder, WebhookResponse,
} from './services.js';
export { defineNode, inputsOf, outputsOf } from './define-node.js';
export type {
  NodeDefinition, NodeSpec, PerItemNodeSpec, AllItemsNodeSpec, PerItemContext, AllItemsContext, BaseContext,
  NodeGroup, ParamsSchema, RunResult, Emission, Emitted, EmitOptions, NodeLogger, TriggerKind, TriggerSpec,
  WebhookSpec, WebhookAuth, WebhookCall, WebhookVerdict, WebhookVerifyTools, ScheduleSpec, NodeTranslation, LocalizedParam,
} from './define-node.js';
