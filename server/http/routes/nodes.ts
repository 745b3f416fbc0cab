import { z } from 'zod';
import type { NodeDefinition } from '../../../nodes/sdk/index.js';
import type { AppDeps } from '../deps.js';
import { notFound } from '../errors.js';
import type { RouteTable } from '../route.js';
import { errorSchema, nodeCatalogEntrySchema, nodeTypeParams, pageOf } from '../schemas.js';
import { credentialTypeInfo } from './credentials.js';

/** One catalog entry: the node's params as JSON Schema (input form, defaults optional), ports, credentials. */
export function catalogEntry(definition: NodeDefinition, custom: boolean): z.output<typeof nodeCatalogEntrySchema> {
  const credentials: z.output<typeof nodeCatalogEntrySchema>['credentials'] = {};
  for (const [slot, spec] of Object.entries(definition.credentials ?? {})) {
    credentials[slot] = { type: credentialTypeInfo(spec.type), required: spec.required ?? false };
  }
  return {
    type: definition.type,
    version: definition.version,
    displayName: definition.displayName,
    description: definition.description,
    group: definition.group,
    inputs: [...(definition.inputs ?? ['main'])],
    outputs: typeof definition.outputs === 'function' ? null : [...(definition.outputs ?? ['main'])],
    params: z.toJSONSchema(definition.params, { io: 'input', unrepresentable: 'any' }),
    literalParams: [...(definition.literalParams ?? [])],
    credentials,
    trigger: definition.trigger === undefined ? null : { kind: definition.trigger.kind },
    translations: { ...(definition.translations ?? {}) },
    ...(definition.icon !== undefined && { icon: definition.icon }),
    custom,
  };
}

export function nodeRoutes(table: RouteTable, deps: AppDeps): void {
  // The registry does not change after start: build the catalog once.
  let catalog: z.output<typeof nodeCatalogEntrySchema>[] | undefined;
  const entries = () => (catalog ??= deps.registry.list().map((definition) => catalogEntry(definition, deps.customTypes?.has(definition.type) ?? false)));

  table.add({
    method: 'get', path: '/nodes', tag: 'nodes', summary: 'The node catalog: every node type with its params as JSON Schema',
    responses: { 200: { description: 'Node types', schema: pageOf(nodeCatalogEntrySchema) }, 401: { description: 'No session or API key', schema: errorSchema } },
    handler: ({ res }) => {
      res.json({ data: entries(), nextCursor: null });
    },
  });

  table.add({
    method: 'get', path: '/nodes/:type', tag: 'nodes', summary: 'One node type',
    params: nodeTypeParams,
    responses: { 200: { description: 'The node type', schema: nodeCatalogEntrySchema }, 404: { description: 'Unknown type', schema: errorSchema } },
    handler: ({ params, res }) => {
      const entry = entries().find((candidate) => candidate.type === params.type);
      if (entry === undefined) throw notFound(`node type "${params.type}"`);
      res.json(entry);
    },
  });
}
