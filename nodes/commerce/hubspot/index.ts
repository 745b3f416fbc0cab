/** HubSpot CRM: contact batch upsert (`hubspot.upsertContacts`) and its credential type `hubspot`. */
export { hubspotUpsertContacts } from './upsert-contacts.js';
export { hubspotCredential, hubspotBaseUrl } from './credential.js';
export type { HubspotCredentialData } from './credential.js';
