import { z } from 'zod';
import type { RouteDoc } from './route.js';

/** The OpenAPI 3.1 document of /api/v1, generated from the same zod schemas that validate requests. */

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', reused: 'inline' }) as Record<string, unknown>;
  return rest;
}

function pathOf(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

function parametersOf(doc: RouteDoc): unknown[] {
  const parameters: unknown[] = [];
  for (const [where, schema] of [['path', doc.params], ['query', doc.query]] as const) {
    if (schema === undefined) continue;
    const json = jsonSchema(schema, 'input');
    const properties = (json.properties ?? {}) as Record<string, Record<string, unknown>>;
    const required = new Set((json.required ?? []) as string[]);
    for (const [name, property] of Object.entries(properties)) {
      parameters.push({
        name,
        in: where,
        required: where === 'path' || required.has(name),
        schema: property,
        ...(typeof property.description === 'string' && { description: property.description }),
      });
    }
  }
  return parameters;
}

export function openApiDocument(docs: readonly RouteDoc[], info: { readonly version: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const doc of docs) {
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(doc.responses)) {
      responses[status] = {
        description: response.description,
        ...(response.schema !== undefined && { content: { [response.contentType ?? 'application/json']: { schema: jsonSchema(response.schema, 'output') } } }),
      };
    }
    const operation = {
      tags: [doc.tag],
      summary: doc.summary,
      operationId: `${doc.method}${pathOf(doc.path).replace(/[{}]/g, '').split('/').map((part) => part.charAt(0).toUpperCase() + part.slice(1).replace(/-(\w)/g, (_m, c: string) => c.toUpperCase())).join('')}`,
      parameters: parametersOf(doc),
      ...(doc.body !== undefined && { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(doc.body, 'input') } } } }),
      responses,
      ...(doc.public === true ? { security: [] } : {}),
    };
    (paths[`/api/v1${pathOf(doc.path)}`] ??= {})[doc.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'flowwerk API', version: info.version, description: 'Workflows, executions, credentials, nodes and auth. Errors: `{ error: { code, message, details? } }`.' },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        session: { type: 'apiKey', in: 'cookie', name: 'flowwerk_session' },
      },
    },
    security: [{ apiKey: [] }, { session: [] }],
    paths,
  };
}
