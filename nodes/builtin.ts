import { MapNodeRegistry } from '../server/engine/registry.js';
import type { NodeDefinition } from './sdk/index.js';
import { commerceNodes } from './commerce/index.js';
import aggregate from './aggregate/index.js';
import code from './code/index.js';
import email from './email/index.js';
import errorTrigger from './error-trigger/index.js';
import executeWorkflow from './execute-workflow/index.js';
import filter from './filter/index.js';
import httpRequest from './http-request/index.js';
import ifNode from './if/index.js';
import manual from './manual/index.js';
import merge from './merge/index.js';
import noop from './noop/index.js';
import respond from './respond/index.js';
import schedule from './schedule/index.js';
import set from './set/index.js';
import splitOut from './split-out/index.js';
import stopAndError from './stop-and-error/index.js';
import switchNode from './switch/index.js';
import wait from './wait/index.js';
import webhook from './webhook/index.js';

/** Every core node of the contract, triggers first. The registry adds the commerce nodes; hosts add custom nodes. */
export const builtinNodes: readonly NodeDefinition[] = Object.freeze([
  manual,
  webhook,
  schedule,
  errorTrigger,
  set,
  code,
  ifNode,
  switchNode,
  filter,
  merge,
  splitOut,
  aggregate,
  wait,
  respond,
  executeWorkflow,
  stopAndError,
  noop,
  httpRequest,
  email,
]);

/** A fresh registry holding the core and commerce nodes; callers may add more to it. */
export function createBuiltinRegistry(): MapNodeRegistry {
  return new MapNodeRegistry([...builtinNodes, ...commerceNodes]);
}
