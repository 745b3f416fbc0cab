export { amazonCredential } from './credential.js';
export { amazonCredentialSchema, AMAZON_HOSTS, LWA_TOKEN_URL, MARKETPLACE_DE } from './schema.js';
export type { AmazonCredentialData } from './schema.js';
export { amazonUpdateQuantity } from './update-quantity.js';
