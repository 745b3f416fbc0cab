import type { NodeDefinition } from '../../nodes/sdk/index.js';

/** The node types a host knows: built-ins plus custom packages. */
export interface NodeRegistry {
  get(type: string): NodeDefinition | undefined;
  list(): readonly NodeDefinition[];
}

export class MapNodeRegistry implements NodeRegistry {
  private readonly byType = new Map<string, NodeDefinition>();

  constructor(definitions: Iterable<NodeDefinition> = []) {
    for (const definition of definitions) this.add(definition);
  }

  /** Adds a definition; a later one with the same type replaces the earlier. */
  add(definition: NodeDefinition): this {
    this.byType.set(definition.type, definition);
    return this;
  }

  get(type: string): NodeDefinition | undefined {
    return this.byType.get(type);
  }

  list(): readonly NodeDefinition[] {
    return [...this.byType.values()];
  }
}
