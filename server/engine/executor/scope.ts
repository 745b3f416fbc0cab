import type { Item, JsonObject } from '../../../nodes/sdk/index.js';
import type { ExpressionScope, NodeAccessor } from '../expressions/types.js';
import type { NodeRunScope } from './node-scope.js';

const EMPTY_JSON: JsonObject = Object.freeze({});

/**
 * The expression scope for one item of one node run. Every field is a getter, so fields an expression does not
 * read cost nothing; `$input` is computed once per node run.
 */
export class ItemScope implements ExpressionScope {
  constructor(
    private readonly nodeRun: NodeRunScope,
    private readonly item: Item | undefined,
    readonly $itemIndex: number,
  ) {}

  get $json(): JsonObject {
    return this.item?.json ?? EMPTY_JSON;
  }

  get $input(): readonly JsonObject[] {
    return this.nodeRun.inputJson();
  }

  get $node(): (id: string) => NodeAccessor {
    return (id: string) => this.nodeRun.run.nodeAccessor(id, this.item);
  }

  get $nowMs(): number {
    return this.nodeRun.run.now();
  }

  get $execution(): { readonly id: string; readonly mode: string } {
    return this.nodeRun.run.execution;
  }

  get $workflow(): { readonly id: string; readonly name: string } {
    return this.nodeRun.run.workflowInfo;
  }

  get $vars(): JsonObject {
    return this.nodeRun.run.compiled.vars;
  }

  get timezone(): string | undefined {
    return this.nodeRun.run.compiled.workflow.settings?.timezone;
  }
}
