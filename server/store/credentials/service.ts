import { randomUUID } from 'node:crypto';
import type { CredentialType, ErrorDetail, HttpClient } from '../../../nodes/sdk/index.js';
import type { CredentialResolver } from '../../engine/run-options.js';
import type { NodeRegistry } from '../../engine/registry.js';
import type { CredentialStore, CredentialSummary, Page, PageRequest } from '../types.js';
import type { Cipher } from './crypto.js';

/** Credential types by name: those declared by nodes' credential slots plus extra ones (built-in types). */
export interface CredentialTypes {
  get(type: string): CredentialType | undefined;
  list(): readonly CredentialType[];
}

export function credentialTypesFrom(registry: NodeRegistry | undefined, extra: readonly CredentialType[] = []): CredentialTypes {
  const byType = new Map<string, CredentialType>();
  const collect = (): Map<string, CredentialType> => {
    byType.clear();
    for (const definition of registry?.list() ?? []) {
      for (const slot of Object.values(definition.credentials ?? {})) byType.set(slot.type.type, slot.type);
    }
    for (const type of extra) byType.set(type.type, type);
    return byType;
  };
  return {
    get: (type) => byType.get(type) ?? collect().get(type),
    list: () => [...collect().values()],
  };
}

export class CredentialError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'UNKNOWN_TYPE' | 'VALIDATION_FAILED' | 'CREDENTIAL_TYPE_MISMATCH',
    message: string,
    readonly details?: readonly ErrorDetail[],
  ) {
    super(message);
    this.name = 'CredentialError';
  }
}

export type CredentialTestResult =
  | { readonly status: 'ok' }
  | { readonly status: 'failed'; readonly message: string }
  /** The type declares no `test`. */
  | { readonly status: 'unsupported' };

/**
 * Credentials with encryption at rest. Reads return summaries (everything but `data`); only `resolve` (for runs)
 * and `test` see decrypted data. Invariant: plaintext data is never written to the store.
 */
export interface CredentialService extends CredentialResolver {
  create(input: { readonly name: string; readonly type: string; readonly data: Record<string, unknown> }): Promise<CredentialSummary>;
  get(id: string): Promise<CredentialSummary | undefined>;
  list(page?: PageRequest & { readonly type?: string }): Promise<Page<CredentialSummary>>;
  /** `data` is merged over the stored data (fields left out keep their value, so secrets need not be re-sent). */
  update(id: string, changes: { readonly name?: string; readonly data?: Record<string, unknown> }): Promise<CredentialSummary>;
  delete(id: string): Promise<boolean>;
  /** Runs the type's `test` with the stored data, or with `data` merged over it. */
  test(id: string, options: { readonly http: HttpClient; readonly signal?: AbortSignal; readonly data?: Record<string, unknown> }): Promise<CredentialTestResult>;
  /** The secret string values of decrypted data (for redaction): declared `secretFields`, else secret-looking names. */
  secretValues(type: string, data: Record<string, unknown>): readonly string[];
  readonly types: CredentialTypes;
}

const SECRET_NAME = /pass|secret|token|key|auth|signature|private|credential|cookie|session/i;
/** Values shorter than this are not redacted (they would blank out ordinary words and numbers). */
const MIN_SECRET_LENGTH = 4;

export function createCredentialService(deps: {
  readonly store: CredentialStore;
  readonly cipher: Cipher;
  readonly types: CredentialTypes;
  readonly now?: () => number;
}): CredentialService {
  const now = deps.now ?? Date.now;

  function validate(type: string, data: Record<string, unknown>): Record<string, unknown> {
    const definition = deps.types.get(type);
    if (definition === undefined) throw new CredentialError('UNKNOWN_TYPE', `unknown credential type "${type}"`);
    const parsed = definition.schema.safeParse(data);
    if (!parsed.success) {
      throw new CredentialError(
        'VALIDATION_FAILED',
        `credential data does not match type "${type}"`,
        parsed.error.issues.map((issue) => ({ path: ['data', ...issue.path.map(String)].join('.'), message: issue.message })),
      );
    }
    return parsed.data;
  }

  async function load(id: string): Promise<{ readonly summary: CredentialSummary; readonly data: Record<string, unknown> }> {
    const stored = await deps.store.get(id);
    if (stored === undefined) throw new CredentialError('NOT_FOUND', `credential "${id}" not found`);
    const decoded: unknown = JSON.parse(deps.cipher.decrypt(stored.encryptedData));
    const data = typeof decoded === 'object' && decoded !== null && !Array.isArray(decoded) ? { ...decoded } : {};
    const { encryptedData: _encrypted, ...summary } = stored;
    return { summary, data };
  }

  const service: CredentialService = {
    types: deps.types,
    async create(input) {
      const data = validate(input.type, input.data);
      const at = now();
      const summary: CredentialSummary = { id: randomUUID(), name: input.name, type: input.type, createdAt: at, updatedAt: at };
      await deps.store.create({ ...summary, encryptedData: deps.cipher.encrypt(JSON.stringify(data)) });
      return summary;
    },
    async get(id) {
      const stored = await deps.store.get(id);
      if (stored === undefined) return undefined;
      const { encryptedData: _encrypted, ...summary } = stored;
      return summary;
    },
    list: (page) => deps.store.list(page),
    async update(id, changes) {
      const current = await load(id);
      const at = now();
      const encryptedData =
        changes.data === undefined
          ? undefined
          : deps.cipher.encrypt(JSON.stringify(validate(current.summary.type, { ...current.data, ...changes.data })));
      await deps.store.update(id, {
        updatedAt: at,
        ...(changes.name !== undefined && { name: changes.name }),
        ...(encryptedData !== undefined && { encryptedData }),
      });
      return { ...current.summary, ...(changes.name !== undefined && { name: changes.name }), updatedAt: at };
    },
    delete: (id) => deps.store.delete(id),
    async test(id, options) {
      const current = await load(id);
      const definition = deps.types.get(current.summary.type);
      if (definition?.test === undefined) return { status: 'unsupported' };
      const data = validate(current.summary.type, { ...current.data, ...options.data });
      try {
        await definition.test(data, { http: options.http, signal: options.signal ?? new AbortController().signal });
        return { status: 'ok' };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { status: 'failed', message: redactAll(message, service.secretValues(current.summary.type, data)) };
      }
    },
    async resolve(request) {
      const current = await load(request.credentialId);
      if (current.summary.type !== request.type) {
        throw new CredentialError(
          'CREDENTIAL_TYPE_MISMATCH',
          `credential "${request.credentialId}" is of type "${current.summary.type}", node "${request.nodeId}" needs "${request.type}"`,
        );
      }
      return current.data;
    },
    secretValues(type, data) {
      const declared = deps.types.get(type)?.secretFields;
      const values: string[] = [];
      for (const [field, value] of Object.entries(data)) {
        const secret = declared !== undefined ? declared.includes(field) : SECRET_NAME.test(field);
        if (secret && typeof value === 'string' && value.length >= MIN_SECRET_LENGTH) values.push(value);
      }
      return values;
    },
  };
  return service;
}

/** Replaces every occurrence of each secret in `text` with `[redacted]`. */
export function redactAll(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (secret.length > 0 && result.includes(secret)) result = result.split(secret).join('[redacted]');
  return result;
}
