import { z } from 'zod';
import type { CredentialType } from '../../../nodes/sdk/index.js';
import { CredentialError } from '../../store/index.js';
import type { AppDeps } from '../deps.js';
import { ApiError, notFound } from '../errors.js';
import type { RouteTable } from '../route.js';
import {
  credentialCreateSchema, credentialListQuery, credentialSummarySchema, credentialTestBodySchema, credentialTestResultSchema,
  credentialTypeSchema, credentialUpdateSchema, errorResponses, idParams, pageOf,
} from '../schemas.js';

/** A credential type for the editor: its data as JSON Schema, which fields are secret, whether it can be tested. */
export function credentialTypeInfo(type: CredentialType): z.output<typeof credentialTypeSchema> {
  const schema = z.toJSONSchema(type.schema, { io: 'input', unrepresentable: 'any' });
  const SECRET = /pass|secret|token|key|auth|signature|private|credential|cookie|session/i;
  const fields = Object.keys((schema as { properties?: Record<string, unknown> }).properties ?? {});
  return {
    type: type.type,
    displayName: type.displayName,
    schema,
    secretFields: [...(type.secretFields ?? fields.filter((field) => SECRET.test(field)))],
    testable: type.test !== undefined,
  };
}

function mapCredentialError(error: unknown): never {
  if (error instanceof CredentialError) {
    switch (error.code) {
      case 'NOT_FOUND':
        throw new ApiError(404, 'NOT_FOUND', error.message);
      case 'UNKNOWN_TYPE':
        throw new ApiError(400, 'UNKNOWN_CREDENTIAL_TYPE', error.message, [{ path: 'type', message: error.message }]);
      case 'VALIDATION_FAILED':
        throw new ApiError(400, 'VALIDATION_FAILED', error.message, error.details);
      case 'CREDENTIAL_TYPE_MISMATCH':
        throw new ApiError(400, 'CREDENTIAL_TYPE_MISMATCH', error.message);
      default: {
        const unreachable: never = error.code;
        throw new Error(`unknown credential error ${String(unreachable)}`);
      }
    }
  }
  throw error;
}


export function credentialRoutes(table: RouteTable, deps: AppDeps): void {
  const service = deps.credentials;

  table.add({
    method: 'get', path: '/credential-types', tag: 'credentials', summary: 'Credential types (built-in and declared by nodes)',
    responses: { 200: { description: 'Types', schema: pageOf(credentialTypeSchema) }, ...errorResponses },
    handler: ({ res }) => {
      res.json({ data: service.types.list().map(credentialTypeInfo), nextCursor: null });
    },
  });

  table.add({
    method: 'get', path: '/credentials', tag: 'credentials', summary: 'List credentials (never their data)',
    query: credentialListQuery,
    responses: { 200: { description: 'A page of credentials', schema: pageOf(credentialSummarySchema) }, ...errorResponses },
    handler: async ({ query, res }) => {
      res.json(await service.list(query));
    },
  });

  table.add({
    method: 'post', path: '/credentials', tag: 'credentials', summary: 'Create a credential; data is encrypted at rest and never returned',
    body: credentialCreateSchema,
    responses: { 201: { description: 'Created', schema: credentialSummarySchema }, ...errorResponses },
    handler: async ({ body, res }) => {
      const created = await service.create(body).catch(mapCredentialError);
      res.status(201).json(created);
    },
  });

  table.add({
    method: 'get', path: '/credentials/:id', tag: 'credentials', summary: 'Get a credential (without data)',
    params: idParams,
    responses: { 200: { description: 'The credential', schema: credentialSummarySchema }, ...errorResponses },
    handler: async ({ params, res }) => {
      const found = await service.get(params.id);
      if (found === undefined) throw notFound(`credential "${params.id}"`);
      res.json(found);
    },
  });

  for (const method of ['put', 'patch'] as const) {
    table.add({
      method, path: '/credentials/:id', tag: 'credentials', summary: 'Update name and/or data (data fields left out keep their value)',
      params: idParams, body: credentialUpdateSchema,
      responses: { 200: { description: 'Updated', schema: credentialSummarySchema }, ...errorResponses },
      handler: async ({ params, body, res }) => {
        res.json(await service.update(params.id, body).catch(mapCredentialError));
      },
    });
  }

  table.add({
    method: 'delete', path: '/credentials/:id', tag: 'credentials', summary: 'Delete a credential',
    params: idParams,
    responses: { 204: { description: 'Deleted' }, ...errorResponses },
    handler: async ({ params, res }) => {
      if (!(await service.delete(params.id))) throw notFound(`credential "${params.id}"`);
      res.status(204).end();
    },
  });

  table.add({
    method: 'post', path: '/credentials/:id/test', tag: 'credentials', summary: 'Test a credential (optionally with changed data)',
    params: idParams, body: credentialTestBodySchema,
    responses: { 200: { description: 'Result', schema: credentialTestResultSchema }, ...errorResponses },
    handler: async ({ params, body, res }) => {
      const signal = AbortSignal.timeout(30_000);
      const result = await service.test(params.id, { http: deps.http, signal, ...(body.data !== undefined && { data: body.data }) }).catch(mapCredentialError);
      res.json(result);
    },
  });
}
