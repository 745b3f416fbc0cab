import type { z } from 'zod';
import type { HttpClient } from './http-types.js';

export type LocalizedText = string | { readonly en: string; readonly de?: string };

/**
 * A credential type: the fields a user fills in (validated by `schema`), which of them are secret, and an
 * optional `test` that proves the credential works (the server's "test" action). Stored encrypted; node code
 * receives the parsed data through `ctx.credential(slot)`.
 */
export interface CredentialType<S extends z.ZodType<Record<string, unknown>> = z.ZodType<Record<string, unknown>>> {
  readonly type: string;
  readonly displayName: LocalizedText;
  readonly schema: S;
  /** Fields never shown again after saving. Defaults to every field whose name suggests a secret. */
  readonly secretFields?: readonly string[];
  readonly test?: (data: z.output<S>, tools: { readonly http: HttpClient; readonly signal: AbortSignal }) => Promise<void>;
}

export function defineCredentialType<S extends z.ZodType<Record<string, unknown>>>(definition: CredentialType<S>): CredentialType<S> {
  return definition;
}

/** A node's credential slots: slot name → the type it takes. */
export interface CredentialSlot<T extends CredentialType = CredentialType> {
  readonly type: T;
  readonly required?: boolean;
}

export type CredentialSlots = { readonly [slot: string]: CredentialSlot };

export type CredentialData<S extends CredentialSlot> = z.output<S['type']['schema']>;
