export { billbeeCredential } from './credential.js';
export { billbeeCredentialSchema, BILLBEE_URLS } from './schema.js';
export type { BillbeeCredentialData } from './schema.js';
export { billbeeUpdateStock } from './update-stock.js';
