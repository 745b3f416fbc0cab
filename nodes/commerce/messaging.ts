import type { NodeDefinition } from '../sdk/index.js';
import { brevoSendEmail } from './brevo/index.js';
import { hubspotUpsertContacts } from './hubspot/index.js';

/** Commerce nodes of this area; see nodes/commerce/index.ts. */
export const messagingNodes: readonly NodeDefinition[] = [brevoSendEmail, hubspotUpsertContacts];
