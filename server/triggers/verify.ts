import type { WebhookSpec, WebhookVerdict } from '../../nodes/sdk/index.js';
import type { CredentialResolver } from '../engine/run-options.js';
import type { StoredWorkflow } from '../store/types.js';
import { ApiError } from '../http/errors.js';
import type { IncomingCall } from './signature.js';

/**
 * Runs a trigger's `WebhookSpec.verify` (when it has one) over the raw call. Credentials are read from the
 * trigger node's slots through `credentials`; a throw (no credential, unreadable data) becomes ApiError 500
 * `WEBHOOK_VERIFY_ERROR`, so a misconfigured trigger never starts a run.
 */
export async function verifyWebhookCall(
  target: { readonly workflow: StoredWorkflow; readonly nodeId: string; readonly spec: WebhookSpec },
  call: IncomingCall,
  credentials: CredentialResolver | undefined,
): Promise<WebhookVerdict> {
  const verify = target.spec.verify;
  if (verify === undefined) return { ok: true };
  const node = target.workflow.workflow.nodes.find((candidate) => candidate.id === target.nodeId);
  const tools = {
    credential: async (slot: string, type: string): Promise<Record<string, unknown>> => {
      const credentialId = node?.credentials?.[slot];
      if (credentialId === undefined || credentials === undefined) {
        throw new Error(`node "${target.nodeId}" needs a "${type}" credential in slot "${slot}"`);
      }
      return credentials.resolve({ credentialId, type, nodeId: target.nodeId });
    },
  };
  try {
    return await verify(call, tools);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ApiError(500, 'WEBHOOK_VERIFY_ERROR', `webhook could not be verified: ${message}`);
  }
}
