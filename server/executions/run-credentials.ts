import type { CredentialResolver } from '../engine/run-options.js';
import type { CredentialService } from '../store/credentials/service.js';

/**
 * A run's credential resolver that notes the secret values it hands out, so the run's stored record (checkpoints,
 * errors) can be redacted: `secrets` grows as nodes resolve credentials.
 */
export function secretNotingResolver(credentials: CredentialService | undefined, secrets: string[]): CredentialResolver | undefined {
  if (credentials === undefined) return undefined;
  return {
    async resolve(request) {
      const data = await credentials.resolve(request);
      for (const value of credentials.secretValues(request.type, data)) if (!secrets.includes(value)) secrets.push(value);
      return data;
    },
  };
}
