import type { Item, ItemRef } from '../../../nodes/sdk/index.js';

/** Where a run of consecutive input items came from: one connection's source output. */
export interface InputSegment {
  readonly node: string;
  readonly output: string;
  /** Index in the input list of the segment's first item. */
  readonly start: number;
}

/**
 * The items arriving at one input: the concatenation of every connected output that carries data, in edge order.
 * `refAt(i)` names where item i sits in its producer (the lineage `paired` of items derived from it).
 */
export class InputList {
  static readonly EMPTY = new InputList(Object.freeze([]), []);

  constructor(readonly items: readonly Item[], private readonly segments: readonly InputSegment[]) {}

  refAt(index: number): ItemRef | undefined {
    if (index < 0 || index >= this.items.length) return undefined;
    const segments = this.segments;
    for (let position = segments.length - 1; position >= 0; position--) {
      const segment = segments[position];
      if (segment !== undefined && segment.start <= index) {
        return { node: segment.node, output: segment.output, index: index - segment.start };
      }
    }
    return undefined;
  }
}

/** The inputs of one node run by input name; `first` is the node's first declared input. */
export interface NodeInputs {
  readonly first: InputList;
  readonly byName: Readonly<Record<string, InputList>>;
}
