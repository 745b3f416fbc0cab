import type { JsonObject } from './json.js';

/**
 * Binary data attached to an item (a label PDF, an uploaded file). `data` is base64 so that an item stays
 * plain JSON and can be checkpointed as is.
 */
export interface BinaryData {
  readonly data: string;
  readonly mimeType: string;
  readonly fileName?: string;
  readonly fileSize?: number;
}

export type BinaryMap = { readonly [key: string]: BinaryData };

/** Where an item sits: the producing node, its output, and the index in that output. */
export interface ItemRef {
  readonly node: string;
  readonly output: string;
  readonly index: number;
}

/**
 * The unit of data between nodes. Items are frozen once a node has produced them and are shared by reference
 * when one output feeds several nodes. `paired` points at the input item this one derives from (lineage); the
 * executor sets it, node code never has to.
 */
export interface Item {
  readonly json: JsonObject;
  readonly binary?: BinaryMap;
  readonly paired?: ItemRef;
}
