import type { NodeType } from '../api/index.js';
import { workflowSchema, type Workflow } from '../../../server/engine/workflow/schema.js';

/** A small catalog and workflow for the store's unit tests. */
export function nodeType(type: string, group: NodeType['group'], extra: Partial<NodeType> = {}): NodeType {
  return {
    type,
    displayName: type,
    description: `${type} node`,
    group,
    inputs: group === 'trigger' ? [] : ['main'],
    outputs: ['main'],
    params: { type: 'object', properties: {} },
    ...extra,
  };
}

export const testCatalog: NodeType[] = [
  nodeType('webhook', 'trigger', { trigger: { kind: 'webhook' }, params: { type: 'object', properties: { path: { type: 'string', default: '' }, method: { type: 'string', enum: ['GET', 'POST'], default: 'POST' } } } }),
  nodeType('set', 'data', { displayName: 'Set fields', description: 'Adds or overwrites fields', translations: { de: { displayName: 'Felder setzen', description: 'Fügt Felder hinzu' } } }),
  nodeType('if', 'flow', { outputs: ['true', 'false'] }),
  nodeType('merge', 'flow', { inputs: ['a', 'b'] }),
  nodeType('switch', 'flow', { outputs: null }),
  nodeType('respond', 'action'),
];

export function testWorkflow(): Workflow {
  return workflowSchema.parse({
    id: 'wf',
    name: 'Test',
    nodes: [
      { id: 'hook', type: 'webhook', params: { path: 'orders' }, position: { x: 0, y: 0 } },
      { id: 'set', type: 'set', params: {}, position: { x: 200, y: 0 } },
      { id: 'if', type: 'if', params: {}, position: { x: 400, y: 0 } },
    ],
    connections: [
      { from: 'hook', to: 'set' },
      { from: 'set', to: 'if' },
    ],
  });
}
