export { plentyCredential } from './credential.js';
export { plentyCredentialSchema } from './schema.js';
export type { PlentyCredentialData } from './schema.js';
export { plentyCorrectStock, PLENTY_CORRECTION_REASONS } from './correct-stock.js';
