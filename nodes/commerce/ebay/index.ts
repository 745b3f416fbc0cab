export { ebayCredential } from './credential.js';
export { ebayCredentialSchema, EBAY_URLS, EBAY_INVENTORY_SCOPE } from './schema.js';
export type { EbayCredentialData } from './schema.js';
export { ebayUpdateQuantity, EBAY_MAX_PER_REQUEST } from './update-quantity.js';
